"""Minimal reader views; every article shown comes from ``Article.objects.published()``."""

from django.shortcuts import get_object_or_404, render

from articles.models import Article, Author, Column, Issue, Keyword, Page, Series


def _published():
    return Article.objects.published().with_related()


def home(request):
    issue = Issue.objects.filter(is_published=True).first()
    return render(request, "articles/home.html", {"issue": issue, "pages": _pages(issue)})


def issue(request, date):
    issue = get_object_or_404(Issue, date=date, is_published=True)
    return render(request, "articles/issue.html", {"issue": issue, "pages": _pages(issue)})


def page(request, date, number):
    page = get_object_or_404(
        Page.objects.select_related("issue"),
        issue__date=date,
        issue__is_published=True,
        number=number,
    )
    articles = _published().on_page(page)
    return render(request, "articles/page.html", {"page": page, "articles": articles})


def article(request, pk):
    article = get_object_or_404(_published(), pk=pk)
    return render(request, "articles/article.html", {"article": article})


def column(request, slug):
    column = get_object_or_404(Column, slug=slug)
    articles = _published().in_column(column)
    return _listing(request, column, articles)


def series(request, slug):
    series = get_object_or_404(Series, slug=slug)
    articles = _published().filter(series=series).order_by("installment", "published_at")
    return _listing(request, series, articles)


def author(request, pk):
    author = get_object_or_404(Author, pk=pk)
    return _listing(request, author, _published().filter(credits__author=author).distinct())


def keyword(request, name):
    keyword = get_object_or_404(Keyword, name=name)
    return _listing(request, keyword, _published().filter(keywords=keyword))


def _pages(issue):
    return issue.pages.all() if issue else []


def _listing(request, subject, articles):
    context = {"subject": subject, "articles": articles}
    return render(request, "articles/listing.html", context)
