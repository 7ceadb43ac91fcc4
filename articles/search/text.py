"""What the search index sees: normalised text, character bigrams, query terms.

Pure Python, no Django. The index stores every overlapping pair of characters
(a *bigram*) of the NFKC-normalised, lower-cased text, so a query term is found
exactly where it occurs as a substring: ``双百工程`` is the phrase of bigrams
``双百 百工 工程``. jieba is not involved, so a word it cuts differently
(``平/城区``) is still found.

Tokens are written as hex code points (``平城`` → ``5e73x57ce``) so that any
character, punctuation and emoji included, is one plain ASCII token to FTS5 and
to PostgreSQL's ``tsvector``, and no query can smuggle in operator syntax.
"""

import functools
import unicodedata

from articles import tokenize

# Fields are joined with this; queries never contain it, so no hit spans two fields.
FIELD_BREAK = "\n"
# Any bigram touching whitespace or a field break becomes this one token: a query
# term never contains whitespace, and the position it holds keeps phrases exact.
BREAK_TOKEN = "z"
# Longest term and most terms honoured in a query; the rest is ignored, never an error.
MAX_TERM_CHARS = 64
MAX_TERMS = 8
# The whole-word tokens (ranking only) read this much of the body: jieba is the
# slowest part of indexing (~3 ms per 1,000 characters, against ~1 ms for all
# the rest of an article), and the lead paragraph is where its words count.
WORD_BODY_CHARS = 500


def normalize(text: str) -> str:
    """NFKC, lower case, control characters and lone surrogates dropped.

    >>> normalize("ＫＴＶ　２０２１年")
    'ktv 2021年'
    """
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch if ch not in "\r\t\v\f" else " " for ch in text if _keep(ch))


def _keep(ch: str) -> bool:
    category = unicodedata.category(ch)
    return ch == "\n" or ch in "\r\t\v\f" or category not in ("Cc", "Cs", "Co", "Cn")


def document(*fields: str) -> str:
    """The normalised text of several fields, kept apart by ``FIELD_BREAK``."""
    return FIELD_BREAK.join(normalize(field) for field in fields if field)


def title(headline: str, overline: str = "", subheadline: str = "") -> str:
    """The normalised headline first, always, then the other title fields.

    Ranking tells a headline hit from an overline or subheadline hit by
    whether it comes before the first ``FIELD_BREAK``.
    """
    return FIELD_BREAK.join(
        [normalize(headline), *(normalize(f) for f in (overline, subheadline) if f)]
    )


@functools.lru_cache(maxsize=65536)
def char_token(ch: str) -> str:
    return format(ord(ch), "x")


def bigrams(text: str) -> list[str]:
    """Tokens of every overlapping pair of characters of normalised ``text``.

    >>> bigrams("双百工程")
    ['53ccx767e', '767ex5de5', '5de5x7a0b']
    """
    # The index build spends most of its time here: one pass, cached hex.
    hexes = [None if ch.isspace() else char_token(ch) for ch in text]
    return [
        BREAK_TOKEN if a is None or b is None else f"{a}x{b}"
        for a, b in zip(hexes, hexes[1:], strict=False)
    ]


def unigrams(text: str) -> list[str]:
    """Tokens of the single characters of normalised ``text`` (whitespace left out)."""
    return [char_token(ch) for ch in text if not ch.isspace()]


def query_terms(query: str) -> list[str]:
    """The terms of a reader's query: normalised, split on whitespace, deduplicated.

    >>> query_terms("  疫情 志愿者 疫情 ")
    ['疫情', '志愿者']
    """
    terms = []
    for term in normalize(query).split():
        term = term[:MAX_TERM_CHARS]
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def word_token(word: str, prefix: str = "w") -> str:
    """The index token of a whole word: ``w`` (any field) or ``h`` (headline), then hex.

    >>> word_token("平城", "h")
    'h5e73x57ce'
    """
    return prefix + "x".join(char_token(ch) for ch in word)


def words(headline: str, *others: str) -> str:
    """The jieba words of normalised text as tokens, sorted, space-separated.

    Every word is a ``w`` token; the headline's words are ``h`` tokens too.
    Only ranking reads them (a query term that is a whole word ranks higher);
    which articles match is decided by the bigrams alone.
    """
    tokens = set()
    for prefixes, value in [(("h", "w"), headline), *((("w",), o) for o in others)]:
        for word in set(tokenize.tokenize(value)):
            if len(word) <= MAX_TERM_CHARS:
                tokens.update(word_token(word, prefix) for prefix in prefixes)
    return " ".join(sorted(tokens))
