"""转版: a story that jumps to another page (`（下转第2版）`) is linked to its rest
there (`（上接第1版）`), so readers follow it from page to page."""

from collections import defaultdict

from django.db import transaction

from articles import cache
from articles.models import Article
from articles.parsing.text import norm


def link_jumps(issue_id: int) -> list[int]:
    """Link each article of the issue that jumps to another page to its rest there.

    The rest is the article on that page which says it comes from the jumping
    article's page. When a page sends several stories to the same page, a rest
    under the same headline is taken, and a last pair left over is linked too;
    anything still ambiguous stays unlinked for an editor (续文 in the admin). A
    link already made, by an import or an editor, is never changed. Returns the
    ids of the articles linked.
    """
    articles = list(
        Article.objects.filter(page__issue_id=issue_id)
        .order_by("page__number", "order", "pk")
        .values("pk", "page__number", "headline", "jump_to_page", "jump_from_page", "continuation")
    )
    taken = {a["continuation"] for a in articles if a["continuation"]}
    starts = defaultdict(list)  # (from page, to page) -> articles that jump
    rests = defaultdict(list)  # (from page, to page) -> rests of stories
    for a in articles:
        if a["jump_to_page"] and a["continuation"] is None:
            starts[a["page__number"], a["jump_to_page"]].append(a)
        if a["jump_from_page"] and a["pk"] not in taken:
            rests[a["jump_from_page"], a["page__number"]].append(a)
    linked = []
    for pages, waiting in starts.items():
        for start, rest in _pairs(waiting, rests.get(pages, [])):
            Article.objects.filter(pk=start["pk"]).update(continuation_id=rest["pk"])
            linked.append(start["pk"])
    if linked:
        transaction.on_commit(cache.invalidate)
    return linked


def _pairs(starts: list[dict], rests: list[dict]):
    """(start, rest) pairs that are certain: the same headline, or the only two left."""
    starts, rests = list(starts), list(rests)
    for start in list(starts):
        headline = norm(start["headline"])
        same = [rest for rest in rests if headline and norm(rest["headline"]) == headline]
        if len(same) == 1:
            starts.remove(start)
            rests.remove(same[0])
            yield start, same[0]
    if len(starts) == 1 and len(rests) == 1:
        yield starts[0], rests[0]
