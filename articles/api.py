"""The archive over HTTP: read endpoints for everyone, writes for editors.

Every queryset starts from what the caller may see: ``articles.cache.readable()``
for anonymous readers and reporters (the web's own definition: published, due,
and in a published issue), everything for holders of the model's view or
change permission (``articles.permissions.sees_unpublished``). Issues and pages
exist for readers only when they hold a readable article. Nested lists (a
page's articles, an issue's pages), counts and search are built from the same
querysets, so a draft cannot leak through any of them.
"""

import hashlib
import json

import django_filters
from django import forms
from django.db.models import Count, Prefetch, Q
from django.utils.cache import get_conditional_response, patch_vary_headers
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from articles import cache, serializers
from articles.api_support import MAX_INT, StrictFilterBackend, StrictOrderingFilter
from articles.filters import ArticleFilter, PageNumberFilter
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleKeyword,
    Author,
    Column,
    Issue,
    Keyword,
    Page,
    Series,
)
from articles.permissions import CanPublish, may_publish, sees_unpublished
from articles.search import search_articles
from articles.search.query import ORDERS


def visible_articles(request):
    """The articles this caller may read: all of them for editors, else what the web shows."""
    if sees_unpublished(request.user, Article):
        return Article.objects.all()
    return cache.readable()


def visible_issues(request):
    """Issues for editors; for readers, published issues with a readable article (as the web)."""
    if sees_unpublished(request.user, Issue):
        return Issue.objects.all()
    return Issue.objects.filter(is_published=True, pk__in=cache.readable().values("page__issue_id"))


def visible_pages(request):
    """Pages for editors; for readers, pages holding at least one readable article."""
    if sees_unpublished(request.user, Issue):
        return Page.objects.all()
    return Page.objects.filter(issue__is_published=True, pk__in=cache.readable().values("page_id"))


def with_article_relations(articles):
    """Everything the article serializers read, in a fixed number of queries."""
    return articles.select_related("page__issue", "column", "series").prefetch_related(
        Prefetch("credits", queryset=ArticleAuthor.objects.select_related("author")),
        Prefetch("articlekeyword_set", queryset=ArticleKeyword.objects.select_related("keyword")),
        "photos",
    )


# --- filters ------------------------------------------------------------------------------------


def bounded_integer(low, high):
    """Tell the schema the range a filter's ``forms.IntegerField`` accepts."""
    return extend_schema_field({"type": "integer", "minimum": low, "maximum": high})


@bounded_integer(1, MAX_INT)
class IssueFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_INT, **kwargs)


class ApiArticleFilter(ArticleFilter):
    """The reader's filters, plus the issue's id and (useful to editors only) the status."""

    page_number = bounded_integer(1, 999)(
        PageNumberFilter(field_name="page__number", label="Page number (版次)")
    )
    issue = IssueFilter(field_name="page__issue_id", label="Issue id")
    # Anonymous callers may send it too: their queryset holds published articles only.
    status = django_filters.ChoiceFilter(choices=Article.Status.choices, label="Status")


class SearchFilter(ApiArticleFilter):
    q = extend_schema_field({"type": "string", "minLength": 1})(
        # Not stripped: words made only of blanks find nothing rather than fail.
        django_filters.CharFilter(
            method="filter_q", required=True, strip=False, label="Words to search for"
        )
    )
    order = extend_schema_field({"type": "string", "enum": list(ORDERS)})(
        django_filters.ChoiceFilter(
            choices=[(order, order) for order in ORDERS], method="keep", label="Result order"
        )
    )

    def keep(self, queryset, name, value):
        return queryset  # read by filter_q

    def filter_q(self, queryset, name, value):
        order = self.form.cleaned_data.get("order") or "relevance"
        return search_articles(value, queryset=queryset, order=order)


# --- views --------------------------------------------------------------------------------------


class VaryOnCredentials:
    """What a response holds depends on who asks: caches must key it on the credentials."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Authorization", "Cookie"))
        return response


class ConditionalRetrieveMixin:
    """Detail views answer ``If-None-Match`` with 304.

    The ETag hashes the representation this caller gets, so an editor's view
    of an article and a reader's never share a tag, and a change to anything
    shown (an author's name, a page's name, a photo) changes it. There is no
    ``Last-Modified``: no single timestamp covers the related rows shown.
    """

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        data = self.get_serializer(instance).data
        body = json.dumps(data, cls=JSONEncoder, sort_keys=True, ensure_ascii=False)
        etag = f'"{hashlib.sha256(body.encode()).hexdigest()[:32]}"'
        response = Response(data, headers={"ETag": etag})
        return get_conditional_response(request._request, etag=etag, response=response)


class ArchiveViewSet(VaryOnCredentials, ConditionalRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    filter_backends = [StrictOrderingFilter]
    ordering_fields = {"id": "pk"}


class IssueViewSet(ArchiveViewSet):
    """期: one day's paper, with its pages."""

    serializer_class = serializers.IssueSerializer
    ordering_fields = {"date": "date", "number": "number", "id": "pk"}

    def get_queryset(self):
        pages = visible_pages(self.request).order_by("number")
        return visible_issues(self.request).prefetch_related(Prefetch("pages", queryset=pages))


