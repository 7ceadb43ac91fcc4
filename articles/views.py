"""The reader's edition: the paper as a 数字报.

Every article a reader sees comes from ``Article.objects.published()``. Views
ask and render; each runs a fixed number of queries whatever the number of
articles (navigation that is costly to compute comes from ``articles.cache``).
"""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles import cache
from articles.models import ArticleAuthor, Author, Column, Keyword, Series

PER_PAGE = 20
HIGHLIGHT_MAX = 50
WEEKDAY_NAMES = "一二三四五六日"
# Byline groups in the order the paper prints them.
BYLINE_LABELS = {
    ArticleAuthor.Role.WRITER: "作者",
    ArticleAuthor.Role.CORRESPONDENT: "通讯员",
    ArticleAuthor.Role.INTERN: "实习生",
    ArticleAuthor.Role.PHOTOGRAPHER: "摄影",
}


def _published():
    return cache.readable()


# ---- The paper: issue and page --------------------------------------------


@require_GET
def home(request):
    issues = cache.issue_index()
    if not issues:
        return render(request, "articles/empty.html", {"is_home": True})
    return _render_page(request, issues, 0, number=None, is_home=True)


@require_GET
def issue(request, date):
    issues = cache.issue_index()
    return _render_page(request, issues, _issue_position(issues, date), number=None)


@require_GET
def page(request, date, number):
    issues = cache.issue_index()
    return _render_page(request, issues, _issue_position(issues, date), number=number)


@require_GET
def page_text(request, date, number):
    """The page's original text, for readers who want to check the printed wording."""
    issues = cache.issue_index()
    entry = issues[_issue_position(issues, date)]
    page = _find_page(cache.issue_pages(entry.pk), number)
    if not page.has_source:
        raise Http404("本版原文暂不公开")
    source_text = type(page).objects.values_list("source_text", flat=True).get(pk=page.pk)
    context = {"issue": entry, "page": page, "source_text": source_text}
    return render(request, "articles/page_text.html", context)


def _issue_position(issues, date):
    for position, entry in enumerate(issues):
        if entry.date == date:
            return position
    raise Http404("这一天没有出版报纸")


def _find_page(pages, number):
    for page in pages:
        if page.number == number:
            return page
    raise Http404("这一期没有这一版")


def _render_page(request, issues, position, *, number, is_home=False):
    entry = issues[position]
    pages = cache.issue_pages(entry.pk)
    if not pages:
        raise Http404("这一期还没有版面")
    if number is None:
        # An issue opens on its first page with something to read.
        page = next((p for p in pages if p.published_count), pages[0])
    else:
        page = _find_page(pages, number)
    index = pages.index(page)
    articles = list(
        _published()
        .on_page(page)
        .select_related("column", "series")
        .prefetch_related(cache.credits())
    )
    for article in articles:
        article.map_class = _map_class(article, is_first=article is articles[0])
    context = {
        "is_home": is_home,
        "issue": entry,
        "pages": pages,
        "page": page,
        "articles": articles,
        "previous_page": pages[index - 1] if index > 0 else None,
        "next_page": pages[index + 1] if index + 1 < len(pages) else None,
        "previous_issue": issues[position + 1] if position + 1 < len(issues) else None,
        "next_issue": issues[position - 1] if position > 0 else None,
        "history": _on_this_day(issues, entry.date),
    }
    return render(request, "articles/paper.html", context)


def _map_class(article, *, is_first):
    """Size of an article's block in the text page map, from the length of its text."""
    if is_first:
        return "span-wide"
    length = len(article.body)
    if length > 1800:
        return "span-3"
    if length > 900:
        return "span-2"
    return ""


def _on_this_day(issues, date):
    """历史上的今天: issues of the same month and day in earlier years."""
    return [
        entry
        for entry in issues
        if entry.date.year < date.year
        and (entry.date.month, entry.date.day) == (date.month, date.day)
    ]


# ---- 往期回顾 ---------------------------------------------------------------


@require_GET
def archive(request):
    """The back-issue calendar; the year/month form lands here and is redirected."""
    issues = cache.issue_index()
    if "year" in request.GET or "month" in request.GET:
        year, month = _int_param(request, "year"), _int_param(request, "month")
        if not 1 <= month <= 12 or not 1 <= year <= 9999:
            raise BadRequest("年月不正确")
        return redirect("articles:archive_month", year=year, month=month)
    if not issues:
        return render(request, "articles/empty.html", {"nav_section": "archive"})
    latest = issues[0].date
    return _render_month(request, issues, latest.year, latest.month)


