"""sitemap.xml: the home page, the archive, every readable issue page and article."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles import cache


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["articles:home", "articles:archive"]

    def location(self, item):
        return reverse(item)


class IssueSitemap(Sitemap):
    changefreq = "never"
    priority = 0.6

    def items(self):
        return cache.issue_index()

    def location(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.date


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return (
            cache.readable()
            .only("pk", "updated_at", "published_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)


SITEMAPS = {"pages": StaticSitemap, "issues": IssueSitemap, "articles": ArticleSitemap}
