"""Hard-wrapped pages (lines cut at a fixed width, no headlines).

The lines are re-joined into paragraphs; no headline is invented from a body line.
The text is divided where the wrap width changes (a different column of print),
and every piece is flagged for an editor to title.
"""

from .layout import Line, unwrap
from .model import Block, ParsedArticle, ParsedPage
from .stitching import ENDS_MID, NO_HEADLINE, STARTS_MID
from .text import is_terminated, starts_mid_sentence

WIDTH_CHANGE = 4  # characters of wrap width that mark another column of print


def parse_wrapped(lines: list[Line]) -> ParsedPage:
    page = ParsedPage()
    width = None
    for paragraph in unwrap(lines):
        current = page.articles[-1] if page.articles else None
        other_column = width is not None and abs(paragraph.width - width) > WIDTH_CHANGE
        ends_cut = current is not None and not is_terminated(current.body[-1].text)
        if current is None or (other_column and not ends_cut):
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
