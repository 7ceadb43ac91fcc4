"""Where the bigram index lives: SQLite FTS5 or a PostgreSQL ``tsvector``.

Both backends keep one row per article in ``articles_search_document``
(model ``SearchDocument``): its ``sort_key`` (newest first as a number, see
``index.sort_key``), the normalised title and body text, and its whole-word
tokens. Each answers ``match_sql(terms)`` with SQL selecting the ``sort_key``
of the articles whose text contains every term, so ``search_articles()``
composes it into a QuerySet; ``field_match_sql(term, field)`` the same for the
headline or the deck alone, ``word_match_sql(token)`` for the articles holding
a whole word, and ``has_word(token)`` a condition true for them (ranking and
the row tests of ``query.Reading``).

Rows are (sort_key, article_id, title, body, words) tuples throughout.
"""

from django.db import connection
from django.db.models import BigIntegerField, BooleanField, F, Func, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.lookups import In

from articles.search import text

DOCUMENT_TABLE = "articles_search_document"
# The search document's sort key as the articles' QuerySets reach it.
SORT_KEY = "search_document__sort_key"


def backend_for(conn=None):
    """The backend for the database in use (``connection.vendor``)."""
    conn = conn or connection
    return POSTGRES if conn.vendor == "postgresql" else SQLITE


class Backend:
    create_sql: list[str]
    drop_sql: list[str]
    # A results page in newest order is first looked for among this many newest
    # documents, then this many, testing each row on its own, and only then in
    # the index's sets (query.Reading); relevance_windows the same for each tier
    # of a page in relevance order. Empty: straight to the index's sets.
    windows: tuple[int, ...] = ()
    relevance_windows: tuple[int, ...] = ()
    # How stored() reads the words back as text.
    words_sql = "words"

    def write(self, cursor, rows):
        """Index ``rows``, replacing what each article had; unchanged rows are skipped."""
        rows = list(rows)
        stored = {row[1]: row for row in self.stored(cursor, [row[1] for row in rows])}
        rows = [row for row in rows if stored.get(row[1]) != tuple(row)]
        self.remove(cursor, [stored[row[1]] for row in rows if row[1] in stored])
        self.insert(cursor, rows)

    def delete(self, cursor, article_ids):
        self.remove(cursor, self.stored(cursor, article_ids))

    def stored(self, cursor, article_ids):
        rows, ids = [], list(article_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT sort_key, article_id, title, body, {self.words_sql} "
                f"FROM {DOCUMENT_TABLE} WHERE article_id IN ({marks})",
                chunk,
            )
            rows.extend((*row[:4], " ".join(sorted(row[4].split()))) for row in cursor.fetchall())
        return rows

    def tier_condition(self, included, excluded, row_condition):
        """True for the documents in every ``included`` set and in no ``excluded`` one.

        Each set is an ``(sql, params)`` pair selecting sort keys (``match_sql``
        and the like); ``row_condition`` is the same test made on each row from
        its own document, for a backend that would rather narrow to the first
        set and test the rows it holds (see ``query.Reading``).
        """
        condition = Q()
        for sql, params in included:
            condition &= Q(In(F(SORT_KEY), RawSQL(sql, params)))
        for sql, params in excluded:
            condition &= ~Q(In(F(SORT_KEY), RawSQL(sql, params)))
        return condition

    def in_word_set(self, token):
        """Whether the document has the whole word ``token``, asked of the index's set
        of such documents (built once per query, not once per row)."""
        return In(F(SORT_KEY), RawSQL(*self.word_match_sql(token)))

    def window_bounds(self, cursor, sizes):
        """The ``sort_key`` of the ``size``-th newest document for each size (None: fewer)."""
        newest = f"(SELECT sort_key FROM {DOCUMENT_TABLE} ORDER BY sort_key DESC LIMIT 1 OFFSET %s)"
        cursor.execute("SELECT " + ", ".join([newest] * len(sizes)), [size - 1 for size in sizes])
        return list(cursor.fetchone())


