"""``search_articles()``: a query string in, a composable QuerySet out."""

from functools import cache, cached_property

from django.core.cache import cache as django_cache
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.db.models.lookups import Exact, GreaterThan, In, LessThan
from django.db.models.sql.where import AND

from articles.search import text
from articles.search.backends import backend_for

ORDERS = ("newest", "relevance")


def search_articles(query, *, queryset=None, order="newest"):
    """Articles whose text contains every whitespace-separated term of ``query``.

    ``queryset`` defaults to ``Article.objects.published()``; pass another one
    (an editor's, or one already filtered) to search within it. ``order`` is
    ``"newest"`` (issue date, then page and order on the page) or
    ``"relevance"``: headline hits first, then overline and subheadline hits,
    whole words and the terms side by side above parts of words and scattered
    terms, newer first on ties (see ``_rank``). Any input is safe: an empty or
    unusable query gives an empty QuerySet, never an exception.
    """
    from articles.models import Article

    if queryset is None:
        queryset = Article.objects.published()
    terms = text.query_terms(query if isinstance(query, str) else "")
    if not terms:
        return queryset.none()
    backend = backend_for(connection)
    # The join orders by the index's sort key, and a page is read through Reading:
    # the newest documents first, so the newest page is read without sorting
    # every hit.
    match = RawSQL(*backend.match_sql(terms))
    hits = queryset.filter(search_document__sort_key__in=match)
    if order != "relevance":
        newest = hits.order_by("-search_document__sort_key")
        if not backend.windows:
            return newest
        return SearchHits.of(newest, Reading(backend, terms, match, tiered=False))
    rank = _rank(backend, terms)
    ranked = hits.annotate(search_rank=rank).order_by("-search_rank", "-search_document__sort_key")
    if len(terms) == 1:
        ranked = SearchHits.of(ranked, Reading(backend, terms, match, tiered=True))
    return ranked


# The score ``_rank`` gives each tier of a one-word query, best first.
TIER_RANKS = (8, 7, 6, 4, 3, 1, 0)


