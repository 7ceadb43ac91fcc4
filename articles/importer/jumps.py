"""转版: a story that jumps to another page (`（下转第2版）`) is linked to its rest
there (`（上接第1版）`), so readers follow it from page to page."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from articles import cache
from articles.models import Article
from articles.parsing.text import norm

# The import snapshot's record of the link the import made: the rest's id.
LINK = "continuation"


@dataclass
class JumpLinks:
    made: list[int] = field(default_factory=list)  # articles linked to their rest
    undone: list[int] = field(default_factory=list)  # links the pages no longer bear out


def link_jumps(issue_id: int) -> JumpLinks:
    """Link each imported article of the issue that jumps to another page to its rest.

    The rest is the article on that page which says it comes from the jumping
    article's page. When a page sends several stories to the same page, a rest
    under the same headline is taken, and a last pair left over is linked too;
    anything still ambiguous stays unlinked for an editor (续文 in the admin).

    The link the import made is noted in the article's import snapshot. An
    editor's link, or an editor's removal of the import's link, is never
    touched; a link the import made that the pages no longer bear out (a
    corrected file jumps to another page) is undone, and made again if it can.
    """
    articles = list(
        Article.objects.filter(page__issue_id=issue_id)
        .order_by("page__number", "order", "pk")
        .values(
            "pk",
            "page__number",
            "headline",
            "jump_to_page",
            "jump_from_page",
            "continuation",
            "import_snapshot",
        )
    )
    by_pk = {a["pk"]: a for a in articles}
    links = JumpLinks()
    for a in articles:
        made = a["import_snapshot"].get(LINK)
        if made is None:
            continue
        if a["continuation"] == made and not _fits(a, by_pk.get(made)):
            _link(a, None)
            links.undone.append(a["pk"])
        elif a["continuation"] is None and made not in by_pk:
            _link(a, None)  # the rest was deleted, not unlinked by an editor: link anew
    taken = {a["continuation"] for a in articles if a["continuation"]}
    starts = defaultdict(list)  # (from page, to page) -> imported articles that jump
    rests = defaultdict(list)  # (from page, to page) -> rests of stories
    for a in articles:
        imported, linked_once = a["import_snapshot"], LINK in a["import_snapshot"]
        if a["jump_to_page"] and a["continuation"] is None and imported and not linked_once:
            starts[a["page__number"], a["jump_to_page"]].append(a)
        if a["jump_from_page"] and a["pk"] not in taken:
            rests[a["jump_from_page"], a["page__number"]].append(a)
    for pages, waiting in starts.items():
        for start, rest in _pairs(waiting, rests.get(pages, [])):
            _link(start, rest["pk"])
            links.made.append(start["pk"])
    if links.made or links.undone:
        transaction.on_commit(cache.invalidate)
    return links


def _fits(start: dict, rest: dict | None) -> bool:
    return (
        rest is not None
        and rest["page__number"] == start["jump_to_page"]
        and rest["jump_from_page"] == start["page__number"]
    )


def _link(start: dict, rest_pk: int | None):
    """Link (or, with None, unlink) ``start`` and note it in its import snapshot."""
    snapshot = dict(start["import_snapshot"])
    if rest_pk is None:
        snapshot.pop(LINK, None)
    else:
        snapshot[LINK] = rest_pk
    Article.objects.filter(pk=start["pk"]).update(continuation_id=rest_pk, import_snapshot=snapshot)
    start.update(continuation=rest_pk, import_snapshot=snapshot)


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
