"""Hard-wrapped pages (lines cut at a fixed width).

The lines are re-joined into paragraphs; no headline is invented from a body line.
Where headlines and bylines are printed on lines of their own, the re-joined page is
read like any other (``headed_lines``). Otherwise the text is divided where the wrap
width changes (a different column of print), and every piece is flagged for an
editor to title.
"""

from .bylines import parse_byline, parse_dateline
from .classify import ends_on_de, is_headline_like, is_numbered_head
from .layout import Line, WrappedParagraph, unwrap
from .model import Block, ParsedArticle, ParsedPage
from .stitching import ENDS_MID, NO_HEADLINE, STARTS_MID
from .text import is_terminated, starts_mid_sentence

WIDTH_CHANGE = 4  # characters of wrap width that mark another column of print


def parse_wrapped(lines: list[Line]) -> ParsedPage:
    page = ParsedPage()
    width = None
    signed = False  # the piece above ended on its byline
    for paragraph in unwrap(lines, stands_alone=_printed_alone):
        current = page.articles[-1] if page.articles else None
        if paragraph.head and current is not None:  # a line of its own inside the text
            byline = parse_byline(paragraph.text) if len(paragraph.numbers) == 1 else None
            if byline is not None and byline.credits and not byline.unknown:
                current.credits.extend(byline.credits)
                signed = True
            else:
                current.body.append(Block("subhead", paragraph.text))
            continue
        other_column = width is not None and abs(paragraph.width - width) > WIDTH_CHANGE
        ends_cut = current is not None and not is_terminated(current.body[-1].text)
        if current is None or signed or (other_column and not ends_cut):
            signed = False
            current = ParsedArticle()
            page.articles.append(current)
        current.body.append(Block("paragraph", paragraph.text))
        width = paragraph.width
    for article in page.articles:
        article.flag(NO_HEADLINE)
        if starts_mid_sentence(article.body[0].text):
            article.flag(STARTS_MID)
        if not is_terminated(article.body[-1].text):
            article.flag(ENDS_MID)
    return page


def headed_lines(lines: list[Line]) -> list[Line] | None:
    """The page's lines with the wrapped paragraphs re-joined, one line each, when the
    page prints headlines on lines of their own; None when it prints none."""
    paragraphs = unwrap(lines, stands_alone=_printed_alone)
    if not _prints_headlines(paragraphs):
        return None
    first_line = {line.number: line for line in lines}
    joined = []
    for block, paragraph in enumerate(paragraphs):
        first = first_line[paragraph.numbers[0]]
        joined.append(Line(paragraph.text, first.number, block, first.gap, first.indented))
    return joined


def _prints_headlines(paragraphs: list[WrappedParagraph]) -> bool:
    """Two headlines on lines of their own, or one over a byline, a subheadline or a
    dateline: one short line alone is as likely a section head."""
    heads = [
        i
        for i, p in enumerate(paragraphs)
        if p.head and is_headline_like(p.text) and parse_byline(p.text) is None
    ]
    if len(heads) >= 2:
        return True
    return any(
        i + 1 < len(paragraphs)
        and (paragraphs[i + 1].head or parse_dateline(paragraphs[i + 1].text) is not None)
        for i in heads
    )


def _printed_alone(line: Line) -> str | None:
    """What a line printed on its own, in a block of its own, is: a headline, a
    subheadline (`——……`), a numbered section head or a byline; None for text."""
    text = line.text.strip()
    if parse_byline(text) is not None:
        return "byline"
    if text[:1] in "—－":
        return "subheadline"
    if is_numbered_head(text):
        return "numbered"
    if is_headline_like(text) and not ends_on_de(text):  # `……精心准备的` is a cut line
        return "headline"
    return None