class Reading:
    """How ``SearchHits`` reads a results page the short way.

    Relevance (``tiered``, one-word queries): for one word ``_rank`` gives 8 to
    a whole word of the headline, 7 and 6 to other headline hits (with or
    without the whole word elsewhere), 4 and 3 to overline and subheadline
    hits, 1 and 0 to body hits. Each score is a set the index answers directly
    (which field holds the word, whether it is a whole word), so a page reads a
    few rows of the first tiers, each newest first, instead of ranking every
    hit. Newest order is a single tier, the hits.

    Where the backend has windows (``windows`` for newest order,
    ``relevance_windows`` for the tiers), each tier is first looked for among
    the newest documents (the 300 newest, then the 1,500 newest),
    testing each row on its own instead of building the index's sets: a common
    term fills the page after a few dozen rows. A window is the start of the
    tier in newest order, so a page it fills is exactly the tier's, whatever
    the bound; a window that cannot fill it at the rate seen in a narrower one
    is skipped. Either way a tier ends with the index's sets, which are exact.
    """

    def __init__(self, backend, terms, match, *, tiered):
        self.backend, self.terms, self.match, self.tiered = backend, terms, match, tiered

    @cached_property
    def index_tiers(self):
        """Each tier as the index's sets: (sets it is in, sets it is not in).

        Every tier but the last lies inside the hits by its own definition (a
        word of the headline is in the text), so only the last needs the match.
        """
        match = (self.match.sql, self.match.params)
        if not self.tiered:
            return [([match], [])]
        backend, term = self.backend, self.terms[0]
        headline = backend.field_match_sql(term, "headline")
        deck = backend.field_match_sql(term, "deck")
        headline_word = backend.word_match_sql(text.word_token(term, "h"))
        word = backend.word_match_sql(text.word_token(term))
        return [
            ([headline_word], []),  # 8
            ([headline, word], [headline_word]),  # 7
            ([headline], [headline_word, word]),  # 6
            ([deck, word], [headline]),  # 4
            ([deck], [headline, word]),  # 3
            ([word], [headline, deck]),  # 1
            ([match], [headline, deck, word]),  # 0
        ]

    @cached_property
    def row_tiers(self):
        """The same tiers as conditions each row answers from its own document."""
        if not self.tiered:
            return [self._row_match()]
        backend, term = self.backend, self.terms[0]
        in_title, headline = _title_tests(term)
        deck = ~headline & in_title
        headline_word = Q(backend.has_word(text.word_token(term, "h")))
        word = Q(backend.has_word(text.word_token(term)))
        return [
            headline_word,  # 8
            headline & ~headline_word & word,  # 7
            headline & ~headline_word & ~word,  # 6
            deck & word,  # 4
            deck & ~word,  # 3
            ~in_title & word,  # 1
            ~in_title & ~word & self._row_match(),  # 0
        ]

    def _row_match(self):
        condition = Q()
        for term in self.terms:
            in_title, _ = _title_tests(term)
            in_body = StrIndex(F("search_document__body"), Value(term))
            condition &= in_title | Q(GreaterThan(in_body, 0))
        return condition

    @cached_property
    def windows(self):
        """(size, ``since`` bound) pairs to try, narrowest first, ending with everything."""
        sizes = self.backend.relevance_windows if self.tiered else self.backend.windows
        if not sizes:
            return [(None, None)]
        bounds = _window_bounds(self.backend, sizes)
        # A window as large as everything (fewer documents than its size) is everything.
        windows = [
            (size, bound) for size, bound in zip(sizes, bounds, strict=True) if bound is not None
        ]
        return [*windows, (None, None)]

    def _tier_sizes_in_narrowest_window(self, hits):
        """(size, rows) of each tier in the narrowest window, from one count by rank."""
        if not self.tiered or len(self.windows) < 2:
            return None
        size, since = self.windows[0]
        in_window = hits.filter(self._row_match(), search_document__sort_key__gte=since)
        by_rank = in_window.values("search_rank").annotate(rows=Count("pk")).order_by()
        rows = {rank: count for rank, count in by_rank.values_list("search_rank", "rows")}
        return [(size, rows.get(rank, 0)) for rank in TIER_RANKS]

    def tier(self, hits, number, since):
        """Tier ``number`` of ``hits`` (a QuerySet without the match), newest first."""
        if since is None:
            included, excluded = self.index_tiers[number]
            condition = self.backend.tier_condition(included, excluded, self.row_tiers[number])
            tier = hits.filter(condition)
        else:
            tier = hits.filter(self.row_tiers[number], search_document__sort_key__gte=since)
        return tier.order_by("-search_document__sort_key")

    def read(self, hits, start, stop):
        """``hits[start:stop]``, tier after tier."""
        hits = hits._without_match()
        wanted, found = stop - start, []
        in_window = self._tier_sizes_in_narrowest_window(hits)
        for number in range(len(self.index_tiers)):
            if wanted <= 0:
                break
            seen = in_window[number] if in_window else None  # (window size, rows it holds)
            for size, since in self.windows:
                if size and seen and seen[1] * size / seen[0] < start + wanted:
                    continue  # at that rate this window would not fill the page
                tier = self.tier(hits, number, since)
                rows = list(QuerySet.__getitem__(tier, slice(start, start + wanted)))
                if len(rows) == wanted:
                    break
                seen = size, start + len(rows)
            if len(rows) < wanted and start:  # this tier is read to its end (since is None)
                start = 0 if rows else start - tier.count()
            found += rows
            wanted -= len(rows)
        return found


# Any bound gives exact pages (a window is a prefix of the tier whatever its
# bound); only speed depends on it. So the bounds are kept in the cache for a
# minute, not looked up once a search: on SQLite that cost as much as the page.
WINDOW_BOUNDS_SECONDS = 60


def _window_bounds(backend, sizes):
    database = connection.settings_dict["NAME"]
    key = f"search:window-bounds:{database}:{','.join(map(str, sizes))}"

    def look_up():
        with connection.cursor() as cursor:
            return backend.window_bounds(cursor, sizes)

    return django_cache.get_or_set(key, look_up, WINDOW_BOUNDS_SECONDS)