class SQLiteBackend(Backend):
    """FTS5: a phrase of the term's bigrams matches exactly where the term occurs.

    The FTS rowid is the article's ``sort_key``, so the hits come out of the
    index already in newest-first order and the first page needs no sort. Yet
    SQLite gathers every hit of the subquery before joining, 25 ms for a term
    in 60,000 of 100,000 articles: a page in newest order first walks the
    newest documents (``windows``). Relevance does not: a row cannot tell
    whether it holds a whole word here without the word's set.
    One-character terms have no bigram; they use a second, smaller FTS5 table
    of single characters (``detail=column``: no positions needed, but relevance
    asks which column holds the character). Both keep the headline, the deck
    (overline and subheadline) and the body (with captions) in their own columns. A third holds
    the whole-word tokens, which only ranking asks.
    """

    BIGRAMS = "articles_search_bigram"
    CHARS = "articles_search_char"
    WORDS = "articles_search_word"
    windows = (300, 1_500)

    create_sql = [
        f"CREATE TABLE IF NOT EXISTS {DOCUMENT_TABLE} (sort_key INTEGER PRIMARY KEY, "
        "article_id INTEGER NOT NULL UNIQUE, title TEXT NOT NULL, body TEXT NOT NULL, "
        "words TEXT NOT NULL)",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {BIGRAMS} USING fts5"
        "(headline, deck, body, content='', columnsize=0, detail=full)",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {CHARS} USING fts5"
        "(headline, deck, body, content='', columnsize=0, detail=column)",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {WORDS} USING fts5"
        "(words, content='', columnsize=0, detail=none)",
    ]
    drop_sql = [f"DROP TABLE IF EXISTS {t}" for t in (BIGRAMS, CHARS, WORDS, DOCUMENT_TABLE)]

    def match_sql(self, terms):
        parts, params = [], []
        long_terms = [t for t in terms if len(t) > 1]
        short_terms = [t for t in terms if len(t) == 1]
        if long_terms:
            phrases = [f'"{" ".join(text.bigrams(t))}"' for t in long_terms]
            parts.append(self._fts_sql(self.BIGRAMS))
            params.append(" AND ".join(phrases))
        if short_terms:
            phrases = [f'"{text.char_token(t)}"' for t in short_terms]
            parts.append(self._fts_sql(self.CHARS))
            params.append(" AND ".join(phrases))
        return " INTERSECT ".join(parts), params

    def field_match_sql(self, term, field):
        """The articles with ``term`` in their ``headline`` or ``deck`` (overline, subheadline)."""
        assert field in ("headline", "deck")
        if len(term) > 1:
            table, phrase = self.BIGRAMS, " ".join(text.bigrams(term))
        else:
            table, phrase = self.CHARS, text.char_token(term)
        return self._fts_sql(table), [f'{field} : "{phrase}"']

    def word_match_sql(self, token):
        return self._fts_sql(self.WORDS), [f'"{token}"']

    def has_word(self, token):
        # Asked once per query (a set of rowids), not once per hit.
        return self.in_word_set(token)

    def _fts_sql(self, table):
        return f"SELECT rowid FROM {table} WHERE {table} MATCH %s"

    def insert(self, cursor, rows):
        cursor.executemany(
            f"INSERT INTO {DOCUMENT_TABLE} (sort_key, article_id, title, body, words) "
            "VALUES (%s, %s, %s, %s, %s)",
            rows,
        )
        for table, columns, values in self._fts_rows(rows):
            marks = ", ".join(["%s"] * (len(columns) + 1))
            cursor.executemany(
                f"INSERT INTO {table} (rowid, {', '.join(columns)}) VALUES ({marks})", values
            )

    def remove(self, cursor, rows):
        # A contentless FTS5 table forgets a row only when told its exact tokens.
        for table, columns, values in self._fts_rows(rows):
            marks = ", ".join(["%s"] * (len(columns) + 1))
            cursor.executemany(
                f"INSERT INTO {table} ({table}, rowid, {', '.join(columns)}) "
                f"VALUES ('delete', {marks})",
                values,
            )
        cursor.executemany(
            f"DELETE FROM {DOCUMENT_TABLE} WHERE sort_key = %s", [(row[0],) for row in rows]
        )

    def _fts_rows(self, rows):
        columns = ("headline", "deck", "body")
        parts = [(r[0], *_headline_and_deck(r[2]), r[3]) for r in rows]
        yield self.BIGRAMS, columns, [(k, *map(_bigram_text, fields)) for k, *fields in parts]
        yield self.CHARS, columns, [(k, *map(_char_text, fields)) for k, *fields in parts]
        yield self.WORDS, ("words",), [(r[0], r[4]) for r in rows]

    def clear(self, cursor):
        for table in (self.BIGRAMS, self.CHARS, self.WORDS):
            cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
        cursor.execute(f"DELETE FROM {DOCUMENT_TABLE}")

    def optimize(self, cursor):
        for table in (self.BIGRAMS, self.CHARS, self.WORDS):
            cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
        cursor.execute("ANALYZE")

    def seed_statistics(self, cursor):
        """Tell SQLite's planner that an article's status is not selective.

        Without statistics SQLite guesses that ``status = 'published'`` picks a
        few rows, drives the search from the articles' status index, and probes
        the index for each article: seconds on a large archive instead of a
        millisecond. With these rows it starts from the search hits, newest
        first. A real ``ANALYZE`` (``rebuild_search_index`` runs one) replaces them.
        """
        cursor.execute(f"ANALYZE {DOCUMENT_TABLE}")  # creates sqlite_stat1 if missing
        cursor.execute("SELECT 1 FROM sqlite_stat1 WHERE tbl = 'articles_article'")
        if cursor.fetchone():
            return
        cursor.execute("PRAGMA index_list(articles_article)")
        for index_name in [row[1] for row in cursor.fetchall()]:
            cursor.execute(f'PRAGMA index_info("{index_name}")')
            columns = [row[2] for row in cursor.fetchall()]
            if columns[0] in ("status", "needs_review"):
                stat = " ".join(["1000000", "500000", *["1"] * (len(columns) - 1)])
                cursor.execute(
                    "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('articles_article', %s, %s)",
                    [index_name, stat],
                )

    def size_bytes(self, cursor):
        cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'articles_search_%'")
        return cursor.fetchone()[0] or 0


