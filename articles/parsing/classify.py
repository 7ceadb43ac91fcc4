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
from .headlines import RUBRIC_RE
from .layout import Line
from .model import Caption, Credit
from .text import JUMP_RE, chinese_number, ends_on_a_function_word, is_terminated, norm

EDITOR_NOTE_RE = re.compile(r"^[【\[]?编者按[】\]]?\s*[：:]?\s*(?P<rest>.*)$", re.S)
SERIES_RE = re.compile(
    r"^(?P<name>.{2,40}?)(?:系列报道|系列评论|系列访谈|系列)\s*"
    r"(?:[（(]\s*(?P<number>[一二三四五六七八九十百零〇两\d]{1,5})\s*[）)]"
    r"|之(?P<number2>[一二三四五六七八九十百零〇两\d]{1,5}))$"
)
# Page names (版名) end like this: `平城头条`, `要闻`, `综合新闻`, `文化副刊`.
PAGE_NAME_RE = re.compile(
    r"^.{0,6}(头条|要闻|新闻|综合|专版|专刊|副刊|文艺|体育|社会|民生|经济|教育|视点|关注|聚焦|时政|周刊|"
    r"党建|文化|法治|广告|评论|理论|旅游|纵深|观察|基层|动态|视窗|生活|健康|人物|公益|读书|科技)$"
)
# `一、突出理论宣讲，让党的声音更加响亮`, `（二）……`: a numbered section head (not
# `一、二年级的小学生……`, a count).
NUMBERED_HEAD_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\))(?![一二三四五六七八九十\d])"
)
BULLETS = "■□●○◆◇★☆▲△▶►•·"
HEADLINE_PUNCTUATION = set("，。；、,;：:（）()")
PHOTO_GAP = 2


@dataclass
class Item:
    """One line of the page with what it looks like on its own."""

    line: Line
    kind: str  # editor_note | series | column | jump | dateline | byline | credit | caption
    #            | numbered | short | body
    byline: Byline | None = None
    dateline: Dateline | None = None
    caption: Caption | None = None
    photographer: str | None = None
    series: tuple[str, int] | None = None
    jump: tuple[str, int] | None = None

    @property
    def text(self) -> str:
        return self.line.text

    @property
    def after_photo_gap(self) -> bool:
        return self.line.gap >= PHOTO_GAP

    @property
    def bulleted(self) -> bool:
        """`□ 王晓燕`, `■ 高标准`: a line printed after a bullet."""
        return self.line.text.strip()[:1] in BULLETS


def is_headline_like(text: str) -> bool:
    """Short, no sentence punctuation (but for one comma between two phrases: see
    `has_comma`), not ending on a word that needs a continuation (but for a closing
    `了`: see `ends_on_le`)."""
    n = norm(text)
    if has_comma(n):
        n = n.replace(",", "")
    if not n or len(n) > 32 or any(ch in HEADLINE_PUNCTUATION for ch in n):
        return False
    return not ends_on_a_function_word(n) or ends_on_le(n) or ends_on_de(n)


def headline_only_where_expected(text: str) -> bool:
    """A line that may be a headline, or a piece of a paragraph the extraction cut off:
    the page builder takes it for a headline only where one is expected."""
    return has_comma(text) or ends_on_le(text) or ends_on_de(text)


def ends_on_de(text: str) -> bool:
    """`“金牌月嫂”是怎样炼成的`: a headline may close on `的` too, but only right over a
    dateline or a byline (a paragraph cut after `的` is far more common)."""
    n = norm(text)
    return len(n) >= 6 and n.endswith("的") and n.count("“") == n.count("”")


def ends_on_le(text: str) -> bool:
    """`寒假“四点半课堂”开课了`: a headline may close on `了`, as a cut line may too."""
    n = norm(text)
    return len(n) >= 5 and n.endswith("了") and n.count("“") == n.count("”")


def has_comma(text: str) -> bool:
    """`老旧小区加装电梯，还需多方“搭把手”`: two phrases of four or more characters either
    side of one comma, in a line short enough to be a headline."""
    n = norm(text)
    parts = n.split(",")  # NFKC makes `，` a `,`
    balanced = n.count("“") == n.count("”")  # `“前天下午，居民……` is a cut quotation
    return len(parts) == 2 and all(len(p) >= 4 for p in parts) and len(n) <= 24 and balanced


def classify(line: Line, known_columns: set[str]) -> Item:
    text = line.text.lstrip(BULLETS).strip() or line.text
    n = norm(text)
    if n in known_columns or re.fullmatch(r"【[^】]{2,8}】", n):
        return Item(line, "column")
    match = EDITOR_NOTE_RE.match(text)
    if match and n.startswith(("编者按", "【编者按", "[编者按")):
        return Item(line, "editor_note")
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
    credit = parse_credit_line(text)
    if credit is not None and n.endswith("摄"):  # `本报记者 曹飞 摄`: a photo's credit
        return Item(line, "credit", caption=Caption("", credit[0]), photographer=credit[1])
    byline = parse_byline(text)
    if byline is None and text != line.text.strip() and looks_like_signature(text):
        byline = Byline(credits=[Credit(norm(text), "writer")])  # `□ 王晓燕`
    if byline is not None:
        return Item(line, "byline", byline=byline)
    if credit is not None:
        return Item(line, "credit", caption=Caption("", credit[0]), photographer=credit[1])
    caption = parse_caption(text)
    if caption is not None:
        return Item(line, "caption", caption=caption[0], photographer=caption[1])
    if is_numbered_head(n):
        return Item(line, "numbered")
    if n[:1] in "—－" and len(n) <= 40 and not is_terminated(n):
        return Item(line, "short")  # `——访平城区教育局党组书记、局长郭建平`: a subheadline
    if is_headline_like(text):
        return Item(line, "short")
    return Item(line, "body")


def without_note_label(text: str) -> str:
    """An editor's note without its printed label: `编者按：近日，……` → `近日，……`."""
    match = EDITOR_NOTE_RE.match(text.strip())
    return match["rest"].strip() if match else text.strip()


def is_numbered_head(text: str) -> bool:
    n = norm(text)
    return bool(NUMBERED_HEAD_RE.match(n)) and len(n) <= 30 and not is_terminated(n)


def is_page_name(text: str) -> bool:
    n = norm(text)
    return len(n) <= 8 and bool(PAGE_NAME_RE.match(n)) and not RUBRIC_RE.match(n)


# Page names no headline would be: `平城要闻`, `综合新闻`, `文艺副刊`.
SECTION_NAME_RE = re.compile(r"(头条|要闻|新闻|综合|专版|专刊|副刊|周刊|时政|视点|视窗|动态)$")


def is_section_name(text: str) -> bool:
    """A plain page name that names a section of the paper, never a story's headline."""
    return is_plain_page_name(text) and bool(SECTION_NAME_RE.search(norm(text)))


def is_plain_page_name(text: str) -> bool:
    """`平城头条`, `综合新闻`, `评论·理论`: a page name as pages print it over their articles,
    two words of two characters or so. A longer line that ends like one (`传承红色文化`,
    `关注老人健康`) is as likely an overline or a headline, and a lone `健康` a word."""
    return 4 <= len(norm(text).replace("·", "")) <= 5 and is_page_name(text)


def is_bare_name(text: str) -> bool:
    return looks_like_signature(text)