def _title_tests(term):
    """(``term`` is in the stored title, ``term`` is in its headline), row by row."""
    title = F("search_document__title")
    at = StrIndex(title, Value(term))
    headline_end = StrIndex(title, Value(text.FIELD_BREAK))
    in_title = Q(GreaterThan(at, 0))
    return in_title, in_title & (Q(Exact(headline_end, 0)) | Q(LessThan(at, headline_end)))


class SearchHits(QuerySet):
    """Search hits that read a slice the short way (see ``Reading``).

    It is the QuerySet all the same (with the methods of the one it was made
    from, ``ArticleQuerySet``'s): counting, filtering or iterating it whole
    reads every hit; only a slice (a results page) takes the short way, and
    only while the hits are still in their own order and still held to the
    match (not reordered, reversed, combined or already sliced).
    """

    reading = None

    @classmethod
    def of(cls, queryset, reading):
        hits = queryset._chain()
        hits.__class__ = _search_hits_class(type(queryset))
        hits.reading = reading
        return hits

    def _clone(self):
        clone = super()._clone()
        clone.reading = self.reading
        return clone

    def _without_match(self):
        """This QuerySet without the index match (a tier inside the hits needs none)."""
        clone = self._chain()
        where = clone.query.where
        where.children = [c for c in where.children if not self._is_match(c)]
        return clone

    def _is_match(self, node):
        rhs = getattr(node, "rhs", None)  # the filter holds a resolved copy of the RawSQL
        match = self.reading.match
        return isinstance(rhs, RawSQL) and (rhs.sql, rhs.params) == (match.sql, match.params)

    def _reads_short(self):
        query, where = self.query, self.query.where
        return (
            self.reading is not None
            and self._result_cache is None
            and query.standard_ordering  # not reversed
            and not query.extra_order_by
            and not query.combinator  # union() and the like
            and not query.is_sliced
            and where.connector == AND
            and not where.negated
            and any(self._is_match(child) for child in where.children)  # not OR-ed away
        )

    def order_by(self, *fields):
        ordered = super().order_by(*fields)
        ordered.reading = None
        return ordered

    def __getitem__(self, k):
        page = isinstance(k, slice) and k.stop is not None and not k.step
        if not page or not self._reads_short():
            return super().__getitem__(k)
        return self.reading.read(self, k.start or 0, k.stop)


@cache
def _search_hits_class(queryset_class):
    """``SearchHits`` with the methods of ``queryset_class`` (``ArticleQuerySet``'s)."""
    if issubclass(queryset_class, SearchHits):
        return queryset_class
    return type(f"SearchHits{queryset_class.__name__}", (SearchHits, queryset_class), {})


def _rank(backend, terms):
    """Per term: where it is, then whether it is a whole word; +1 for terms side by side.

    Where: 6 in the headline, 3 in the overline or subheadline, 0 in the body
    alone. Whole word (a jieba word of the article equals the term): +2 in
    the headline, +1 elsewhere. Steps of 3 keep a better field ahead of any
    word bonus. The field tests read the stored title of each hit (short;
    headline first, normalised like the terms); the word tests ask the index
    (SQLite, and every backend for several words) or each hit's words
    (PostgreSQL, one word), the adjacency test the index.
    """
    # StrIndex on the joined row (not a __contains lookup) keeps the join INNER,
    # so SQLite can still start from the hits.
    score = Value(0)
    # One word is ranked a page of rows at a time (Reading): a row's own words
    # answer fastest. Several words rank every hit: a set per word, built once,
    # is faster than reading each hit's words (PostgreSQL: 1,052 -> 580 ms for
    # `城 党`, 32,935 hits of 100,000).
    has_word = backend.has_word if len(terms) == 1 else backend.in_word_set
    for term in terms:
        in_title, in_headline = _title_tests(term)
        score = score + Case(
            When(in_headline, then=Value(6)),
            When(in_title, then=Value(3)),
            default=Value(0),
            output_field=IntegerField(),
        )
        score = score + Case(
            When(has_word(text.word_token(term, "h")), then=Value(2)),
            When(has_word(text.word_token(term)), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    if len(terms) > 1:
        joined = "".join(terms)[: text.MAX_TERM_CHARS]
        score = score + Case(
            When(In(F("search_document__sort_key"), RawSQL(*backend.match_sql([joined]))), then=1),
            default=Value(0),
            output_field=IntegerField(),
        )
    return score
