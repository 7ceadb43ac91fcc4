"""URLs under /api/: the router's endpoints, the OpenAPI schema and its documentation pages."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from articles import api
from articles.api_support import not_found

app_name = "api"


class Router(DefaultRouter):
    include_format_suffixes = False


router = Router()
router.register("issues", api.IssueViewSet, basename="issue")
router.register("pages", api.PageViewSet, basename="page")
router.register("articles", api.ArticleViewSet, basename="article")
router.register("authors", api.AuthorViewSet, basename="author")
router.register("columns", api.ColumnViewSet, basename="column")
router.register("series", api.SeriesViewSet, basename="series")
router.register("keywords", api.KeywordViewSet, basename="keyword")
router.register("search", api.SearchViewSet, basename="search")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("", include(router.urls)),
    re_path(r"^.*$", not_found),
]
