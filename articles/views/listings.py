"""Archives of a column, a series, an author and a keyword, newest first and paginated."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles import cache
from articles.models import ArticleAuthor, Author, Column, Keyword, Series

PER_PAGE = 20


@require_GET
def column(request, slug):
    column = get_object_or_404(cache.with_readable_articles(Column), slug=slug)
    articles = cache.readable().in_column(column).order_by("-published_at", "-pk")
    context = {
        "kicker": "栏目",
        "heading": column.name,
        "intro": column.description,
        "description": column.description
        or f"{settings.PAPER_NAME}“{column.name}”栏目文章，按发表时间由近及远排列。",
        "feed_url": reverse("articles:feed_column", kwargs={"slug": column.slug}),
        "canonical_path": column.get_absolute_url(),
    }
    return _listing(request, articles, context)


@require_GET
def series(request, slug):
    series = get_object_or_404(cache.with_readable_articles(Series), slug=slug)
    articles = cache.readable().filter(series=series).order_by("installment", "published_at", "pk")
    context = {
        "kicker": "系列报道",
        "heading": series.name,
        "intro": series.description,
        "description": series.description
        or f"{settings.PAPER_NAME}系列报道《{series.name}》，按期次排列。",
        "canonical_path": series.get_absolute_url(),
        "ordered_installments": True,
    }
    return _listing(request, articles, context)


@require_GET
def author(request, pk):
    author = get_object_or_404(cache.with_readable_articles(Author), pk=pk)
    articles = (
        cache.readable()
        .filter(pk__in=ArticleAuthor.objects.filter(author=author).values("article_id"))
        .order_by("-published_at", "-pk")
    )
    context = {
        "kicker": "作者",
        "heading": author.name,
        "description": f"{author.name}在{settings.PAPER_NAME}发表的文章。",
        "feed_url": reverse("articles:feed_author", kwargs={"pk": author.pk}),
        "canonical_path": author.get_absolute_url(),
    }
    return _listing(request, articles, context)


@require_GET
def keyword(request, name):
    keyword = get_object_or_404(cache.with_readable_articles(Keyword), name=name)
    articles = cache.readable().filter(keywords=keyword).order_by("-published_at", "-pk")
    context = {
        "kicker": "关键词",
        "heading": keyword.name,
        "description": f"{settings.PAPER_NAME}中与“{keyword.name}”有关的文章。",
        "canonical_path": keyword.get_absolute_url(),
    }
    return _listing(request, articles, context)


def _listing(request, articles, context):
    articles = articles.select_related("page__issue", "column", "series").prefetch_related(
        cache.credits()
    )
    page_obj = paginate(request, articles)
    context.update(
        page_obj=page_obj,
        articles=page_obj.object_list,
        summary=f"共 {page_obj.paginator.count} 篇",
    )
    return render(request, "articles/listing.html", context)


def paginate(request, queryset, count=None):
    """One page of results; ``?page=`` beyond the end or malformed gives a 404.

    ``count``, when the caller already knows the total, spares counting it again.
    """
    paginator = Paginator(queryset, PER_PAGE, allow_empty_first_page=True)
    if count is not None:
        paginator.count = count
    number = request.GET.get("page", "1")
    if not number.isdecimal() or not 1 <= int(number) <= paginator.num_pages:
        raise Http404("没有这一页")
    return paginator.page(int(number))
