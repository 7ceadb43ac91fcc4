from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from articles import converters, feeds, sitemaps, views

register_converter(converters.IsoDateConverter, "isodate")

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("issues/<isodate:date>/", views.issue, name="issue"),
    path("issues/<isodate:date>/<int:number>/", views.page, name="page"),
    path("issues/<isodate:date>/<int:number>/text/", views.page_text, name="page_text"),
    path("archive/", views.archive, name="archive"),
    path("archive/<int:year>/<int:month>/", views.archive_month, name="archive_month"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("columns/<str:slug>/", views.column, name="column"),
    path("series/<str:slug>/", views.series, name="series"),
    path("authors/<int:pk>/", views.author, name="author"),
    path("keywords/<str:name>/", views.keyword, name="keyword"),
    path("search/", views.search, name="search"),
    path("feeds/latest/", feeds.LatestArticlesFeed(), name="feed_latest"),
    path("feeds/latest/atom/", feeds.LatestArticlesAtomFeed(), name="feed_latest_atom"),
    path("feeds/columns/<str:slug>/", feeds.ColumnFeed(), name="feed_column"),
    path("feeds/authors/<int:pk>/", feeds.AuthorFeed(), name="feed_author"),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
