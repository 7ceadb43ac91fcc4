"""/search/: ``search_articles`` over readable articles, narrowed by ``ArticleFilter``."""

import hashlib
import json

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles import cache
from articles.filters import ArticleFilter
from articles.search import has_hit, search_articles, snippet
from articles.views.listings import paginate

QUERY_MAX = 100
# Parameters of the search itself; every other one is a filter (ArticleFilter).
NOT_FILTERS = ("q", "page", "hl")
# A scheduled article falling due changes the hits without a save: a total is
# kept at most this long.
TOTAL_SECONDS = 60


@require_GET
def search(request):
    """Search results with the shared filters; each hit links back with ``?hl=``."""
    query = " ".join(request.GET.get("q", "").replace("\x00", " ").split())[:QUERY_MAX]
    articles, form, error = _filtered(request)
    searched = bool(query) or form.has_changed()
    context = {"query": query, "hl": query, "form": form, "error": error, "searched": searched}
    context["canonical_path"] = reverse("articles:search")
    if searched and not error:
        if query:
            articles = search_articles(query, queryset=articles, order="relevance")
        articles = articles.select_related("page__issue", "column", "series").prefetch_related(
            cache.credits(), "photos"
        )
        page_obj = paginate(request, articles, count=_total(request, query, articles))
        for article in page_obj.object_list:
            article.search_snippet = _snippet(article, query)
        context.update(page_obj=page_obj, articles=page_obj.object_list)
        context["query_string"] = _query_string(request)
    return render(request, "articles/search.html", context)


def _filtered(request):
    """Narrow readable articles with ``ArticleFilter`` (dates, column, author, kind...)."""
    articles = cache.readable().order_by("-published_at", "-pk")
    params = request.GET.copy()
    for name in NOT_FILTERS:
        params.pop(name, None)
    filterset = ArticleFilter(params, queryset=articles, request=request)
    if not filterset.is_valid():
        return articles.none(), filterset.form, "筛选条件有误，请检查后重试。"
    return filterset.qs, filterset.form, ""


def _total(request, query, articles):
    """How many articles the search finds, counted once per generation of the content
    (``cache.remember``): the next pages, and the next reader asking the same, reuse
    it. Counting every hit of a common word is the slow part of a search (PostgreSQL,
    100,000 articles: about 0.6 s for 城)."""
    filters = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name not in NOT_FILTERS
        for value in values
    )
    key = hashlib.sha256(json.dumps([query, filters], ensure_ascii=False).encode()).hexdigest()
    return cache.remember(f"search-total:{key}", articles.count, timeout=TOTAL_SECONDS)


def _snippet(article, query):
    """Around the first hit in the body, else in the subheadline, overline or a caption.

    A hit only in the headline shows the body's opening: the headline is marked already.
    """
    body = " ".join(block["text"] for block in article.body_blocks())
    captions = [photo.caption for photo in article.photos.all()]
    for value in (body, article.subheadline, article.overline, *captions):
        if has_hit(value, query):
            return snippet(value, query, width=80)
    return snippet(body, query, width=80)


def _query_string(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
