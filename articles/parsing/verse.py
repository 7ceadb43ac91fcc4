"""Poems (诗歌) on a literary page: a headline, then stanzas, blocks of short lines that
stop where a phrase stops, signed under the headline (`□ 苏禾`) or after the last stanza.
Each line of a poem is a paragraph of its own."""

import itertools

from .classify import Item
from .text import is_terminated, join_evidence, norm

LONGEST_LINE = 20  # characters; a poem's lines are short


def block_at(items: list[Item], i: int) -> list[Item]:
    """The lines of the block that starts at line ``i`` (none if a block goes on there)."""
    if i >= len(items) or (i > 0 and items[i - 1].line.block == items[i].line.block):
        return []
    block = items[i].line.block
    end = i
    while end < len(items) and items[end].line.block == block:
        end += 1
    return items[i:end]


def is_stanza(block: list[Item], first: bool) -> bool:
    """Four short lines at least for the first stanza (a headline group is never that
    tall), three after it; most of them open (no full stop), and their ends fall between
    words (a hard-wrapped paragraph cuts its words at the line ends)."""
    if len(block) < (4 if first else 3):
        return False
    if any(it.kind not in ("short", "body") or len(norm(it.text)) > LONGEST_LINE for it in block):
        return False
    open_lines = sum(not is_terminated(it.text) for it in block)
    words_cut = sum(join_evidence(a.text, b.text) > 0 for a, b in itertools.pairwise(block))
    return open_lines * 2 >= len(block) and words_cut * 2 < len(block) - 1


def signed_after(items: list[Item], i: int) -> bool:
    """Stanzas from line ``i`` on, then a signature: a poem signed at its end."""
    first = True
    while i < len(items):
        if items[i].kind == "byline":
            return not first
        block = block_at(items, i)
        if not is_stanza(block, first):
            return False
        first = False
        i += len(block)
    return False