@require_GET
def archive_month(request, year, month):
    issues = cache.issue_index()
    years = {entry.date.year for entry in issues}
    if not 1 <= month <= 12 or year not in years:
        raise Http404("这个月份没有报纸")
    return _render_month(request, issues, year, month)


def _int_param(request, name):
    try:
        return int(request.GET.get(name, ""))
    except ValueError:
        raise BadRequest(f"参数 {name} 应为数字") from None


def _render_month(request, issues, year, month):
    by_date = {entry.date: entry for entry in issues}
    first = datetime.date(year, month, 1)
    days_in_month = calendar.monthrange(year, month)[1]
    days = []
    for day in range(1, days_in_month + 1):
        date = first.replace(day=day)
        days.append({"date": date, "issue": by_date.get(date), "offset": date.weekday()})
    months_with_issues = sorted({(e.date.year, e.date.month) for e in issues})
    earlier = [m for m in months_with_issues if m < (year, month)]
    later = [m for m in months_with_issues if m > (year, month)]
    context = {
        "nav_section": "archive",
        "month": first,
        "days": days,
        "weekday_names": WEEKDAY_NAMES,
        "month_issue_count": sum(1 for d in days if d["issue"]),
        "previous_month": _month(earlier[-1]) if earlier else None,
        "next_month": _month(later[0]) if later else None,
        "years": _years(issues),
        "month_numbers": range(1, 13),
        "canonical_path": reverse("articles:archive_month", kwargs={"year": year, "month": month}),
    }
    return render(request, "articles/archive.html", context)


def _month(year_month):
    return datetime.date(year_month[0], year_month[1], 1)


def _years(issues):
    counts = {}
    for entry in issues:
        key = (entry.date.year, entry.date.month)
        counts[key] = counts.get(key, 0) + 1
    years = sorted({year for year, _ in counts}, reverse=True)
    return [
        {"year": y, "months": [{"month": m, "count": counts.get((y, m), 0)} for m in range(1, 13)]}
        for y in years
    ]


# ---- Article ----------------------------------------------------------------


@require_GET
def article(request, pk):
    articles = _published().select_related("page__issue", "column", "series")
    articles = articles.prefetch_related(cache.credits(), "keywords", "photos")
    article = get_object_or_404(articles, pk=pk)
    credits = list(article.credits.all())
    keywords = list(article.keywords.all())
    photos = [_photo(photo) for photo in article.photos.all()]
    siblings = _siblings(article)
    position = next((i for i, s in enumerate(siblings) if s.pk == article.pk), None)
    hl = _highlight_query(request)
    context = {
        "article": article,
        "issue": article.page.issue if article.page else None,
        "page": article.page,
        "blocks": article.body_blocks(),
        "byline": _byline(credits),
        "writers": [c for c in credits if c.role != ArticleAuthor.Role.PHOTOGRAPHER],
        "keywords": keywords,
        "photos": photos,
        "siblings": siblings,
        "previous_article": siblings[position - 1] if position else None,
        "next_article": siblings[position + 1]
        if position is not None and position + 1 < len(siblings)
        else None,
        "related": cache.related(article.pk, [k.pk for k in keywords]),
        "hl": hl,
        "description": _description(article),
        "lead_image": next((p.src for p in photos if p.src), ""),
    }
    context["json_ld"] = _news_article_json_ld(request, article, context)
    return render(request, "articles/article_detail.html", context)


def _siblings(article):
    """The published articles of the same printed page, in printed order (上一篇/下一篇)."""
    if article.page_id is None:
        return []
    return list(_published().on_page(article.page_id).only("pk", "headline", "order", "page_id"))


def _byline(credits):
    """``[("作者", [credit, ...]), ("摄影", [...])]``: each role once, people in byline order."""
    ordered = sorted(credits, key=lambda c: c.order)
    groups = []
    for role, label in BYLINE_LABELS.items():
        people = [c for c in ordered if c.role == role]
        if people:
            groups.append((label, people))
    return groups


def _photo(photo):
    urls = photo.rendition_urls() if photo.image else {}
    photo.src = urls.get(640) or (photo.image.url if photo.image else "")
    photo.srcset = ", ".join(f"{url} {width}w" for width, url in sorted(urls.items()))
    return photo


def _highlight_query(request):
    """The words a reader searched for (``?hl=``), trimmed; never an error."""
    value = request.GET.get("hl", "")
    return " ".join(value.split())[:HIGHLIGHT_MAX]


