"""The filters readers and API callers narrow articles with, in one FilterSet.

The web search page (``/search/``) and the API both use ``ArticleFilter``;
the API adds ``status`` for editors. Every filter works on any QuerySet of
articles, so callers decide who sees what (``Article.objects.published()``).
"""

import django_filters
from django import forms
from django.db.models import Q

from articles.models import Article, ArticleAuthor, Author


class PageNumberFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 999)
        super().__init__(*args, **kwargs)


class ArticleFilter(django_filters.FilterSet):
    """Date range of the issue, column, author, series, kind, page number and words.

    The page number is ``page_number`` (版次), not ``page``: ``page`` is the
    results page of the paginator on the web and in the API.
    """

    date_after = django_filters.DateFilter(
        field_name="page__issue__date",
        lookup_expr="gte",
        label="起始日期",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_before = django_filters.DateFilter(
        field_name="page__issue__date",
        lookup_expr="lte",
        label="截止日期",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    column = django_filters.CharFilter(field_name="column__name", label="栏目")
    author = django_filters.CharFilter(method="filter_author", label="作者")
    series = django_filters.CharFilter(method="filter_series", label="系列报道")
    kind = django_filters.ChoiceFilter(choices=Article.Kind.choices, label="体裁")
    page_number = PageNumberFilter(field_name="page__number", label="版次")
    q = django_filters.CharFilter(method="filter_q", label="检索词")

    class Meta:
        model = Article
        fields = []

    def filter_author(self, queryset, name, value):
        credits = ArticleAuthor.objects.filter(author__name=Author.normalize_name(value))
        return queryset.filter(pk__in=credits.values("article_id"))

    def filter_series(self, queryset, name, value):
        return queryset.filter(Q(series__name=value) | Q(series__slug=value))

    def filter_q(self, queryset, name, value):
        from articles.search import search_articles

        return search_articles(value, queryset=queryset)
