"""Cached reads for the reader's edition, and their invalidation.

Every key carries a *generation* number. Saving or deleting any model of the
``articles`` app (an editor's save, a publish action, an import) bumps the
generation, so every cached read is recomputed on its next use and stale
entries simply expire. No bookkeeping of which key depends on which row.

Reads that depend on the clock (``published_at`` in the future becoming due)
are kept at most ``TIMEOUT`` seconds, so a scheduled article appears within
that time even though nobody saved anything.
"""

import datetime
import time
from typing import NamedTuple

from django.apps import apps
from django.core.cache import cache as django_cache
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Length
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse

TIMEOUT = 300
GENERATION_KEY = "reader:generation"
_MISSING = object()


def generation():
    value = django_cache.get(GENERATION_KEY)
    if value is None:
        # A clock-based start never repeats a generation an evicted key once had.
        django_cache.add(GENERATION_KEY, time.time_ns(), None)
        value = django_cache.get(GENERATION_KEY)
    return value


def invalidate(**kwargs):
    """Signal receiver: everything cached so far is out of date.

    Once now and once more when the transaction commits: a reader who came in
    between read the rows as they were and cached them under the new generation.
    """
    _next_generation()
    transaction.on_commit(_next_generation)


def _next_generation():
    try:
        django_cache.incr(GENERATION_KEY)
    except ValueError:
        django_cache.set(GENERATION_KEY, time.time_ns(), None)


def remember(name, compute, timeout=TIMEOUT):
    """``compute()`` once per generation (and at most every ``timeout`` seconds)."""
    key = f"reader:{generation()}:{name}"
    value = django_cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        django_cache.set(key, value, timeout)
    return value


def connect_signals():
    """Invalidate on every write to the newsroom's models (called from ``ready()``)."""
    for model in apps.get_app_config("articles").get_models():
        post_save.connect(invalidate, sender=model, dispatch_uid=f"reader-save-{model.__name__}")
        post_delete.connect(
            invalidate, sender=model, dispatch_uid=f"reader-delete-{model.__name__}"
        )
    Article = apps.get_model("articles", "Article")
    for relation in (Article.keywords, Article.authors):
        m2m_changed.connect(
            invalidate, sender=relation.through, dispatch_uid=f"reader-m2m-{relation.field.name}"
        )


# ---- The cached reads ----------------------------------------------------


def readable():
    """What a reader may open: published articles whose issue, if printed, is out."""
    Article = apps.get_model("articles", "Article")
    return Article.objects.published().filter(
        Q(page__isnull=True) | Q(page__issue__is_published=True)
    )


_published = readable


def with_readable_articles(model):
    """Columns, series, authors or keywords that have at least one readable article.

    A name that appears only on drafts (a new author, a keyword of an unpublished
    piece) must not exist for readers either.
    """
    articles = readable()
    if model._meta.model_name == "author":
        ArticleAuthor = apps.get_model("articles", "ArticleAuthor")
        ids = ArticleAuthor.objects.filter(article__in=articles).values("author_id")
    elif model._meta.model_name == "keyword":
        ArticleKeyword = apps.get_model("articles", "ArticleKeyword")
        ids = ArticleKeyword.objects.filter(article__in=articles).values("keyword_id")
    else:
        ids = articles.values(f"{model._meta.model_name}_id")
    return model.objects.filter(pk__in=ids)


def credits():
    """Prefetch an article's credits with their authors in one query (not two)."""
    ArticleAuthor = apps.get_model("articles", "ArticleAuthor")
    return Prefetch("credits", queryset=ArticleAuthor.objects.select_related("author"))


def issue_index():
    """Every issue a reader can open, newest first: ``[(date, number, total, id)]``.

    An issue is visible when it is marked published and at least one of its
    articles is published; a day's paper of drafts does not exist for readers.
    """

    def compute():
        rows = (
            _published()
            .filter(page__issue__is_published=True)
            .values(
                "page__issue__date",
                "page__issue__number",
                "page__issue__total_number",
                "page__issue_id",
            )
            .annotate(articles=Count("id"))
            .order_by("-page__issue__date")
        )
        return [
            IssueEntry(
                r["page__issue__date"],
                r["page__issue__number"],
                r["page__issue__total_number"],
                r["page__issue_id"],
            )
            for r in rows
        ]

    return remember("issues", compute)


def issue_pages(issue_id):
    """The pages of one issue in printed order.

    Each page carries ``published_count`` (articles a reader can open) and
    ``has_source``: its original text may be shown only when every article on
    it is published, or the raw text would leak a draft.
    """

    def compute():
        Article = apps.get_model("articles", "Article")
        Page = apps.get_model("articles", "Page")
        counts = {
            row["page_id"]: row
            for row in Article.objects.filter(page__issue_id=issue_id)
            .values("page_id")
            .annotate(
                total=Count("id"), published=Count("id", filter=Q(pk__in=_published().values("pk")))
            )
            .order_by()
        }
        pages = list(
            Page.objects.filter(issue_id=issue_id)
            .select_related("issue")
            .defer("source_text", "leftover")
            .annotate(source_length=Length("source_text"))
            .order_by("number")
        )
        for page in pages:
            row = counts.get(page.pk, {"total": 0, "published": 0})
            page.published_count = row["published"]
            page.has_source = bool(page.source_length) and row["total"] == row["published"]
        return pages

    return remember(f"pages:{issue_id}", compute)


def nav_columns():
    """Columns with at least one published article, for the site navigation."""

    def compute():
        Column = apps.get_model("articles", "Column")
        column_ids = _published().filter(column__isnull=False).values("column_id")
        return list(Column.objects.filter(pk__in=column_ids).order_by("name"))

    return remember("nav-columns", compute)


def related(article_id, keyword_ids, limit=5):
    """Published articles sharing the most keywords with this one, best first.

    Returns plain dicts (``url``, ``headline``, ``date``, ``page_number``) so the
    cached value carries no model instances.
    """

    def compute():
        if not keyword_ids:
            return []
        rows = (
            _published()
            .filter(keywords__in=keyword_ids)
            .exclude(pk=article_id)
            .values("pk", "headline", "published_at", "page__number", "page__issue__date")
            .annotate(shared=Count("keywords", distinct=True))
            .order_by("-shared", "-published_at", "-pk")[:limit]
        )
        return [
            {
                "url": reverse("articles:article", kwargs={"pk": row["pk"]}),
                "headline": row["headline"] or "（无标题）",
                "date": row["page__issue__date"],
                "page_number": row["page__number"],
            }
            for row in rows
        ]

    return remember(f"related:{article_id}:{','.join(map(str, sorted(keyword_ids)))}", compute)


class IssueEntry(NamedTuple):
    """A light, picklable stand-in for an Issue in navigation and calendars."""

    date: datetime.date
    number: int
    total_number: int | None
    pk: int

    def get_absolute_url(self):
        return reverse("articles:issue", kwargs={"date": self.date.isoformat()})
