"""``search_articles()``: a query string in, a composable QuerySet out."""

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan, In

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
    # The join orders by the index's sort key; hits come out of the index in that
    # order, so the newest page is read without sorting every hit.
    hits = queryset.filter(search_document__sort_key__in=RawSQL(*backend.match_sql(terms)))
    if order != "relevance":
        return hits.order_by("-search_document__sort_key")
    rank = _rank(backend, terms)
    return hits.annotate(search_rank=rank).order_by("-search_rank", "-search_document__sort_key")


def _rank(backend, terms):
    """4 when the title holds every term, 2 when it holds some, +1 for the terms adjacent.

    The title test reads the stored title of each hit (short; normalised like the
    terms), the adjacency test asks the index once.
    """
    # StrIndex on the joined row (not a __contains lookup) keeps the join INNER,
    # so SQLite can still start from the hits.
    title = F("search_document__title")
    in_title = [GreaterThan(StrIndex(title, Value(term)), 0) for term in terms]
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
        When(In(F("search_document__sort_key"), RawSQL(*backend.match_sql([joined]))), then=1),
        default=Value(0),
        output_field=IntegerField(),
    )
    return title + phrase
