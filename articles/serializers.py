"""How the archive looks over the API.

Read serializers expect the querysets built in ``articles.api`` (related rows
selected or prefetched there), so a list page costs the same few queries
whatever its size. ``ArticleWriteSerializer`` is what editors send.
"""

import datetime
import hashlib

from django.db import models, transaction
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.text import slugify
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles import cache
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleKeyword,
    Author,
    Column,
    Issue,
    Keyword,
    Page,
    Photo,
    Series,
)
from articles.permissions import sees_unpublished


class StrictCharField(serializers.CharField):
    """Text must arrive as a JSON string: ``0`` is not the name ``"0"``.

    Surrounding whitespace is trimmed, but text that is nothing but
    whitespace is kept as sent rather than refused as blank: the schema
    promises that any non-empty string is accepted.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        value = super().to_internal_value(data)
        return value.strip() or value


class StrictIntegerField(serializers.IntegerField):
    """Numbers must arrive as JSON integers, not ``"5"``, ``5.0`` or ``true``."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class Rfc3339DateTimeField(serializers.DateTimeField):
    """Beijing time, except where the zone's offset had seconds (LMT, before 1901): UTC then.

    ``+08:05:43`` is not a valid RFC 3339 offset, and the schema promises one.
    """

    def to_representation(self, value):
        if value and self.enforce_timezone(value).utcoffset().seconds % 60:
            return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
        return super().to_representation(value)


class StrictModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer that takes JSON types at their word, as the schema states them."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.SlugField: StrictCharField,
        models.IntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.DateTimeField: Rfc3339DateTimeField,
    }
    serializer_related_field = StrictPrimaryKeyField


def absolute(request, url):
    return request.build_absolute_uri(url) if request and url else url


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class WebUrlField(serializers.Field):
    """The reader's page for this object (``get_absolute_url()``), as an absolute URL.

    ``null`` when the object has no page of its own (a column whose name
    has no letters to make a slug from, say): a read must not fail on it.
    """

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        try:
            return absolute(self.context.get("request"), value.get_absolute_url())
        except NoReverseMatch:
            return None


class ColumnSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:column-detail")
    web_url = WebUrlField()
    # Made from the name (Chinese included); a plain string, not an ASCII slug.
    slug = serializers.CharField(read_only=True)
    article_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Column
        fields = ["id", "url", "web_url", "name", "slug", "description", "article_count"]

    def create(self, validated_data):
        validated_data["slug"] = self.free_slug(validated_data["name"])
        return super().create(validated_data)

    def free_slug(self, name):
        """``slugify(name)``, or a digest when the name has no letters, made unique."""
        base = slugify(name, allow_unicode=True)[:40]
        if not base:
            base = hashlib.sha256(name.encode()).hexdigest()[:12]
        slug, n = base, 1
        while self.Meta.model.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug


class SeriesSerializer(ColumnSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:series-detail")

    class Meta(ColumnSerializer.Meta):
        model = Series


class AuthorSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:author-detail")
    web_url = WebUrlField()
    article_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Author
        fields = ["id", "url", "web_url", "name", "article_count"]


class KeywordSerializer(AuthorSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:keyword-detail")

    class Meta(AuthorSerializer.Meta):
        model = Keyword


class NamedRefSerializer(serializers.Serializer):
    """A column or series as an article mentions it."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class CreditSerializer(StrictModelSerializer):
    id = serializers.IntegerField(source="author.id")
    name = serializers.CharField(source="author.name")

    class Meta:
        model = ArticleAuthor
        fields = ["id", "name", "role", "order"]


class ArticleKeywordSerializer(StrictModelSerializer):
    name = serializers.CharField(source="keyword.name")

    class Meta:
        model = ArticleKeyword
        fields = ["name", "weight"]


class PhotoSerializer(StrictModelSerializer):
    image = serializers.SerializerMethodField()
    renditions = serializers.SerializerMethodField()

    class Meta:
        model = Photo
        fields = ["id", "image", "caption", "credit", "order", "width", "height", "renditions"]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_image(self, photo):
        return absolute(self.context.get("request"), photo.image.url) if photo.image else None

    @extend_schema_field(
        {
            "type": "object",
            "description": "Resized copies, keyed by width in pixels.",
            "additionalProperties": {"type": "string", "format": "uri"},
        }
    )
    def get_renditions(self, photo):
        request = self.context.get("request")
        urls = photo.rendition_urls().items()
        # A width without a URL could not be made (the file is missing or unreadable).
        return {str(width): absolute(request, url) for width, url in urls if url}


class PageRefSerializer(StrictModelSerializer):
    issue_date = serializers.DateField(source="issue.date")
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Page
        fields = ["id", "issue_date", "number", "name", "label"]


class ArticleSummarySerializer(StrictModelSerializer):
    """An article as a page lists it: enough to show the page's table of contents."""

    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail")
    web_url = WebUrlField()
    display_headline = serializers.CharField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "web_url",
            "order",
            "overline",
            "headline",
            "subheadline",
            "display_headline",
            "kind",
        ]


class ArticleListSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail")
    web_url = WebUrlField()
    display_headline = serializers.CharField(read_only=True)
    page = PageRefSerializer(read_only=True, allow_null=True)
    column = NamedRefSerializer(read_only=True, allow_null=True)
    series = NamedRefSerializer(read_only=True, allow_null=True)
    authors = CreditSerializer(source="credits", many=True, read_only=True)
    keywords = ArticleKeywordSerializer(source="articlekeyword_set", many=True, read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "web_url",
            "page",
            "order",
            "overline",
            "headline",
            "subheadline",
            "display_headline",
            "kind",
            "column",
            "series",
            "installment",
            "authors",
            "dateline",
            "keywords",
            "photos",
            "status",
            "published_at",
            "updated_at",
        ]


class BodyBlockSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["paragraph", "subhead"])
    text = serializers.CharField()