def _headline_and_deck(title):
    """The stored title (``text.title``) as its headline and the rest (overline, subheadline)."""
    headline, _, deck = title.partition(text.FIELD_BREAK)
    return headline, deck


def _bigram_text(value):
    return " ".join(text.bigrams(value))


def _char_text(value):
    return " ".join(text.unigrams(value))


class PostgresBackend(Backend):
    """A ``tsvector`` of the distinct bigrams and characters, GIN-indexed.

    The vector has no positions (``array_to_tsvector``): PostgreSQL caps them
    at 16,383 and 256 per lexeme, which long articles exceed. The GIN index
    narrows the articles to those holding every bigram of the term, and
    ``strpos`` on the stored text keeps exactly those that contain it (a term
    of one or two characters is a single lexeme: the index alone is exact). The
    headline's and the deck's bigrams are in the vector a second time, marked
    (``field_lexeme``), so relevance finds title hits from the index too; the
    whole words have a GIN index of their own.

    A ``tsvector`` holds at most 1 MB of lexemes. A document whose lexemes do
    not fit (a very long body of varied text) keeps only its title's marked
    lexemes and has ``oversized`` set; the match reads those few rows with
    ``strpos`` alone, through a partial index, so they are found all the same.

    Each set is read in a ``MATERIALIZED`` CTE so the planner always starts from
    the index: left to itself it sometimes walks the whole table newest-first
    hoping to meet 20 hits of a term that has none. A common term has tens of
    thousands of hits, so a results page first walks the newest documents
    (``windows``) testing each row, which for such a term fills the page after
    a few dozen rows; a term that does not fill it there is rare enough for its
    sets. (A window read through the GIN index loses: the planner then prefers
    the primary key and tests the toasted vector of every row.)
    """

    TOKENS_INDEX = (
        f"CREATE INDEX IF NOT EXISTS articles_search_tokens ON {DOCUMENT_TABLE} USING gin (tokens)"
    )
    WORDS_INDEX = (
        f"CREATE INDEX IF NOT EXISTS articles_search_words ON {DOCUMENT_TABLE} USING gin (words)"
    )
    create_sql = [
        f"CREATE TABLE IF NOT EXISTS {DOCUMENT_TABLE} (sort_key bigint PRIMARY KEY, "
        "article_id bigint NOT NULL UNIQUE, title text NOT NULL, body text NOT NULL, "
        "tokens tsvector NOT NULL, words tsvector NOT NULL, "
        "oversized boolean NOT NULL DEFAULT false)",
        # Serves match_sql() and field_match_sql(): every bigram of a query term.
        TOKENS_INDEX,
        # Serves word_match_sql(): the articles holding a whole word.
        WORDS_INDEX,
        # Serves match_sql(): the few documents too long for a tsvector, read by strpos.
        f"CREATE INDEX IF NOT EXISTS articles_search_oversized ON {DOCUMENT_TABLE} (sort_key) "
        "WHERE oversized",
    ]
    drop_sql = [f"DROP TABLE IF EXISTS {DOCUMENT_TABLE}"]
    words_sql = "array_to_string(tsvector_to_array(words), ' ')"
    windows = relevance_windows = (300, 1_500)

    # The headline is the title up to its first break; the deck is the rest.
    HEADLINE_SQL = "split_part(title, chr(10), 1)"
    DECK_SQL = "CASE WHEN strpos(title, chr(10)) > 0 THEN substr(title, strpos(title, chr(10)) + 1) ELSE '' END"  # noqa: E501

    def match_sql(self, terms):
        lexemes, checks, params = set(), [], []
        for term in terms:
            lexemes.update(_term_lexemes(term))
            checks.append("(strpos(title, %s) > 0 OR strpos(body, %s) > 0)")
            params.extend([term, term])
        # A term of one or two characters is one lexeme, present exactly where the
        # term is: the index alone answers it, without reading any text.
        inexact = [c for c, t in zip(checks, terms, strict=True) if len(t) > 2]
        inexact_params = [p for t in terms if len(t) > 2 for p in (t, t)]
        sql = (
            f"WITH search_hits AS MATERIALIZED (SELECT sort_key FROM {DOCUMENT_TABLE} "
            f"WHERE {index_match('tokens')}{''.join(' AND ' + c for c in inexact)} "
            f"UNION ALL SELECT sort_key FROM {DOCUMENT_TABLE} "
            f"WHERE oversized AND {' AND '.join(checks)}) "
            "SELECT sort_key FROM search_hits"
        )
        return sql, [_tsquery(lexemes), *inexact_params, *params]

    def field_match_sql(self, term, field):
        """The articles with ``term`` in their ``headline`` or ``deck`` (overline, subheadline)."""
        assert field in ("headline", "deck")
        lexemes = {field_lexeme(lexeme, field) for lexeme in _term_lexemes(term)}
        value = self.HEADLINE_SQL if field == "headline" else self.DECK_SQL
        check, params = "", []
        if len(term) > 2:  # see match_sql()
            check, params = f" AND strpos({value}, %s) > 0", [term]
        sql = (
            f"WITH field_hits AS MATERIALIZED (SELECT sort_key FROM {DOCUMENT_TABLE} "
            f"WHERE {index_match('tokens')}{check}) SELECT sort_key FROM field_hits"
        )
        return sql, [_tsquery(lexemes), *params]

    def word_match_sql(self, token):
        sql = (
            f"WITH word_hits AS MATERIALIZED (SELECT sort_key FROM {DOCUMENT_TABLE} "
            f"WHERE {index_match('words')}) SELECT sort_key FROM word_hits"
        )
        return sql, [_tsquery([token])]

    def tier_condition(self, included, excluded, row_condition):
        # The first set, handed over as one array, and each of its documents tested
        # on its own row. The first set is the headline's or the deck's hits where
        # the tier has them (small), else the words' or the match (large, but a
        # common term's page is found in the windows before it comes to this).
        # Joined to several sets, the planner guesses their sizes and, to find the
        # newest few, may walk every document backwards testing each against the
        # sets; a set combined with a large one in SQL reads the large one whole.
        sql, params = included[0]
        keys = RawSQL(sql, params, output_field=BigIntegerField())
        return Q(AnyOf(F(SORT_KEY), keys)) & row_condition

    def has_word(self, token):
        # Read from each row's own words (ranking, and the windows' row tests).
        return Func(
            F("search_document__words"),
            Func(Value(_tsquery([token])), template="%(expressions)s::tsquery"),
            template="(%(expressions)s)",
            arg_joiner=" @@ ",
            output_field=BooleanField(),
        )

    def insert(self, cursor, rows):
        values = []
        for sort_key, article_id, title, body, words in rows:
            lexemes = _lexemes(title, body)
            oversized = sum(len(lexeme) for lexeme in lexemes) > TSVECTOR_BUDGET
            if oversized:
                lexemes = [lexeme for lexeme in lexemes if lexeme[0] in FIELD_MARKS.values()]
            words = _fit(words.split(), TSVECTOR_BUDGET)
            values.append((sort_key, article_id, title, body, lexemes, words, oversized))
        cursor.executemany(
            f"INSERT INTO {DOCUMENT_TABLE} "
            "(sort_key, article_id, title, body, tokens, words, oversized) "
            "VALUES (%s, %s, %s, %s, array_to_tsvector(%s::text[]), "
            "array_to_tsvector(%s::text[]), %s)",
            values,
        )

    def remove(self, cursor, rows):
        keys = [row[0] for row in rows]
        if keys:
            cursor.execute(f"DELETE FROM {DOCUMENT_TABLE} WHERE sort_key = ANY(%s)", [keys])

    def clear(self, cursor):
        # Filling the table and then building the GIN indexes is many times faster
        # than updating them row by row; optimize() builds them again.
        cursor.execute("DROP INDEX IF EXISTS articles_search_tokens")
        cursor.execute("DROP INDEX IF EXISTS articles_search_words")
        cursor.execute(f"TRUNCATE {DOCUMENT_TABLE}")

    def optimize(self, cursor):
        cursor.execute(self.TOKENS_INDEX)
        cursor.execute(self.WORDS_INDEX)
        # The whole database: after a bulk import the articles' statistics are stale too.
        cursor.execute("ANALYZE")

    def seed_statistics(self, cursor):
        pass  # PostgreSQL's autovacuum keeps statistics.

    def size_bytes(self, cursor):
        cursor.execute(f"SELECT pg_total_relation_size('{DOCUMENT_TABLE}')")
        return cursor.fetchone()[0] or 0


