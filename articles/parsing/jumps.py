"""转版: a story printed on two pages. `（下转第2版）` ends what this page prints of it,
`（上接第1版）` opens the rest of a story begun on another page. The parser records the
page numbers on the article and keeps the jump lines in its text (the reader's view
shows them as links)."""

from .draft import Draft
from .text import JUMP_RE, JUMPS_IN, chinese_number


def record_jumps(draft: Draft, text: str) -> str:
    """Record the jumps printed in ``text`` on the draft's article; the text is kept.
    Text that stops on `（下转第2版）` closes what this page prints of the story."""
    text = text.strip()
    for match in JUMP_RE.finditer(text):
        number = chinese_number(match["page"])
        if match["way"] in JUMPS_IN:
            draft.article.jump_from_page = number
        else:
            draft.article.jump_to_page = number
            draft.jumped_away = match.end() == len(text)
    return text


def takes_the_rest(draft: Draft) -> bool:
    """Whether a `（上接第1版）` belongs to ``draft``: a headline printed again over the
    rest of its story, with nothing under it yet (not a photo story, not text)."""
    a = draft.article
    empty = not (a.body or a.captions or draft.photographers or a.jump_from_page)
    return empty and (draft.has_head or not draft.has_content)


def opens_with_jump_in(text: str) -> bool:
    match = JUMP_RE.match(text.strip())
    return match is not None and match["way"] in JUMPS_IN
