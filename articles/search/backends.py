"""Where the bigram index lives: SQLite FTS5 or a PostgreSQL ``tsvector``.

Both backends keep one row per article in ``articles_search_document``
(the normalised title and body text) and answer the same two questions with
SQL that selects article ids, so ``search_articles()`` can compose them into
an ordinary QuerySet:

- ``match_sql(terms)``: articles whose text contains every term;
- ``match_sql(terms, title_only=True)``: ... whose title (overline, headline,
  subheadline) contains every term.

The tables are created by migration ``0003_search_index`` with the SQL below.
"""

from django.db import connection

from articles.search import text

DOCUMENT_TABLE = "articles_search_document"


def backend_for(conn=None):
    """The backend for the database in use (``connection.vendor``)."""
    conn = conn or connection
    return POSTGRES if conn.vendor == "postgresql" else SQLITE


class SQLiteBackend:
    """FTS5: a phrase of the term's bigrams matches exactly where the term occurs.

    One-character terms have no bigram; they use a second, smaller FTS5 table of
    single characters (``detail=column``: no positions needed).
    """

    BIGRAMS = "articles_search_bigram"
    CHARS = "articles_search_char"

    create_sql = [
        f"CREATE TABLE IF NOT EXISTS {DOCUMENT_TABLE} "
        "(article_id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL)",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {BIGRAMS} USING fts5"
        "(title, body, content='', columnsize=0, detail=full)",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {CHARS} USING fts5"
        "(title, body, content='', columnsize=0, detail=column)",
    ]
    drop_sql = [f"DROP TABLE IF EXISTS {t}" for t in (BIGRAMS, CHARS, DOCUMENT_TABLE)]

    def match_sql(self, terms, *, title_only=False):
        column = "title : " if title_only else ""
        parts, params = [], []
        long_terms = [t for t in terms if len(t) > 1]
        short_terms = [t for t in terms if len(t) == 1]
        if long_terms:
            phrases = [f'{column}"{" ".join(text.bigrams(t))}"' for t in long_terms]
            parts.append(f"SELECT rowid FROM {self.BIGRAMS} WHERE {self.BIGRAMS} MATCH %s")
            params.append(" AND ".join(phrases))
        if short_terms:
            phrases = [f'{column}"{text.char_token(t)}"' for t in short_terms]
            parts.append(f"SELECT rowid FROM {self.CHARS} WHERE {self.CHARS} MATCH %s")
            params.append(" AND ".join(phrases))
        return " INTERSECT ".join(parts), params

    def write(self, cursor, rows):
        """Index ``rows`` of (article_id, title, body), replacing what was there."""
        rows = list(rows)
        self.delete(cursor, [article_id for article_id, _, _ in rows])
        cursor.executemany(
            f"INSERT INTO {DOCUMENT_TABLE} (article_id, title, body) VALUES (%s, %s, %s)", rows
        )
        cursor.executemany(
            f"INSERT INTO {self.BIGRAMS} (rowid, title, body) VALUES (%s, %s, %s)",
            [(pk, _bigram_text(title), _bigram_text(body)) for pk, title, body in rows],
        )
        cursor.executemany(
            f"INSERT INTO {self.CHARS} (rowid, title, body) VALUES (%s, %s, %s)",
            [(pk, _char_text(title), _char_text(body)) for pk, title, body in rows],
        )

    def delete(self, cursor, article_ids):
        # A contentless FTS5 table forgets a row only when told its exact tokens.
        old = self._stored(cursor, article_ids)
        cursor.executemany(
            f"INSERT INTO {self.BIGRAMS} ({self.BIGRAMS}, rowid, title, body) "
            "VALUES ('delete', %s, %s, %s)",
            [(pk, _bigram_text(title), _bigram_text(body)) for pk, title, body in old],
        )
        cursor.executemany(
            f"INSERT INTO {self.CHARS} ({self.CHARS}, rowid, title, body) "
            "VALUES ('delete', %s, %s, %s)",
            [(pk, _char_text(title), _char_text(body)) for pk, title, body in old],
        )
        cursor.executemany(
            f"DELETE FROM {DOCUMENT_TABLE} WHERE article_id = %s", [(pk,) for pk, _, _ in old]
        )

    def clear(self, cursor):
        cursor.execute(f"INSERT INTO {self.BIGRAMS} ({self.BIGRAMS}) VALUES ('delete-all')")
        cursor.execute(f"INSERT INTO {self.CHARS} ({self.CHARS}) VALUES ('delete-all')")
        cursor.execute(f"DELETE FROM {DOCUMENT_TABLE}")

    def optimize(self, cursor):
        for table in (self.BIGRAMS, self.CHARS):
            cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")

    def size_bytes(self, cursor):
        cursor.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'articles_search_%%'")
        return cursor.fetchone()[0] or 0

    def _stored(self, cursor, article_ids):
        rows = []
        ids = list(article_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT article_id, title, body FROM {DOCUMENT_TABLE} "
                f"WHERE article_id IN ({marks})",
                chunk,
            )
            rows.extend(cursor.fetchall())
        return rows


