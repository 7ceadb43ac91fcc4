"""What each line of a page is, judged from the line alone.

The page builder (page.py) then decides from the neighbours: a short line may be a
headline, an overline, a section head, a page name or the cut end of a paragraph.
"""

import re
from dataclasses import dataclass

from .bylines import (
    Byline,
    Dateline,
    looks_like_signature,
    parse_byline,
    parse_caption,
    parse_credit_line,
    parse_dateline,
)
from .layout import Line
from .model import Caption
from .text import TRAILING_FUNCTION_CHARS, chinese_number, norm

EDITOR_NOTE_RE = re.compile(r"^[【\[]?编者按[】\]]?\s*[：:]?\s*(?P<rest>.*)$")
SERIES_RE = re.compile(
    r"^(?P<name>.{2,40}?)(?:系列报道|系列评论|系列访谈|系列)\s*"
    r"(?:[（(]\s*(?P<number>[一二三四五六七八九十百零〇两\d]{1,5})\s*[）)]"
    r"|之(?P<number2>[一二三四五六七八九十百零〇两\d]{1,5}))$"
)
JUMP_RE = re.compile(
    r"[（(]\s*(?P<way>下转|转|上接|接)\s*第?\s*(?P<page>\d{1,2}|[一二三四五六七八九十]{1,3})\s*版\s*[）)]"
)
# Page names (版名) end like this: `平城头条`, `要闻`, `综合新闻`, `文化副刊`.
PAGE_NAME_RE = re.compile(
    r"^.{0,6}(头条|要闻|新闻|综合|专版|专刊|副刊|文艺|体育|社会|民生|经济|教育|视点|关注|聚焦|时政|周刊|"
    r"党建|文化|法治|广告|评论|理论|旅游|纵深|观察)$"
)
BULLETS = "■□●○◆◇★☆▲△▶►•·"
HEADLINE_PUNCTUATION = set("，。；、,;：:（）()")
PHOTO_GAP = 2


@dataclass
class Item:
    """One line of the page with what it looks like on its own."""

    line: Line
    kind: str  # editor_note | series | column | jump | dateline | byline | credit | caption
    #            | short | body
    byline: Byline | None = None
    dateline: Dateline | None = None
    caption: Caption | None = None
    photographer: str | None = None
    series: tuple[str, int] | None = None
    note: str | None = None  # editor's note text on the same line as `编者按：`
    jump: tuple[str, int] | None = None

    @property
    def text(self) -> str:
        return self.line.text

    @property
    def after_photo_gap(self) -> bool:
        return self.line.gap >= PHOTO_GAP


def is_headline_like(text: str) -> bool:
    """Short, no sentence punctuation, not ending on a word that needs a continuation."""
    n = norm(text)
    if not n or len(n) > 32 or any(ch in HEADLINE_PUNCTUATION for ch in n):
        return False
    return n[-1] not in TRAILING_FUNCTION_CHARS


def classify(line: Line, known_columns: set[str]) -> Item:
    text = line.text.lstrip(BULLETS).strip() or line.text
    n = norm(text)
    if n in known_columns or re.fullmatch(r"【[^】]{2,8}】", n):
        return Item(line, "column")
    match = EDITOR_NOTE_RE.match(text)
    if match and n.startswith(("编者按", "【编者按", "[编者按")):
        return Item(line, "editor_note", note=match["rest"] or None)
    match = SERIES_RE.match(n)
    number = chinese_number(match["number"] or match["number2"]) if match else None
    if number is not None:
        return Item(line, "series", series=(line.text.strip(), number))
    match = JUMP_RE.fullmatch(n)
    if match:
        return Item(line, "jump", jump=(match["way"], chinese_number(match["page"])))
    dateline = parse_dateline(text)
    if dateline is not None:
        return Item(line, "dateline", dateline=dateline)
    byline = parse_byline(text)
    if byline is not None:
        return Item(line, "byline", byline=byline)
    credit = parse_credit_line(text)
    if credit is not None:
        return Item(line, "credit", caption=Caption("", credit[0]), photographer=credit[1])
    caption = parse_caption(text)
    if caption is not None:
        return Item(line, "caption", caption=caption[0], photographer=caption[1])
    if is_headline_like(text):
        return Item(line, "short")
    return Item(line, "body")


def is_page_name(text: str) -> bool:
    n = norm(text)
    return len(n) <= 8 and bool(PAGE_NAME_RE.match(n))


def is_bare_name(text: str) -> bool:
    return looks_like_signature(text)
