"""Where the bigram index lives: SQLite FTS5 or a PostgreSQL ``tsvector``.

Both backends keep one row per article in ``articles_search_document``
(model ``SearchDocument``): its ``sort_key`` (newest first as a number, see
``index.sort_key``), and the normalised title and body text. Each answers
``match_sql(terms)`` with SQL selecting the ``sort_key`` of the articles whose
text contains every term, so ``search_articles()`` composes it into a QuerySet.

Rows are (sort_key, article_id, title, body) tuples throughout.
"""

from django.db import connection

from articles.search import text

DOCUMENT_TABLE = "articles_search_document"


def backend_for(conn=None):
    """The backend for the database in use (``connection.vendor``)."""
    conn = conn or connection
    return POSTGRES if conn.vendor == "postgresql" else SQLITE


class Backend:
    create_sql: list[str]
    drop_sql: list[str]

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
                f"SELECT sort_key, article_id, title, body FROM {DOCUMENT_TABLE} "
                f"WHERE article_id IN ({marks})",
                chunk,
            )
            rows.extend(tuple(row) for row in cursor.fetchall())
        return rows


class SQLiteBackend(Backend):
    """FTS5: a phrase of the term's bigrams matches exactly where the term occurs.

    The FTS rowid is the article's ``sort_key``, so the hits come out of the
    index already in newest-first order and the first page needs no sort.
    One-character terms have no bigram; they use a second, smaller FTS5 table
    of single characters (``detail=none``: no positions needed).
    """

    BIGRAMS = "articles_search_bigram"
    CHARS = "articles_search_char"

    create_sql = [
        f"CREATE TABLE IF NOT EXISTS {DOCUMENT_TABLE} (sort_key INTEGER PRIMARY KEY, "
        "article_id INTEGER NOT NULL UNIQUE, title TEXT NOT NULL, body TEXT NOT NULL)",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {BIGRAMS} USING fts5"
        "(title, body, content='', columnsize=0, detail=full)",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {CHARS} USING fts5"
        "(title, body, content='', columnsize=0, detail=none)",
    ]
    drop_sql = [f"DROP TABLE IF EXISTS {t}" for t in (BIGRAMS, CHARS, DOCUMENT_TABLE)]

    def match_sql(self, terms):
        parts, params = [], []
        long_terms = [t for t in terms if len(t) > 1]
        short_terms = [t for t in terms if len(t) == 1]
        if long_terms:
            phrases = [f'"{" ".join(text.bigrams(t))}"' for t in long_terms]
            parts.append(f"SELECT rowid FROM {self.BIGRAMS} WHERE {self.BIGRAMS} MATCH %s")
            params.append(" AND ".join(phrases))
        if short_terms:
            phrases = [f'"{text.char_token(t)}"' for t in short_terms]
            parts.append(f"SELECT rowid FROM {self.CHARS} WHERE {self.CHARS} MATCH %s")
            params.append(" AND ".join(phrases))
        return " INTERSECT ".join(parts), params

    def insert(self, cursor, rows):
        cursor.executemany(
            f"INSERT INTO {DOCUMENT_TABLE} (sort_key, article_id, title, body) "
            "VALUES (%s, %s, %s, %s)",
            rows,
        )
        for table, values in self._fts_rows(rows):
            cursor.executemany(
                f"INSERT INTO {table} (rowid, title, body) VALUES (%s, %s, %s)", values
            )

    def remove(self, cursor, rows):
        # A contentless FTS5 table forgets a row only when told its exact tokens.
        for table, values in self._fts_rows(rows):
            cursor.executemany(
                f"INSERT INTO {table} ({table}, rowid, title, body) VALUES ('delete', %s, %s, %s)",
                values,
            )
        cursor.executemany(
            f"DELETE FROM {DOCUMENT_TABLE} WHERE sort_key = %s", [(row[0],) for row in rows]
        )

    def _fts_rows(self, rows):
        yield self.BIGRAMS, [(k, _bigram_text(t), _bigram_text(b)) for k, _, t, b in rows]
        yield self.CHARS, [(k, _char_text(t), _char_text(b)) for k, _, t, b in rows]

    def clear(self, cursor):
        cursor.execute(f"INSERT INTO {self.BIGRAMS} ({self.BIGRAMS}) VALUES ('delete-all')")
        cursor.execute(f"INSERT INTO {self.CHARS} ({self.CHARS}) VALUES ('delete-all')")
        cursor.execute(f"DELETE FROM {DOCUMENT_TABLE}")

    def optimize(self, cursor):
        for table in (self.BIGRAMS, self.CHARS):
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


def _bigram_text(value):
    return " ".join(text.bigrams(value))


def _char_text(value):
    return " ".join(text.unigrams(value))


class PostgresBackend(Backend):
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
        f"CREATE TABLE IF NOT EXISTS {DOCUMENT_TABLE} (sort_key bigint PRIMARY KEY, "
        "article_id bigint NOT NULL UNIQUE, title text NOT NULL, body text NOT NULL, "
        "tokens tsvector NOT NULL)",
        # Serves match_sql(): the articles holding every bigram of a query term.
        f"CREATE INDEX IF NOT EXISTS articles_search_tokens ON {DOCUMENT_TABLE} USING gin (tokens)",
    ]
    drop_sql = [f"DROP TABLE IF EXISTS {DOCUMENT_TABLE}"]

    def match_sql(self, terms):
        lexemes = set()
        checks, params = [], []
        for term in terms:
            lexemes.update(text.bigrams(term) if len(term) > 1 else [text.char_token(term)])
            checks.append("(strpos(title, %s) > 0 OR strpos(body, %s) > 0)")
            params.extend([term, term])
        tsquery = " & ".join(f"'{lexeme}'" for lexeme in sorted(lexemes))
        sql = (
            f"WITH search_hits AS MATERIALIZED (SELECT sort_key FROM {DOCUMENT_TABLE} "
            f"WHERE tokens @@ %s::tsquery AND {' AND '.join(checks)}) "
            "SELECT sort_key FROM search_hits"
        )
        return sql, [tsquery, *params]

    def insert(self, cursor, rows):
        cursor.executemany(
            f"INSERT INTO {DOCUMENT_TABLE} (sort_key, article_id, title, body, tokens) "
            "VALUES (%s, %s, %s, %s, array_to_tsvector(%s::text[]))",
            [(*row, _lexemes(row[2], row[3])) for row in rows],
        )

    def remove(self, cursor, rows):
        keys = [row[0] for row in rows]
        if keys:
            cursor.execute(f"DELETE FROM {DOCUMENT_TABLE} WHERE sort_key = ANY(%s)", [keys])

    def clear(self, cursor):
        # Filling the table and then building the GIN index is many times faster
        # than updating the index row by row; optimize() builds it again.
        cursor.execute("DROP INDEX IF EXISTS articles_search_tokens")
        cursor.execute(f"TRUNCATE {DOCUMENT_TABLE}")

    def optimize(self, cursor):
        cursor.execute(self.create_sql[1])
        # The whole database: after a bulk import the articles' statistics are stale too.
        cursor.execute("ANALYZE")

    def seed_statistics(self, cursor):
        pass  # PostgreSQL's autovacuum keeps statistics.

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
