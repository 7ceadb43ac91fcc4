"""The page's layout as the text extraction left it: lines, blocks, gaps, hard wraps.

Blank lines separate blocks; two or more blank lines in a row mark the place of a
picture (the caption follows). Some pages are hard-wrapped at a fixed width
(~15 characters a line): their lines are re-joined into paragraphs here.
"""

import statistics
from dataclasses import dataclass

from .text import clean, is_terminated, join_evidence

PHOTO_GAP = 2  # blank lines that stand for a picture


@dataclass
class Line:
    text: str
    number: int  # 1-based line number in the source file
    block: int  # index of the blank-line separated block
    gap: int  # blank lines before this line (0 inside a block)
    indented: bool = False  # the source line began with white space


def read_lines(text: str) -> list[Line]:
    """Non-blank lines with their block index and the blank lines before each."""
    lines: list[Line] = []
    gap, block = 0, -1
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = clean(raw.lstrip("\ufeff"))
        if not line:
            gap += 1
            continue
        if gap or block < 0:
            block += 1
        indented = raw[:1].isspace()
        lines.append(Line(line, number, block, gap if lines else 0, indented))
        gap = 0
    return lines


def blocks_of(lines: list[Line]) -> list[list[Line]]:
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks and blocks[-1][-1].block == line.block:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _wrapped(block: list[Line]) -> bool:
    """A block of three or more lines of about the same width that run on mid-sentence."""
    if len(block) < 3:
        return False
    widths = [len(line.text) for line in block[:-1]]
    width = statistics.median(widths)
    even = sum(abs(w - width) <= max(3, width * 0.2) for w in widths) >= 0.7 * len(widths)
    running_on = sum(not is_terminated(line.text) for line in block[:-1]) >= 0.6 * len(widths)
    # prose flows through the lines, punctuation and all; a poem's lines rarely hold any
    punctuated = sum(any(ch in "，。、；：,.;:" for ch in line.text) for line in block)
    prose = punctuated >= 0.4 * len(block)
    return width <= 45 and even and running_on and prose


def is_hard_wrapped(lines: list[Line]) -> bool:
    """Most of the page's lines sit in hard-wrapped blocks."""
    if not lines:
        return False
    wrapped = sum(len(b) for b in blocks_of(lines) if _wrapped(b))
    return wrapped >= 0.5 * len(lines)


@dataclass
class WrappedParagraph:
    text: str
    numbers: list[int]  # source line numbers
    lengths: list[int]  # the length of each source line
    head: bool = False  # a headline, byline or the like on a line of its own

    @property
    def width(self) -> int:
        """The wrap width of the lines it came from (its last line is usually shorter)."""
        return int(statistics.median(self.lengths[:-1] if len(self.lengths) > 1 else self.lengths))

    def add(self, line: Line) -> None:
        self.text += line.text
        self.numbers.append(line.number)
        self.lengths.append(len(line.text))


def _a_head(block: list[Line], stands_alone, page_width: float) -> bool:
    """One line printed on its own, or a headline over two lines the first of which
    stops well short of the page's wrap width (``stands_alone`` tells what a line is:
    "headline", "byline"... or None)."""
    if len(block) > 2 or block[0].indented:
        return False
    if len(block) == 1:
        return stands_alone(block[0]) is not None
    both = all(stands_alone(line) == "headline" for line in block)
    return both and len(block[0].text) < page_width - 2


def unwrap(lines: list[Line], stands_alone=None) -> list[WrappedParagraph]:
    """Re-join hard-wrapped lines into paragraphs, without inserting spaces.

    A paragraph ends at a line that completes a sentence and stops short of the wrap
    width, before an indented line, and at a blank line after a complete sentence
    (unless the page indents its paragraphs and the next block does not).
    ``stands_alone(line)`` picks out the lines printed on their own (headlines,
    bylines): they are neither joined to the text above nor continued below.
    """
    paragraphs: list[WrappedParagraph] = []
    blocks = blocks_of(lines)
    # Where paragraphs open indented, a block that does not goes on with the paragraph
    # above, even after a full stop (`……健康台账。` | `今年以来，……`).
    tall = [block for block in blocks if len(block) >= 3]
    indenting = bool(tall) and sum(b[0].indented for b in tall) >= 0.6 * len(tall)
    page_width = statistics.median(len(line.text) for b in tall for line in b) if tall else 0
    for number, block in enumerate(blocks):
        following = blocks[number + 1] if number + 1 < len(blocks) else None
        if stands_alone is not None and _a_head(block, stands_alone, page_width):
            after_a_whole = not paragraphs or paragraphs[-1].head
            # `家住新华街道的退休职工李桂` | `英是一名……`: a paragraph's first line, cut
            goes_on = (
                following is not None
                and not following[0].indented
                and not (len(following) == 1 and stands_alone(following[0]))
                and join_evidence(block[-1].text, following[0].text) > 0
            )
            if (after_a_whole or is_terminated(paragraphs[-1].text)) and not goes_on:
                head = WrappedParagraph(block[0].text, [block[0].number], [len(block[0].text)])
                for line in block[1:]:  # a headline wrapped over two lines
                    head.add(line)
                head.head = True
                paragraphs.append(head)
                continue
        widths = [len(line.text) for line in block]
        width = int(statistics.median(widths[:-1] if len(widths) > 1 else widths))
        current: WrappedParagraph | None = None
        for i, line in enumerate(block):
            starts_new = current is None or line.indented
            if current is not None and i > 0:
                previous = block[i - 1].text
                starts_new = starts_new or (is_terminated(previous) and len(previous) < width - 1)
            if starts_new:
                if current is not None:
                    paragraphs.append(current)
                continuing = (
                    current is None
                    and i == 0
                    and paragraphs
                    and not paragraphs[-1].head
                    and (indenting or not is_terminated(paragraphs[-1].text))
                    and not line.indented
                )
                if continuing:
                    current = paragraphs.pop()
                    current.add(line)
                else:
                    current = WrappedParagraph(line.text, [line.number], [len(line.text)])
            else:
                current.add(line)
        if current is not None:
            paragraphs.append(current)
    return paragraphs
