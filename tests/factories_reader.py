"""Plain helpers that build the paper the reader's tests look at."""

import datetime

from django.utils import timezone

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

JAN_7 = datetime.date(2022, 1, 7)


def make_issue(date=JAN_7, number=1, **fields):
    return Issue.objects.create(date=date, number=number, **fields)


def make_page(issue=None, number=1, name="平城头条", **fields):
    fields.setdefault("source_text", f"{name}\n\n第{number}版的原文。")
    return Page.objects.create(issue=issue or make_issue(), number=number, name=name, **fields)


def make_article(
    page=None,
    headline="弘扬创新精神 激发平城活力",
    *,
    published=True,
    authors=(),
    photographers=(),
    keywords=(),
    captions=(),
    **fields,
):
    """A published article (a draft with ``published=False``) with its credits and keywords."""
    fields.setdefault("body", "平城区坚持创新驱动发展。\n## 集体经济思路宽\n村集体经济不断壮大。")
    if published:
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(hours=1))
    article = Article.objects.create(page=page, headline=headline, **fields)
    for order, name in enumerate(authors):
        credit(article, name, order=order)
    for order, name in enumerate(photographers, start=len(authors)):
        credit(article, name, role=ArticleAuthor.Role.PHOTOGRAPHER, order=order)
    for name in keywords:
        keyword, _ = Keyword.objects.get_or_create(name=name)
        ArticleKeyword.objects.create(article=article, keyword=keyword)
    for order, (text, credit_line) in enumerate(captions):
        Photo.objects.create(article=article, caption=text, credit=credit_line, order=order)
    return article


def credit(article, name, role=ArticleAuthor.Role.WRITER, order=0):
    author, _ = Author.objects.get_or_create_by_name(name)
    return ArticleAuthor.objects.create(article=article, author=author, role=role, order=order)


def make_column(name="平城新语"):
    column, _ = Column.objects.get_or_create(name=name)
    return column


def make_series(name="平城区“双百工程”巡礼"):
    series, _ = Series.objects.get_or_create(name=name)
    return series


def make_paper(date=JAN_7, number=1, pages=("平城头条", "综合新闻"), per_page=3):
    """An issue with ``pages`` and ``per_page`` published articles on each."""
    issue = make_issue(date, number)
    made = []
    for page_number, name in enumerate(pages, start=1):
        page = make_page(issue, page_number, name)
        for order in range(per_page):
            made.append(
                make_article(
                    page,
                    f"第{page_number}版文章{order + 1}",
                    order=order,
                    authors=[f"记者{order + 1}"],
                )
            )
    return issue, made
