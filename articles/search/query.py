"""``search_articles()``: a query string in, a composable QuerySet out."""

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from articles.search import text
from articles.search.backends import backend_for

ORDERS = ("newest", "relevance")


def search_articles(query, *, queryset=None, order="newest"):
    """Articles whose text contains every whitespace-separated term of ``query``.

    ``queryset`` defaults to ``Article.objects.published()``; pass another one
    (an editor's, or one already filtered) to search within it. ``order`` is
    ``"newest"`` (issue date, then page and order on the page) or
    ``"relevance"``: headline hits first, then the terms side by side, newer
    first on ties. Any input is safe: an empty or unusable query gives an
    empty QuerySet, never an exception.
    """
    from articles.models import Article

    if queryset is None:
        queryset = Article.objects.published()
    terms = text.query_terms(query if isinstance(query, str) else "")
    if not terms:
        return queryset.none()
    backend = backend_for(connection)
    hits = queryset.filter(pk__in=RawSQL(*backend.match_sql(terms)))
    newest = [
        F("page__issue__date").desc(nulls_last=True),
        F("page__number").asc(nulls_last=True),
        "order",
        "-pk",
    ]
    if order != "relevance":
        return hits.order_by(*newest)
    return hits.annotate(search_rank=_rank(backend, terms)).order_by("-search_rank", *newest)


def _rank(backend, terms):
    """4 when the title holds every term, 2 when it holds some, +1 for the terms adjacent."""
    in_title = [Q(pk__in=RawSQL(*backend.match_sql([t], title_only=True))) for t in terms]
    if len(terms) == 1:
        return Case(When(in_title[0], then=Value(4)), default=Value(0), output_field=IntegerField())
    every, some = Q(), Q()
    for condition in in_title:
        every &= condition
        some |= condition
    title = Case(
        When(every, then=Value(4)),
        When(some, then=Value(2)),
        default=Value(0),
        output_field=IntegerField(),
    )
    joined = "".join(terms)[: text.MAX_TERM_CHARS]
    phrase = Case(
        When(pk__in=RawSQL(*backend.match_sql([joined])), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return title + phrase
