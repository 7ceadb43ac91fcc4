"""The newspaper as data: issues, their pages, and the articles printed on them."""

import unicodedata

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from articles import images


class Issue(models.Model):
    date = models.DateField("出版日期", unique=True)
    number = models.PositiveIntegerField("期号")
    total_number = models.PositiveIntegerField("总期号", null=True, blank=True)
    is_published = models.BooleanField("已出版", default=True)

    class Meta:
        verbose_name = "期"
        verbose_name_plural = "期"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} 第{self.number}期"

    def get_absolute_url(self):
        return reverse("articles:issue", kwargs={"date": self.date.isoformat()})


class Page(models.Model):
    issue = models.ForeignKey(Issue, models.CASCADE, related_name="pages", verbose_name="期")
    number = models.PositiveSmallIntegerField("版次")
    name = models.CharField("版名", max_length=50, blank=True)
    source_text = models.TextField("原始文本", blank=True)
    leftover = models.TextField(
        "未归入文章的文本", blank=True, help_text="导入时未能归入任何文章的文本，每块一行。"
    )
    source_file = models.CharField("来源文件", max_length=255, blank=True)
    source_sha256 = models.CharField("来源文件 SHA-256", max_length=64, blank=True)
    scan = models.ImageField("版面图", upload_to="pages/%Y/%m/", blank=True, null=True)
    scan_thumbnail = models.ImageField(
        "版面缩略图", upload_to="pages/thumbs/%Y/%m/", blank=True, null=True, editable=False
    )

    class Meta:
        verbose_name = "版面"
        verbose_name_plural = "版面"
        ordering = ["issue__date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "number"], name="unique_page_number_per_issue")
        ]

    def __str__(self):
        return f"{self.issue.date:%Y-%m-%d} {self.label}"

    def save(self, *args, **kwargs):
        if self._scan_changed():
            self.scan_thumbnail = images.thumbnail(self.scan) if self.scan else None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "articles:page", kwargs={"date": self.issue.date.isoformat(), "number": self.number}
        )

    @property
    def label(self):
        """How the paper names its pages: ``第01版：平城头条``."""
        return f"第{self.number:02d}版：{self.name}" if self.name else f"第{self.number:02d}版"

    def _scan_changed(self):
        if not self.scan:
            return bool(self.scan_thumbnail)
        if not self.scan_thumbnail:
            return True
        stored = Page.objects.filter(pk=self.pk).values_list("scan", flat=True).first()
        return stored != self.scan.name


class Column(models.Model):
    name = models.CharField("栏目名", max_length=50, unique=True)
    slug = models.SlugField("网址名", max_length=50, unique=True, allow_unicode=True, blank=True)
    description = models.TextField("简介", blank=True)

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:column", kwargs={"slug": self.slug})


class Series(models.Model):
    name = models.CharField("系列名", max_length=100, unique=True)
    slug = models.SlugField("网址名", max_length=100, unique=True, allow_unicode=True, blank=True)
    description = models.TextField("简介", blank=True)

    class Meta:
        verbose_name = "系列报道"
        verbose_name_plural = "系列报道"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:series", kwargs={"slug": self.slug})


class AuthorManager(models.Manager):
    def get_or_create_by_name(self, name):
        """The one author row for ``name``, however it was spaced: ``孙 权`` is ``孙权``."""
        return self.get_or_create(name=Author.normalize_name(name))


class Author(models.Model):
    name = models.CharField("姓名", max_length=50, unique=True)

    objects = AuthorManager()

    class Meta:
        verbose_name = "作者"
        verbose_name_plural = "作者"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = self.normalize_name(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"pk": self.pk})

    @staticmethod
    def normalize_name(name):
        """Bylines space short names for layout (``孙 权``); the person is ``孙权``."""
        return "".join(unicodedata.normalize("NFKC", name).split())