class PageViewSet(ArchiveViewSet):
    """版: a printed page, with the articles on it in printed order."""

    serializer_class = serializers.PageSerializer
    ordering_fields = {"date": "issue__date", "number": "number", "id": "pk"}

    def get_queryset(self):
        articles = visible_articles(self.request).order_by("order", "pk")
        return (
            visible_pages(self.request)
            .select_related("issue")
            .prefetch_related(Prefetch("articles", queryset=articles, to_attr="visible_articles"))
            .order_by("-issue__date", "number")
        )


class CountedViewSet(ArchiveViewSet):
    """Columns, series, authors, keywords: each with its count of visible articles.

    Anonymous callers only see the ones with at least one published article,
    so a name that appears only on a draft stays unpublished too.
    """

    model = None

    def get_queryset(self):
        queryset = self.counted()
        if not sees_unpublished(self.request.user, Article):
            queryset = queryset.filter(article_count__gt=0)
        return queryset.order_by("name", "pk")

    def counted(self):
        articles = visible_articles(self.request).values("pk")
        return self.model.objects.annotate(
            article_count=Count("articles", filter=Q(articles__in=articles), distinct=True)
        )


class ColumnViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, CountedViewSet):
    """栏目: named recurring columns such as 平城新语."""

    model = Column
    serializer_class = serializers.ColumnSerializer
    ordering_fields = {"name": "name", "article_count": "article_count", "id": "pk"}

    def perform_create(self, serializer):
        # Re-read to carry the article count, which a fresh row does not have.
        serializer.instance = self.counted().get(pk=serializer.save().pk)

    def perform_update(self, serializer):
        serializer.instance = self.counted().get(pk=serializer.save().pk)


class SeriesViewSet(ColumnViewSet):
    """系列报道: numbered series of reports."""

    model = Series
    serializer_class = serializers.SeriesSerializer


class AuthorViewSet(CountedViewSet):
    """作者: one row per real person, however the byline spaced the name."""

    model = Author
    serializer_class = serializers.AuthorSerializer
    ordering_fields = {"name": "name", "article_count": "article_count", "id": "pk"}


class KeywordViewSet(CountedViewSet):
    """关键词."""

    model = Keyword
    serializer_class = serializers.KeywordSerializer
    ordering_fields = {"name": "name", "article_count": "article_count", "id": "pk"}


@extend_schema_view(
    create=extend_schema(responses={201: serializers.ArticleDetailSerializer}),
    update=extend_schema(responses=serializers.ArticleDetailSerializer),
    partial_update=extend_schema(responses=serializers.ArticleDetailSerializer),
)
class ArticleViewSet(VaryOnCredentials, ConditionalRetrieveMixin, viewsets.ModelViewSet):
    """文章: published articles for everyone; editors see and change all of them."""

    filter_backends = [StrictFilterBackend, StrictOrderingFilter]
    filterset_class = ApiArticleFilter
    ordering_fields = {
        "published_at": "published_at",
        "date": "page__issue__date",
        "page": "page__number",
        "order": "order",
        "updated_at": "updated_at",
        "id": "pk",
    }

    def get_queryset(self):
        return with_article_relations(visible_articles(self.request)).order_by(
            "-published_at", "page__number", "order", "pk"
        )

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.ArticleListSerializer
        if self.action in {"create", "update", "partial_update"}:
            return serializers.ArticleWriteSerializer
        return serializers.ArticleDetailSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not may_publish(request.user, Article):
            serializer.validated_data["status"] = Article.Status.DRAFT
            serializer.validated_data.pop("published_at", None)
        article = serializer.save()
        return Response(self._detail(article), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return Response(self._detail(serializer.save()))

    @extend_schema(request=None, responses=serializers.ArticleDetailSerializer)
    @action(detail=True, methods=["post"], permission_classes=[CanPublish])
    def publish(self, request, pk=None):
        """Publish now, or at the publish time already set."""
        article = self.get_object()
        article.publish()
        article.save()
        return Response(self._detail(article))

    def _detail(self, article):
        article = with_article_relations(Article.objects.all()).get(pk=article.pk)
        context = self.get_serializer_context()
        return serializers.ArticleDetailSerializer(article, context=context).data


class SearchViewSet(VaryOnCredentials, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Search the articles this caller may read: the web search, over JSON.

    ``order`` picks the web's result orders; ``ordering``, when given, replaces it.
    """

    serializer_class = serializers.ArticleListSerializer
    filter_backends = [StrictFilterBackend, StrictOrderingFilter]
    filterset_class = SearchFilter
    ordering_fields = {
        "published_at": "published_at",
        "date": "page__issue__date",
        "page": "page__number",
        "id": "pk",
    }

    def get_queryset(self):
        return with_article_relations(visible_articles(self.request)).order_by(
            "-published_at", "pk"
        )
