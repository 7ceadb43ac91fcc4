"""Template helpers for the reader's edition: Chinese dates, highlighting, SEO bits."""

import datetime
import json

from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles import cache

register = template.Library()

WEEKDAYS = "一二三四五六日"
DIGITS = "零一二三四五六七八九"


@register.simple_tag
def paper_name():
    return getattr(settings, "PAPER_NAME", "平城报")


@register.simple_tag
def nav_columns():
    """Columns shown in the site navigation (cached; no query on a warm cache)."""
    return cache.nav_columns()


@register.simple_tag(takes_context=True)
def canonical_url(context, path=None):
    """Absolute URL of `path` (default: the current path without its query string)."""
    request = context.get("request")
    if path is None:
        path = request.path if request else "/"
    if request is None:
        return path
    return request.build_absolute_uri(path)


@register.filter
def cn_date(value):
    """2022-01-07 → 2022年1月7日."""
    if isinstance(value, datetime.datetime):
        value = value.astimezone() if settings.USE_TZ and value.tzinfo else value
        value = value.date()
    if not isinstance(value, datetime.date):
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def cn_weekday(value):
    if not isinstance(value, datetime.date):
        return ""
    return "星期" + WEEKDAYS[value.weekday()]


@register.filter
def cn_number(value):
    """Installment numbers the way the paper prints them: 5 → 五, 12 → 十二, 21 → 二十一."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return ""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    text = ("" if tens < 2 else DIGITS[tens]) + ("十" if tens else "")
    return text + (DIGITS[ones] if ones else "")


@register.filter
def lead(article, width=80):
    """The first paragraph of an article, cut to `width` characters."""
    for block in article.body_blocks():
        if block["type"] == "paragraph" and block["text"]:
            text = block["text"]
            return text if len(text) <= width else text[:width].rstrip() + "……"
    return ""


@register.filter
def highlight(text, query):
    """Mark the search words of `query` in `text`; plain escaping without a query."""
    text = text or ""
    if not query:
        return escape(text)
    return mark_safe(_highlight(text, query))


def _highlight(text, query):
    try:
        from articles.search import highlight as search_highlight
    except ImportError:
        return escape(text)
    return search_highlight(text, query)


@register.simple_tag
def jsonld(data):
    """A <script type="application/ld+json"> block, safe against `</script>` in the data."""
    if not data:
        return ""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        payload = payload.replace(char, code)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')