def _description(article, width=120):
    text = article.subheadline or ""
    for block in article.body_blocks():
        if block["type"] == "paragraph":
            text = block["text"]
            break
    text = text or article.editor_note or article.display_headline
    return text if len(text) <= width else text[:width] + "……"


def _news_article_json_ld(request, article, context):
    def absolute(path):
        return request.build_absolute_uri(path)

    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.display_headline,
        "description": context["description"],
        "inLanguage": "zh-CN",
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "url": absolute(article.get_absolute_url()),
        "author": [
            {"@type": "Person", "name": c.author.name, "url": absolute(c.author.get_absolute_url())}
            for c in context["writers"]
        ],
        "publisher": {"@type": "Organization", "name": settings.PAPER_NAME},
        "keywords": [k.name for k in context["keywords"]],
    }
    if article.subheadline:
        data["alternativeHeadline"] = article.subheadline
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
        data["dateModified"] = max(article.updated_at, article.published_at).isoformat()
    if article.page:
        data["printEdition"] = f"第{article.page.issue.number}期"
        data["printPage"] = str(article.page.number)
        if article.page.name:
            data["printSection"] = article.page.name
    if article.column:
        data["articleSection"] = article.column.name
    images = [absolute(p.src) for p in context["photos"] if p.src]
    if images:
        data["image"] = images
    return data


# ---- Columns, series, authors, keywords -----------------------------------------


@require_GET
def column(request, slug):
    column = get_object_or_404(cache.with_readable_articles(Column), slug=slug)
    articles = _published().in_column(column).order_by("-published_at", "-pk")
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
    articles = _published().filter(series=series).order_by("installment", "published_at", "pk")
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
        _published()
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
    articles = _published().filter(keywords=keyword).order_by("-published_at", "-pk")
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
    page_obj = _paginate(request, articles)
    context.update(
        page_obj=page_obj,
        articles=page_obj.object_list,
        summary=f"共 {page_obj.paginator.count} 篇",
    )
    return render(request, "articles/listing.html", context)


def _paginate(request, queryset):
    """One page of results; ``?page=`` beyond the end or malformed gives a 404."""
    paginator = Paginator(queryset, PER_PAGE, allow_empty_first_page=True)
    number = request.GET.get("page", "1")
    if not number.isdigit() or not 1 <= int(number) <= paginator.num_pages:
        raise Http404("没有这一页")
    return paginator.page(int(number))


# ---- Search -----------------------------------------------------------------------

QUERY_MAX = 100


@require_GET
def search(request):
    """Search results with the shared filters; each hit links back with ``?hl=``."""
    query = " ".join(request.GET.get("q", "").replace("\x00", " ").split())[:QUERY_MAX]
    articles, form, error = _filtered(request)
    searched = bool(query) or form is not None and form.has_changed()
    context = {"query": query, "hl": query, "form": form, "error": error, "searched": searched}
    context["canonical_path"] = reverse("articles:search")
    if searched and not error:
        if query:
            articles = _search(query, articles)
        articles = articles.select_related("page__issue", "column", "series").prefetch_related(
            cache.credits()
        )
        page_obj = _paginate(request, articles)
        for article in page_obj.object_list:
            article.search_snippet = _snippet(article, query)
        context.update(page_obj=page_obj, articles=page_obj.object_list)
        context["query_string"] = _query_string(request)
    return render(request, "articles/search.html", context)


def _filtered(request):
    """Apply ``articles.filters.ArticleFilter`` (dates, column, kind...) when it exists."""
    articles = cache.readable().order_by("-published_at", "-pk")
    try:
        from articles.filters import ArticleFilter
    except ImportError:
        return articles, None, ""
    params = request.GET.copy()
    for name in ("q", "page", "hl"):
        params.pop(name, None)
    filterset = ArticleFilter(params, queryset=articles, request=request)
    if not filterset.is_valid():
        return articles.none(), filterset.form, "筛选条件有误，请检查后重试。"
    return filterset.qs, filterset.form, ""


def _search(query, articles):
    try:
        from articles.search import search_articles
    except ImportError:
        # Until the search module lands: a plain substring match on each word.
        for word in query.split():
            articles = articles.filter(
                Q(headline__icontains=word) | Q(body__icontains=word) | Q(overline__icontains=word)
            )
        return articles
    return search_articles(query, queryset=articles, order="relevance")


def _snippet(article, query):
    text = " ".join(b["text"] for b in article.body_blocks() if b["type"] == "paragraph")
    try:
        from articles.search import snippet
    except ImportError:
        return text[:80]
    return snippet(text, query, width=80)


def _query_string(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# ---- Plain files -------------------------------------------------------------


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('articles:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
