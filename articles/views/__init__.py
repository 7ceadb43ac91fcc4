"""The reader's edition: the paper as a 数字报.

Every article a reader sees comes from ``Article.objects.published()`` (through
``articles.cache.readable()``). Views ask and render; each runs a fixed number
of queries whatever the number of articles, and navigation that is costly to
compute comes from ``articles.cache``.
"""

from articles.views.archive import archive, archive_month
from articles.views.article import article
from articles.views.crawlers import robots_txt
from articles.views.listings import author, column, keyword, series
from articles.views.paper import home, issue, page, page_text
from articles.views.search import search

__all__ = [
    "archive",
    "archive_month",
    "article",
    "author",
    "column",
    "home",
    "issue",
    "keyword",
    "page",
    "page_text",
    "robots_txt",
    "search",
    "series",
]
