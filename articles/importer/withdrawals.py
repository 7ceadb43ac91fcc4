"""撤稿: an imported article an editor deleted stays deleted when its page is imported
again (``Withdrawal``); ``--force`` brings it back."""

from django.db.models import QuerySet
from django.db.models.signals import post_delete

from articles.models import Article, Withdrawal


def connect_signals():
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="import-withdrawal")


def _article_deleted(sender, instance, origin=None, **kwargs):
    """Record an imported article deleted by itself (an editor's delete, one or a
    selection); not one deleted with its page or issue, nor one the importer retired."""
    imported = instance.import_snapshot
    if not imported or instance.page_id is None or getattr(instance, "retired_by_import", False):
        return
    by_itself = isinstance(origin, Article) or (
        isinstance(origin, QuerySet) and origin.model is Article
    )
    if by_itself:
        Withdrawal.objects.create(
            page_id=instance.page_id,
            headline=imported.get("headline", ""),
            body=imported.get("body", ""),
        )
