"""RSS and Atom feeds: the latest articles, a column's, an author's.

Built on Django's syndication framework; every item comes from
``Article.objects.published()``.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles import cache
from articles.models import ArticleAuthor, Author, Column

ITEMS = 30


def _published():
    return (
        cache.readable()
        .select_related("page__issue", "column", "series")
        .prefetch_related(cache.credits())
        .order_by("-published_at", "-pk")
    )


class LatestArticlesFeed(Feed):
    def title(self):
        return f"{settings.PAPER_NAME} · 最新文章"

    def link(self):
        return reverse("articles:home")

    def description(self):
        return f"{settings.PAPER_NAME}数字报最新发布的文章。"

    def items(self):
        return _published()[:ITEMS]

    def item_title(self, item):
        return item.display_headline

    def item_description(self, item):
        parts = [item.subheadline] if item.subheadline else []
        paragraphs = [b["text"] for b in item.body_blocks() if b["type"] == "paragraph"]
        if paragraphs:
            parts.append(paragraphs[0][:200])
        return "\n".join(parts)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        names = [author.name for author in item.byline_authors()]
        return "、".join(names) or None

    def item_categories(self, item):
        return [
            name
            for name in (item.column and item.column.name, item.page and item.page.name)
            if name
        ]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class ColumnFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(cache.with_readable_articles(Column), slug=slug)

    def title(self, column):
        return f"{settings.PAPER_NAME} · {column.name}"

    def link(self, column):
        return column.get_absolute_url()

    def description(self, column):
        return column.description or f"{settings.PAPER_NAME}“{column.name}”栏目文章。"

    def items(self, column):
        return _published().filter(column=column)[:ITEMS]


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, pk):
        return get_object_or_404(cache.with_readable_articles(Author), pk=pk)

    def title(self, author):
        return f"{settings.PAPER_NAME} · {author.name}的文章"

    def link(self, author):
        return author.get_absolute_url()

    def description(self, author):
        return f"{author.name}在{settings.PAPER_NAME}发表的文章。"

    def items(self, author):
        credited = ArticleAuthor.objects.filter(author=author).values("article_id")
        return _published().filter(pk__in=credited)[:ITEMS]
