"""Keeping the index in step with the articles.

Signals (connected from ``ArticlesConfig.ready()``) reindex an article when it
or one of its photos is saved or deleted, inside the same transaction as the
write. Bulk writes bypass signals; call ``reindex_articles(ids)`` after them.
Every article is indexed whatever its status: readers' queries are limited
to published articles by the queryset, editors search drafts too.
"""

import datetime
from collections import defaultdict

from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from articles.search import text
from articles.search.backends import backend_for

BATCH = 500


def documents(article_ids, *, models=None):
    """(sort_key, article_id, title, body, words) for each existing article among ``article_ids``.

    ``title`` is the headline, then overline and subheadline (``text.title``);
    ``body`` the body and captions; ``words`` the whole-word tokens (``text.words``).

    ``models`` is (Article, Photo), for a migration's historical models.
    """
    if models is None:
        from articles.models import Article, Photo
    else:
        Article, Photo = models
    captions = defaultdict(list)
    photos = Photo.objects.filter(article_id__in=article_ids).order_by("article_id", "order", "pk")
    for article_id, caption in photos.values_list("article_id", "caption"):
        captions[article_id].append(caption)
    fields = ("pk", "overline", "headline", "subheadline", "body")
    place = ("page__issue__date", "page__number", "order", "published_at", "created_at")
    for row in Article.objects.filter(pk__in=article_ids).values_list(*fields, *place):
        pk, overline, headline, subheadline, body, date, number, order, published, created = row
        if date is None:  # web-only: no issue, the publish (or creation) day instead
            date = timezone.localtime(published or created).date()
        title = text.title(headline, overline, subheadline)
        body = text.document(body, *captions[pk])
        headline = title.split(text.FIELD_BREAK, 1)[0]
        words = text.words(headline, title[len(headline) :], body[: text.WORD_BODY_CHARS])
        key = sort_key(date=date, page_number=number or 0, order=order, pk=pk)
        yield (key, pk, title, body, words)


EPOCH = datetime.date(1900, 1, 1)


def sort_key(*, date, page_number, order, pk):
    """One integer that sorts articles newest first when descending.

    Issue date, then page number and order on the page ascending, then pk:
    16 bits of days since 1900 (to 2079), 8 of page, 10 of order, 29 of pk.

    >>> sort_key(date=datetime.date(2024, 5, 17), page_number=1, order=2, pk=7) > \
    ...     sort_key(date=datetime.date(2024, 5, 17), page_number=2, order=1, pk=8)
    True
    """
    days = min(max((date - EPOCH).days, 0), 0xFFFF)
    page = 0xFF - min(page_number, 0xFF)
    order = 0x3FF - min(order, 0x3FF)
    return days << 47 | page << 39 | order << 29 | (pk & 0x1FFFFFFF)


def reindex_articles(article_ids):
    """Bring the index up to date for ``article_ids`` (deleted ones are removed).

    Call it after ``bulk_create``/``update()`` on articles or photos, which send
    no signals.
    """
    ids = sorted(set(article_ids))
    backend = backend_for(connection)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            rows = list(documents(chunk))
            found = {row[1] for row in rows}
            backend.write(cursor, rows)
            backend.delete(cursor, [pk for pk in chunk if pk not in found])


def remove_articles(article_ids):
    with connection.cursor() as cursor:
        backend_for(connection).delete(cursor, list(article_ids))


def rebuild(*, progress=None):
    """Empty the index and index every article again; returns how many."""
    from articles.models import Article

    backend = backend_for(connection)
    with connection.cursor() as cursor:
        backend.clear(cursor)
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    with connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            backend.write(cursor, list(documents(ids[start : start + BATCH])))
            if progress:
                progress(min(start + BATCH, len(ids)), len(ids))
        backend.optimize(cursor)
    return len(ids)


def install(schema_editor, models):
    """Create the index tables afresh and fill them (for migrations; ``models`` as above)."""
    backend = backend_for(schema_editor.connection)
    for sql in [*backend.drop_sql, *backend.create_sql]:
        schema_editor.execute(sql)
    ids = list(models[0].objects.values_list("pk", flat=True))
    with schema_editor.connection.cursor() as cursor:
        backend.seed_statistics(cursor)
        for start in range(0, len(ids), BATCH):
            backend.write(cursor, list(documents(ids[start : start + BATCH], models=models)))


def install_from_migration(apps, schema_editor):
    """``RunPython`` for a migration that changes the index: build it afresh."""
    models = (apps.get_model("articles", "Article"), apps.get_model("articles", "Photo"))
    install(schema_editor, models)


def index_size_bytes():
    with connection.cursor() as cursor:
        return backend_for(connection).size_bytes(cursor)


def _article_saved(sender, instance, **kwargs):
    reindex_articles([instance.pk])


def _article_deleted(sender, instance, **kwargs):
    remove_articles([instance.pk])


def _photo_changed(sender, instance, **kwargs):
    if instance.article_id:
        reindex_articles([instance.article_id])


def _page_saved(sender, instance, **kwargs):
    # A page moved to another issue or number: its articles' places in the order change.
    reindex_articles(instance.articles.values_list("pk", flat=True))


def _issue_saved(sender, instance, **kwargs):
    from articles.models import Article

    reindex_articles(Article.objects.filter(page__issue=instance).values_list("pk", flat=True))


def connect_signals():
    from articles.models import Article, Issue, Page, Photo

    post_save.connect(_page_saved, sender=Page, dispatch_uid="search-page-saved")
    post_save.connect(_issue_saved, sender=Issue, dispatch_uid="search-issue-saved")

    post_save.connect(_article_saved, sender=Article, dispatch_uid="search-article-saved")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="search-article-deleted")
    post_save.connect(_photo_changed, sender=Photo, dispatch_uid="search-photo-saved")
    post_delete.connect(_photo_changed, sender=Photo, dispatch_uid="search-photo-deleted")
