from django.urls import path, register_converter

from articles import converters, views

register_converter(converters.IsoDateConverter, "isodate")

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("issues/<isodate:date>/", views.issue, name="issue"),
    path("issues/<isodate:date>/<int:number>/", views.page, name="page"),
    path("articles/<int:pk>/", views.article, name="article"),
    path("columns/<str:slug>/", views.column, name="column"),
    path("series/<str:slug>/", views.series, name="series"),
    path("authors/<int:pk>/", views.author, name="author"),
    path("keywords/<str:name>/", views.keyword, name="keyword"),
]
