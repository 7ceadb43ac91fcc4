"""The editors' dictionary (词典词) in the admin: words the segmenter must keep whole."""

from django.contrib import admin

from articles.search.models import SearchWord


@admin.register(SearchWord)
class SearchWordAdmin(admin.ModelAdmin):
    list_display = ["word", "note", "created_at"]
    search_fields = ["word", "note"]
    ordering = ["word"]