class Keyword(models.Model):
    name = models.CharField("关键词", max_length=30, unique=True)

    class Meta:
        verbose_name = "关键词"
        verbose_name_plural = "关键词"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:keyword", kwargs={"name": self.name})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What a reader may see: published, with a publish time that has come.

        An article marked published but without ``published_at`` stays hidden;
        the admin's publish action fills the time in.
        """
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def on_page(self, page):
        return self.filter(page=page).order_by("order")

    def in_column(self, column):
        return self.filter(column=column)

    def needing_review(self):
        return self.filter(needs_review=True)

    def with_related(self):
        return self.select_related("page__issue", "column", "series").prefetch_related(
            "credits__author", "keywords", "photos"
        )


class Article(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", "消息"
        COMMENTARY = "commentary", "评论"
        INTERVIEW = "interview", "访谈"
        FEATURE = "feature", "通讯"
        PHOTO = "photo", "图片新闻"
        BRIEF = "brief", "简讯"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEW = "review", "待审"
        PUBLISHED = "published", "已发布"

    page = models.ForeignKey(
        Page,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name="版面",
        help_text="网络独发的文章可不填。",
    )
    order = models.PositiveSmallIntegerField("版内顺序", default=0)
    overline = models.CharField("引题", max_length=200, blank=True)
    headline = models.CharField("主标题", max_length=200, blank=True)
    subheadline = models.CharField("副题", max_length=200, blank=True)
    kind = models.CharField("体裁", max_length=20, choices=Kind.choices, default=Kind.NEWS)
    column = models.ForeignKey(
        Column,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name="栏目",
    )
    series = models.ForeignKey(
        Series,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name="系列报道",
    )
    installment = models.PositiveSmallIntegerField("期数(第几篇)", null=True, blank=True)
    dateline = models.CharField("电头", max_length=100, blank=True)
    editor_note = models.TextField("编者按", blank=True)
    body = models.TextField("正文", blank=True, help_text="每段一行；以“## ”开头的行是小标题。")
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    review_reasons = models.JSONField("待审原因", default=list, blank=True)
    # Serves needing_review(): the editors' work queue.
    needs_review = models.BooleanField("需要审核", default=False, db_index=True, editable=False)
    jump_to_page = models.PositiveSmallIntegerField("下转第N版", null=True, blank=True)
    jump_from_page = models.PositiveSmallIntegerField("上接第N版", null=True, blank=True)
    continuation = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_from",
        verbose_name="续文",
    )
    import_snapshot = models.JSONField("导入快照", default=dict, blank=True, editable=False)
    authors = models.ManyToManyField(
        Author, through="ArticleAuthor", related_name="articles", verbose_name="作者"
    )
    keywords = models.ManyToManyField(
        Keyword,
        through="ArticleKeyword",
        related_name="articles",
        blank=True,
        verbose_name="关键词",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        ordering = ["-published_at", "order"]
        indexes = [
            # published(): status filter, newest first.
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            # on_page(page): the articles of one page in printed order.
            models.Index(fields=["page", "order"], name="article_page_order"),
            # in_column(column).published(): a column's archive, newest first.
            models.Index(fields=["column", "-published_at"], name="article_column_published"),
        ]

    def __str__(self):
        return self.display_headline

    def save(self, *args, **kwargs):
        self.needs_review = bool(self.review_reasons)
        # The search index is written by post_save: row and index commit together.
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"pk": self.pk})

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            return super().delete(*args, **kwargs)

    @property
    def display_headline(self):
        return self.headline or "（无标题）"

    def body_blocks(self):
        """The body as blocks: ``[{"type": "subhead"|"paragraph", "text": ...}]``."""
        blocks = []
        for line in self.body.splitlines():
            text = line.strip()
            if text.startswith("## "):
                blocks.append({"type": "subhead", "text": text[3:].strip()})
            elif text:
                blocks.append({"type": "paragraph", "text": text})
        return blocks

    def byline_authors(self):
        """The writers, in byline order (uses prefetched credits when present)."""
        credits = sorted(self.credits.all(), key=lambda credit: credit.order)
        return [c.author for c in credits if c.role == ArticleAuthor.Role.WRITER]

    def publish(self, when=None):
        """Mark published; keeps an existing publish time (scheduled or earlier)."""
        self.status = self.Status.PUBLISHED
        if self.published_at is None:
            self.published_at = when or timezone.now()


class ArticleAuthor(models.Model):
    class Role(models.TextChoices):
        WRITER = "writer", "记者/作者"
        PHOTOGRAPHER = "photographer", "摄影"
        CORRESPONDENT = "correspondent", "通讯员"
        INTERN = "intern", "实习生"

    article = models.ForeignKey(
        Article, models.CASCADE, related_name="credits", verbose_name="文章"
    )
    author = models.ForeignKey(Author, models.CASCADE, related_name="credits", verbose_name="作者")
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.WRITER)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "署名"
        verbose_name_plural = "署名"
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author", "role"], name="unique_credit_per_role"
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.author}"


class ArticleKeyword(models.Model):
    article = models.ForeignKey(Article, models.CASCADE, verbose_name="文章")
    keyword = models.ForeignKey(Keyword, models.CASCADE, verbose_name="关键词")
    weight = models.FloatField("权重", default=1.0)

    class Meta:
        verbose_name = "文章关键词"
        verbose_name_plural = "文章关键词"
        ordering = ["-weight"]
        constraints = [
            models.UniqueConstraint(fields=["article", "keyword"], name="unique_article_keyword")
        ]

    def __str__(self):
        return f"{self.keyword} ({self.weight:.2f})"


class Withdrawal(models.Model):
    """撤稿: an imported article an editor deleted.

    A later import of its page does not bring it back; ``import_seeds --force``
    does, and so does the next import of the page once this record is deleted.
    The importer's own deletions (an article gone from the file) leave none.
    """

    page = models.ForeignKey(Page, models.CASCADE, related_name="withdrawals", verbose_name="版面")
    headline = models.CharField("导入时的标题", max_length=200, blank=True)
    body = models.TextField("导入时的正文", blank=True)
    withdrawn_at = models.DateTimeField("撤稿时间", auto_now_add=True)

    class Meta:
        verbose_name = "撤稿记录"
        verbose_name_plural = "撤稿记录"
        ordering = ["-withdrawn_at", "-pk"]

    def __str__(self):
        return self.headline or "（无标题）"


class Photo(models.Model):
    RENDITION_WIDTHS = (320, 640, 1280)

    article = models.ForeignKey(Article, models.CASCADE, related_name="photos", verbose_name="文章")
    image = models.ImageField(
        "图片",
        upload_to="photos/%Y/%m/",
        blank=True,
        null=True,
        width_field="width",
        height_field="height",
    )
    caption = models.TextField("图片说明", blank=True)
    credit = models.CharField("图片署名", max_length=100, blank=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    width = models.PositiveIntegerField("宽度", null=True, blank=True, editable=False)
    height = models.PositiveIntegerField("高度", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "图片"
        verbose_name_plural = "图片"
        ordering = ["order"]

    def __str__(self):
        return self.caption[:30] or f"图片 {self.pk}"

    def save(self, *args, **kwargs):
        # With null=True a new Photo starts with image=None, and Django then skips
        # filling width/height on assignment; fill them here.
        if self.image and not self.width:
            self._meta.get_field("image").update_dimension_fields(self, force=True)
        # The caption is indexed by post_save: row and index commit together.
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            return super().delete(*args, **kwargs)

    def rendition_urls(self):
        """``{320: url, 640: url, 1280: url}``; empty when there is no image file."""
        if not self.image:
            return {}
        return {width: images.rendition(self.image, width) for width in self.RENDITION_WIDTHS}


# The search index's models live with the search code; imported here so Django
# registers them with the app's other models (reverse relations need that).
from articles.search.models import SearchDocument, SearchWord  # noqa: E402, F401
