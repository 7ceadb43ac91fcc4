"""The paper itself: the latest issue, an issue, a page, and a page's original text."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from articles import cache


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
        cache.readable()
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
