"""One article, with everything printed around it and what to read next."""

from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from articles import cache
from articles.models import ArticleAuthor
from articles.parsing.text import JUMP_RE, JUMPS_IN

HIGHLIGHT_MAX = 50
# Byline groups in the order the paper prints them.
BYLINE_LABELS = {
    ArticleAuthor.Role.WRITER: "作者",
    ArticleAuthor.Role.CORRESPONDENT: "通讯员",
    ArticleAuthor.Role.INTERN: "实习生",
    ArticleAuthor.Role.PHOTOGRAPHER: "摄影",
}


@require_GET
def article(request, pk):
    articles = cache.readable().select_related("page__issue", "column", "series")
    articles = articles.prefetch_related(cache.credits(), "keywords", "photos")
    article = get_object_or_404(articles, pk=pk)
    credits = list(article.credits.all())
    keywords = list(article.keywords.all())
    photos = [_photo(photo) for photo in article.photos.all()]
    siblings = _siblings(article)
    continued_from, continuation = _jumps(article)
    position = next((i for i, s in enumerate(siblings) if s.pk == article.pk), None)
    hl = _highlight_query(request)
    context = {
        "article": article,
        "issue": article.page.issue if article.page else None,
        "page": article.page,
        "blocks": _reading_blocks(article),
        "byline": _byline(credits),
        "writers": [c for c in credits if c.role != ArticleAuthor.Role.PHOTOGRAPHER],
        "keywords": keywords,
        "photos": photos,
        "siblings": siblings,
        "continued_from": continued_from,
        "continuation": continuation,
        "previous_article": siblings[position - 1] if position else None,
        "next_article": siblings[position + 1]
        if position is not None and position + 1 < len(siblings)
        else None,
        "related": cache.related(article.pk, [k.pk for k in keywords]),
        "hl": hl,
        "description": _description(article),
        "lead_image": next((p.src for p in photos if p.src), ""),
    }
    context["json_ld"] = _news_article_json_ld(request, article, context)
    return render(request, "articles/article_detail.html", context)


def _siblings(article):
    """The published articles of the same printed page, in printed order (上一篇/下一篇)."""
    if article.page_id is None:
        return []
    siblings = cache.readable().on_page(article.page_id)
    return list(siblings.only("pk", "headline", "order", "page_id"))


def _jumps(article):
    """转版: (the start of this story on an earlier page, its rest on a later page), each
    readable or None; one query, and none for the many articles that do not jump."""
    if not (article.jump_from_page or article.jump_to_page or article.continuation_id):
        return None, None
    linked = cache.readable().filter(Q(pk=article.continuation_id) | Q(continuation=article))
    linked = list(linked.only("pk", "headline", "continuation_id"))
    continued_from = next((a for a in linked if a.continuation_id == article.pk), None)
    continuation = next((a for a in linked if a.pk == article.continuation_id), None)
    return continued_from, continuation


def _byline(credits):
    """``[("作者", [credit, ...]), ("摄影", [...])]``: each role once, people in byline order."""
    ordered = sorted(credits, key=lambda c: c.order)
    groups = []
    for role, label in BYLINE_LABELS.items():
        people = [c for c in ordered if c.role == role]
        if people:
            groups.append((label, people))
    return groups


def _photo(photo):
    urls = {w: url for w, url in photo.rendition_urls().items() if url} if photo.image else {}
    photo.src = urls.get(640) or (photo.image.url if photo.image else "")
    photo.srcset = ", ".join(f"{url} {width}w" for width, url in sorted(urls.items()))
    return photo


def _reading_blocks(article):
    """The body as printed, but for the jump lines (`（下转第2版）`) the page shows as links."""
    if article.page is None:
        return article.body_blocks()

    def unlinked(match):
        way_in = match["way"] in JUMPS_IN
        linked = article.jump_from_page if way_in else article.jump_to_page
        return "" if linked else match[0]

    blocks = []
    for block in article.body_blocks():
        text = JUMP_RE.sub(unlinked, block["text"]).strip()
        if text:
            blocks.append({**block, "text": text})
    return blocks


def _highlight_query(request):
    """The words a reader searched for (``?hl=``), trimmed; never an error."""
    value = request.GET.get("hl", "")
    return " ".join(value.split())[:HIGHLIGHT_MAX]


def _description(article, width=120):
    text = article.subheadline or ""
    for block in _reading_blocks(article):
        if block["type"] == "paragraph":
            text = block["text"]
            break
    text = text or article.editor_note or article.display_headline
    return text if len(text) <= width else text[:width] + "……"


def _news_article_json_ld(request, article, context):
    def absolute(path):
        return request.build_absolute_uri(path)

    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.display_headline,
        "description": context["description"],
        "inLanguage": "zh-CN",
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "url": absolute(article.get_absolute_url()),
        "author": [
            {"@type": "Person", "name": c.author.name, "url": absolute(c.author.get_absolute_url())}
            for c in context["writers"]
        ],
        "publisher": {"@type": "Organization", "name": settings.PAPER_NAME},
        "keywords": [k.name for k in context["keywords"]],
    }
    if article.subheadline:
        data["alternativeHeadline"] = article.subheadline
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
        data["dateModified"] = max(article.updated_at, article.published_at).isoformat()
    if article.page:
        data["printEdition"] = f"第{article.page.issue.number}期"
        data["printPage"] = str(article.page.number)
        if article.page.name:
            data["printSection"] = article.page.name
    if article.column:
        data["articleSection"] = article.column.name
    images = [absolute(p.src) for p in context["photos"] if p.src]
    if images:
        data["image"] = images
    return data