class AnyOf(Func):
    """``key = ANY(ARRAY(subquery))``: the subquery runs once, its keys an array."""

    template = "(%(expressions)s))"  # RawSQL brings the subquery's own parentheses
    arg_joiner = " = ANY(ARRAY"
    output_field = BooleanField()


# Marks a headline's or a deck's lexeme in the PostgreSQL vector: letters that
# are not hex digits, so a marked lexeme never equals a character's token.
FIELD_MARKS = {"headline": "h", "deck": "k"}


def field_lexeme(lexeme, field):
    return FIELD_MARKS[field] + lexeme


def index_match(column):
    """``column @@ query`` read through its GIN index, with the query as a parameter.

    The query is handed over in a scalar subquery, which the planner cannot look
    into: it then assumes a selective match and reads the GIN index. Given the
    constant, it estimates a common character's share from the statistics (60% of
    the articles for 城) and prefers to scan the table, reading every toasted
    vector back: 1,031 ms to count 城's 61,272 hits among 100,000 articles,
    against 52 ms through the index, which answers a query of whole lexemes
    without reading any vector.
    """
    return f"{column} @@ (SELECT %s::tsquery)"


def _term_lexemes(term):
    return text.bigrams(term) if len(term) > 1 else [text.char_token(term)]


def _tsquery(lexemes):
    # Lexemes are hex tokens and marks: nothing in them needs escaping.
    return " & ".join(f"'{lexeme}'" for lexeme in sorted(lexemes))


# PostgreSQL refuses a tsvector whose lexemes add up to 1 MB (1,048,575 bytes).
TSVECTOR_BUDGET = 1_000_000


def _lexemes(title, body):
    """The distinct bigrams and characters of the text, and the title's again, marked."""
    tokens = set()
    for value in (title, body):
        tokens.update(_grams(value))
    for field, value in zip(("headline", "deck"), _headline_and_deck(title), strict=True):
        tokens.update(field_lexeme(gram, field) for gram in _grams(value))
    return sorted(tokens)


def _grams(value):
    grams = {*text.bigrams(value), *text.unigrams(value)}
    grams.discard(text.BREAK_TOKEN)
    return grams


def _fit(lexemes, budget):
    """As many of ``lexemes`` as fit in ``budget`` bytes (the words only rank)."""
    kept, used = [], 0
    for lexeme in lexemes:
        used += len(lexeme)
        if used > budget:
            break
        kept.append(lexeme)
    return kept


SQLITE = SQLiteBackend()
POSTGRES = PostgresBackend()
