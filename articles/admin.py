"""The editors' desk: the Django admin in Simplified Chinese.

Every admin is a ``VersionAdmin`` so each save keeps a version (who, when,
what) and an editor can restore an earlier one from 历史.
"""

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from articles.models import (
    Article,
    ArticleAuthor,
    ArticleKeyword,
    Author,
    Column,
    Issue,
    Keyword,
    Page,
    Photo,
    Series,
    Withdrawal,
)

admin.site.site_header = f"{settings.PAPER_NAME} 采编系统"
admin.site.site_title = f"{settings.PAPER_NAME} 采编系统"
admin.site.index_title = "采编管理"


def articles_changelist_url(**filters):
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return f"{reverse('admin:articles_article_changelist')}?{query}"


class PageInline(admin.TabularInline):
    model = Page
    fields = ["number", "name", "source_file", "articles_link"]
    readonly_fields = ["articles_link"]
    show_change_link = True
    extra = 0

    @admin.display(description="本版文章")
    def articles_link(self, page):
        if not page.pk:
            return "—"
        url = articles_changelist_url(page__id__exact=page.pk)
        return format_html('<a href="{}">{} 篇文章</a>', url, page.articles.count())


@admin.register(Issue)
class IssueAdmin(VersionAdmin):
    list_display = ["date", "number", "total_number", "page_count", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["=number", "=total_number", "date"]
    date_hierarchy = "date"
    inlines = [PageInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(page_count=Count("pages"))

    @admin.display(description="版数", ordering="page_count")
    def page_count(self, issue):
        return issue.page_count


@admin.register(Page)
class PageAdmin(VersionAdmin):
    list_display = ["__str__", "issue", "number", "name", "articles_link", "source_file"]
    list_display_links = ["__str__"]
    list_filter = ["name"]
    list_select_related = ["issue"]
    search_fields = ["name", "source_file", "source_text"]
    date_hierarchy = "issue__date"
    autocomplete_fields = ["issue"]
    readonly_fields = ["scan_preview", "source_sha256"]
    fields = [
        "issue",
        "number",
        "name",
        "scan",
        "scan_preview",
        "source_file",
        "source_sha256",
        "source_text",
        "leftover",
    ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(article_count=Count("articles", distinct=True))
        )

    @admin.display(description="本版文章", ordering="article_count")
    def articles_link(self, page):
        url = articles_changelist_url(page__id__exact=page.pk)
        return format_html('<a href="{}">{} 篇</a>', url, page.article_count)

    @admin.display(description="版面缩略图")
    def scan_preview(self, page):
        if not page.scan_thumbnail:
            return "—"
        return format_html(
            '<img src="{}" alt="" style="max-width: 200px">', page.scan_thumbnail.url
        )


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    autocomplete_fields = ["author"]
    extra = 1


class ArticleKeywordInline(admin.TabularInline):
    model = ArticleKeyword
    autocomplete_fields = ["keyword"]
    extra = 0


class PhotoInline(admin.StackedInline):
    model = Photo
    fields = ["image", "caption", "credit", "order"]
    extra = 0


class NeedsReviewFilter(admin.SimpleListFilter):
    title = "需要审核"
    parameter_name = "needs_review"

    def lookups(self, request, model_admin):
        return [("yes", "是"), ("no", "否")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.needing_review()
        if self.value() == "no":
            return queryset.filter(needs_review=False)
        return queryset


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    list_display = [
        "display_headline",
        "page",
        "order",
        "kind",
        "column",
        "status",
        "published_at",
        "review_reasons_display",
    ]
    list_display_links = ["display_headline"]
    list_filter = [NeedsReviewFilter, "status", "kind", "column", "series"]
    list_select_related = ["page__issue", "column"]
    search_fields = ["headline", "overline", "subheadline", "dateline", "authors__name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["page", "column", "series", "continuation"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ArticleAuthorInline, PhotoInline, ArticleKeywordInline]
    actions = ["publish", "send_to_review", "back_to_draft"]
    fieldsets = [
        (None, {"fields": ["overline", "headline", "subheadline", "kind", "dateline"]}),
        ("正文", {"fields": ["editor_note", "body"]}),
        ("版面与栏目", {"fields": ["page", "order", "column", "series", "installment"]}),
        ("转版", {"fields": ["jump_from_page", "jump_to_page", "continuation"]}),
        ("发布", {"fields": ["status", "published_at", "review_reasons"]}),
        ("记录", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="主标题", ordering="headline")
    def display_headline(self, article):
        return article.display_headline

    @admin.display(description="待审原因")
    def review_reasons_display(self, article):
        return "；".join(article.review_reasons) or "—"

    def save_model(self, request, obj, form, change):
        if obj.status == Article.Status.PUBLISHED and obj.published_at is None:
            obj.publish()
        super().save_model(request, obj, form, change)

    @admin.action(description="发布所选文章", permissions=["change"])
    def publish(self, request, queryset):
        self._change_status(request, queryset, Article.publish, "已发布")

    @admin.action(description="送审所选文章", permissions=["change"])
    def send_to_review(self, request, queryset):
        self._change_status(request, queryset, _set_status(Article.Status.REVIEW), "已送审")

    @admin.action(description="退回草稿", permissions=["change"])
    def back_to_draft(self, request, queryset):
        self._change_status(request, queryset, _set_status(Article.Status.DRAFT), "已退回草稿")

    def _change_status(self, request, queryset, change, done):
        # One save per article (not queryset.update) so each keeps a version.
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(done)
            for article in queryset:
                change(article)
                article.save()
        self.message_user(request, f"{queryset.count()} 篇文章{done}。", messages.SUCCESS)


def _set_status(status):
    def change(article):
        article.status = status

    return change


@admin.register(Column)
class ColumnAdmin(VersionAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(article_count=Count("articles", distinct=True))
        )

    @admin.display(description="文章数", ordering="article_count")
    def article_count(self, column):
        return column.article_count


@admin.register(Series)
class SeriesAdmin(ColumnAdmin):
    pass


@admin.register(Author)
class AuthorAdmin(VersionAdmin):
    list_display = ["name", "article_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(article_count=Count("articles", distinct=True))
        )

    @admin.display(description="文章数", ordering="article_count")
    def article_count(self, author):
        return author.article_count


@admin.register(Keyword)
class KeywordAdmin(AuthorAdmin):
    pass


@admin.register(Photo)
class PhotoAdmin(VersionAdmin):
    list_display = ["__str__", "article", "credit", "width", "height"]
    list_select_related = ["article"]
    search_fields = ["caption", "credit", "article__headline"]
    autocomplete_fields = ["article"]


@admin.register(Withdrawal)
class WithdrawalAdmin(admin.ModelAdmin):
    """撤稿记录: imported articles editors deleted, which re-imports leave out.
    Deleting a record lets the next import of its page bring the article back."""

    list_display = ["__str__", "page", "withdrawn_at"]
    list_select_related = ["page__issue"]
    search_fields = ["headline", "body"]
    date_hierarchy = "withdrawn_at"
    readonly_fields = ["page", "headline", "body", "withdrawn_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# The search dictionary's admin lives with the search code.
from articles import admin_search  # noqa: E402, F401