def _bigram_text(value):
    return " ".join(text.bigrams(value))


def _char_text(value):
    return " ".join(text.unigrams(value))


class PostgresBackend:
    """A ``tsvector`` of the distinct bigrams and characters, GIN-indexed.

    The vector has no positions (``array_to_tsvector``): PostgreSQL caps them
    at 16,383 and 256 per lexeme, which long articles exceed. The GIN index
    narrows the articles to those holding every bigram of the term, and
    ``strpos`` on the stored text keeps exactly those that contain it.

    The match runs in a ``MATERIALIZED`` CTE so the planner always starts from
    the index: left to itself it sometimes walks the whole table newest-first
    hoping to meet 20 hits of a term that has none.
    """

    create_sql = [
        f"CREATE TABLE IF NOT EXISTS {DOCUMENT_TABLE} (article_id bigint PRIMARY KEY, "
        "title text NOT NULL, body text NOT NULL, tokens tsvector NOT NULL)",
        # Serves match_sql(): the articles holding every bigram of a query term.
        f"CREATE INDEX IF NOT EXISTS articles_search_tokens ON {DOCUMENT_TABLE} USING gin (tokens)",
    ]
    drop_sql = [f"DROP TABLE IF EXISTS {DOCUMENT_TABLE}"]

    def match_sql(self, terms, *, title_only=False):
        lexemes = set()
        checks, params = [], []
        for term in terms:
            lexemes.update(text.bigrams(term) if len(term) > 1 else [text.char_token(term)])
            if title_only:
                checks.append("strpos(title, %s) > 0")
                params.append(term)
            else:
                checks.append("(strpos(title, %s) > 0 OR strpos(body, %s) > 0)")
                params.extend([term, term])
        tsquery = " & ".join(f"'{lexeme}'" for lexeme in sorted(lexemes))
        sql = (
            f"WITH search_hits AS MATERIALIZED (SELECT article_id FROM {DOCUMENT_TABLE} "
            f"WHERE tokens @@ %s::tsquery AND {' AND '.join(checks)}) "
            "SELECT article_id FROM search_hits"
        )
        return sql, [tsquery, *params]

    def write(self, cursor, rows):
        rows = list(rows)
        self.delete(cursor, [article_id for article_id, _, _ in rows])
        cursor.executemany(
            f"INSERT INTO {DOCUMENT_TABLE} (article_id, title, body, tokens) "
            "VALUES (%s, %s, %s, array_to_tsvector(%s::text[]))",
            [(pk, title, body, _lexemes(title, body)) for pk, title, body in rows],
        )

    def delete(self, cursor, article_ids):
        ids = list(article_ids)
        if ids:
            cursor.execute(f"DELETE FROM {DOCUMENT_TABLE} WHERE article_id = ANY(%s)", [ids])

    def clear(self, cursor):
        cursor.execute(f"TRUNCATE {DOCUMENT_TABLE}")

    def optimize(self, cursor):
        cursor.execute(f"ANALYZE {DOCUMENT_TABLE}")

    def size_bytes(self, cursor):
        cursor.execute(f"SELECT pg_total_relation_size('{DOCUMENT_TABLE}')")
        return cursor.fetchone()[0] or 0


def _lexemes(title, body):
    tokens = set()
    for value in (title, body):
        tokens.update(text.bigrams(value))
        tokens.update(text.unigrams(value))
    tokens.discard(text.BREAK_TOKEN)
    return sorted(tokens)


SQLITE = SQLiteBackend()
POSTGRES = PostgresBackend()
