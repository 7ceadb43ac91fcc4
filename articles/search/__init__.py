"""Search the archive in Chinese: finds every article a substring search would.

>>> search_articles("双百工程")                    # newest first
>>> search_articles("疫情 志愿者", order="relevance")  # both words, best first

The index (``articles.search.index``) holds overlapping character bigrams, so
any run of characters is found, however jieba would segment it; see
``articles.search.text``. Saves and deletes keep it current through signals;
``rebuild_search_index`` rebuilds it and ``reindex_articles(ids)`` serves bulk
writes that bypass signals. ``rebuild_user_dictionary()`` refreshes jieba's
user dictionary after an import (see ``articles.search.dictionary``).
"""

from articles.search.dictionary import rebuild_user_dictionary
from articles.search.highlight import has_hit, highlight, snippet
from articles.search.index import reindex_articles, remove_articles
from articles.search.query import search_articles

__all__ = [
    "has_hit",
    "highlight",
    "rebuild_user_dictionary",
    "reindex_articles",
    "remove_articles",
    "search_articles",
    "snippet",
]