class ArticleDetailSerializer(ArticleListSerializer):
    body_blocks = BodyBlockSerializer(many=True, read_only=True)

    class Meta(ArticleListSerializer.Meta):
        fields = [
            *ArticleListSerializer.Meta.fields,
            "editor_note",
            "body",
            "body_blocks",
            "jump_to_page",
            "jump_from_page",
            "continuation",
        ]

    def to_representation(self, article):
        data = super().to_representation(article)
        if data.get("continuation") is not None and not self._may_read(article.continuation_id):
            data["continuation"] = None  # the rest of the text is still a draft
        return data

    def _may_read(self, pk):
        request = self.context.get("request")
        if request is not None and sees_unpublished(request.user, Article):
            return True
        return cache.readable().filter(pk=pk).exists()


class PageSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:page-detail")
    web_url = WebUrlField()
    label = serializers.CharField(read_only=True)
    issue = serializers.HyperlinkedRelatedField(view_name="api:issue-detail", read_only=True)
    issue_date = serializers.DateField(source="issue.date", read_only=True)
    scan = serializers.SerializerMethodField()
    scan_thumbnail = serializers.SerializerMethodField()
    # Filled by the view with the articles this caller may see, in printed order.
    articles = ArticleSummarySerializer(source="visible_articles", many=True, read_only=True)

    class Meta:
        model = Page
        fields = [
            "id",
            "url",
            "web_url",
            "issue",
            "issue_date",
            "number",
            "name",
            "label",
            "scan",
            "scan_thumbnail",
            "articles",
        ]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_scan(self, page):
        return absolute(self.context.get("request"), page.scan.url) if page.scan else None

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_scan_thumbnail(self, page):
        thumbnail = page.scan_thumbnail
        return absolute(self.context.get("request"), thumbnail.url) if thumbnail else None


class IssuePageSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:page-detail")
    web_url = WebUrlField()
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Page
        fields = ["id", "url", "web_url", "number", "name", "label"]


class IssueSerializer(StrictModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:issue-detail")
    web_url = WebUrlField()
    pages = IssuePageSerializer(many=True, read_only=True)

    class Meta:
        model = Issue
        fields = ["id", "url", "web_url", "date", "number", "total_number", "pages"]


class CreditInputSerializer(serializers.Serializer):
    name = StrictCharField(max_length=50)
    role = serializers.ChoiceField(choices=ArticleAuthor.Role.choices, default="writer")


class ArticleWriteSerializer(StrictModelSerializer):
    """What an editor sends to create or update an article.

    ``authors`` and ``keywords`` are given by name and replace the existing
    ones when present; authors are matched however their names are spaced.
    """

    authors = CreditInputSerializer(many=True, required=False)
    keywords = serializers.ListField(
        child=StrictCharField(max_length=30), required=False, max_length=50
    )

    class Meta:
        model = Article
        fields = [
            "page",
            "order",
            "overline",
            "headline",
            "subheadline",
            "kind",
            "column",
            "series",
            "installment",
            "dateline",
            "editor_note",
            "body",
            "status",
            "published_at",
            "jump_to_page",
            "jump_from_page",
            "authors",
            "keywords",
        ]

    def validate_authors(self, credits):
        """Names normalised as Author does (``孙 权`` is ``孙权``); blank names dropped."""
        seen, kept = set(), []
        for credit in credits:
            if "name" not in credit:  # a PATCH does not enforce the nested required field
                raise serializers.ValidationError("Each author needs a name.")
            name = Author.normalize_name(credit["name"])
            role = credit.get("role", ArticleAuthor.Role.WRITER)
            if name and (name, role) not in seen:
                seen.add((name, role))
                kept.append({"name": name, "role": role})
        return kept

    def validate_keywords(self, names):
        return list(dict.fromkeys(name.strip() for name in names if name.strip()))

    def validate(self, attrs):
        """Published without a publish time means published now, as ``Article.publish()`` does.

        Otherwise the article would be marked published and never shown.
        """
        status = attrs.get("status", getattr(self.instance, "status", None))
        if "published_at" in attrs:
            published_at = attrs["published_at"]
        else:
            published_at = getattr(self.instance, "published_at", None)
        if status == Article.Status.PUBLISHED and published_at is None:
            attrs["published_at"] = timezone.now()
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        credits = validated_data.pop("authors", [])
        keywords = validated_data.pop("keywords", [])
        article = super().create(validated_data)
        self._set_credits(article, credits)
        self._set_keywords(article, keywords)
        return article

    @transaction.atomic
    def update(self, article, validated_data):
        credits = validated_data.pop("authors", None)
        keywords = validated_data.pop("keywords", None)
        article = super().update(article, validated_data)
        if credits is not None:
            article.credits.all().delete()
            self._set_credits(article, credits)
        if keywords is not None:
            article.articlekeyword_set.all().delete()
            self._set_keywords(article, keywords)
        return article

    def _set_credits(self, article, credits):
        for order, credit in enumerate(credits):
            author, _ = Author.objects.get_or_create_by_name(credit["name"])
            ArticleAuthor.objects.create(
                article=article, author=author, role=credit["role"], order=order
            )

    def _set_keywords(self, article, names):
        for name in names:
            keyword, _ = Keyword.objects.get_or_create(name=name)
            ArticleKeyword.objects.create(article=article, keyword=keyword)
