"""The newsroom's own words for the segmenter (词典词), kept by editors in the admin."""

from django.db import models


class SearchWord(models.Model):
    word = models.CharField("词语", max_length=30, unique=True)
    note = models.CharField("说明", max_length=100, blank=True)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        app_label = "articles"
        verbose_name = "词典词"
        verbose_name_plural = "词典词"
        ordering = ["word"]

    def __str__(self):
        return self.word


class SearchDocument(models.Model):
    """An article as the search index has it (table kept by ``articles.search.backends``).

    Not managed by migrations' schema operations: each backend creates the table
    with its own columns (PostgreSQL adds the ``tsvector``). The model exists so
    that QuerySets of articles can join it and order by ``sort_key``.
    """

    sort_key = models.BigIntegerField("排序键", primary_key=True)
    article = models.OneToOneField(
        "articles.Article",
        models.DO_NOTHING,
        db_constraint=False,
        related_name="search_document",
        verbose_name="文章",
    )
    title = models.TextField("标题文本")
    body = models.TextField("正文文本")
    # Whole-word tokens for ranking (a tsvector on PostgreSQL); see ``text.words``.
    words = models.TextField("词语")

    class Meta:
        app_label = "articles"
        managed = False
        db_table = "articles_search_document"
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"
        ordering = ["-sort_key"]

    def __str__(self):
        return self.title[:30]
