"""Headline groups: which short line is the overline (引题), the headline (主题) and
the subheadline (副题), and which are a page banner (栏头) that heads nothing."""

import re
from dataclasses import dataclass, field

from .layout import Line
from .text import norm

DASHES = "—－-–"
# The words a place or an office ends on: `迎宾街道`, `平城区教育局`.
PLACE_WORDS = (
    "街道|社区|村|镇|乡|局|委|办|院|所|中心|公司|学校|小学|中学|大学|协会|部|队|站|厅|会|馆"
)
ORGANISATION_RE = re.compile(rf"(?:{PLACE_WORDS}|区|县|市)$")


# A rubric over a run of short pieces (`简讯`, `图片新闻`): it heads them all, not the first.
RUBRIC_RE = re.compile(r"^(?:简讯|短讯|快讯|资讯|要闻简报|新闻速递|图片新闻|新闻图片|一周要闻)$")


# An overline that states a campaign's theme opens on its verb: `助力文明城市创建`,
# `聚焦“六稳”“六保”`. A report's subheadline names its genre: `……见闻`, `……纪实`.
THEME_RE = re.compile(
    r"^(?:助力|聚焦|喜迎|奋进|践行|深化|推进|加快|深入|决战|打好|巩固|持续|全力|凝心|砥砺|"
    r"弘扬|创建|争创|坚持|落实|扎实|贯彻|学习|牢记|紧扣|庆祝|迎接)"
)
REPORT_GENRE_RE = re.compile(r"(纪实|见闻|走笔|侧记|综述|总结|速写|掠影|调查|札记|小记|故事|巡礼)$")


def reads_as_a_theme(overline: str, headline: str) -> bool:
    """`助力文明城市创建` / `某某街道开展冬季环境卫生整治`: a theme over a news headline,
    not a feature's headline over its subheadline (`……见闻` always is one)."""
    return bool(THEME_RE.match(norm(overline))) and not REPORT_GENRE_RE.search(norm(headline))


@dataclass
class Unit:
    text: str
    lines: list[Line]
    pair: bool = False  # two parallel halves printed on two lines


@dataclass
class Head:
    overline: str | None = None
    headline: str | None = None
    subheadline: str | None = None
    lines: list[str] = field(default_factory=list)  # the lines used
    # Two lines, the first not a place: an overline over a news headline, or a feature's
    # headline over its subheadline. Decided once the article shows what it is.
    overline_or_headline: bool = False
    leftover: list[str] = field(default_factory=list)  # banner lines


def _parallel(a: Line, b: Line) -> bool:
    """`弘扬创新精神` / `激发平城活力`: two halves of one headline."""
    la, lb = len(_words(a.text)), len(_words(b.text))
    plain = " " not in a.text.strip() and " " not in b.text.strip()
    places = _names_a_place(a.text) or _names_a_place(b.text)
    return plain and 3 <= la <= 10 and abs(la - lb) <= 1 and not places


def _words(text: str) -> str:
    """The characters that give a half its length: `激活“末梢神经”` is as long as `做实网格治理`."""
    return re.sub(r"[“”‘’\"'《》「」]", "", norm(text))


# A place or an office as an overline names it: `开源街道`, `平城区教育局`, `平城区马军营街道`,
# `云冈区`. No verb or preposition stands right before the place word (`文化进社区` is a
# phrase), and a district (`区`) is a short name (`创建文明城区` is a phrase too).
_DISTRICT = r".{1,2}[^社小景园校片辖][市区县]"  # `平城区`, `大同市` (not `……社区`, `小区`)
PLACE_RE = re.compile(
    rf"^(?:{_DISTRICT})?(?:{_DISTRICT}|.{{0,4}}[^进到在让为与把](?:{PLACE_WORDS}))$"
)


def _names_a_place(text: str) -> bool:
    """`开源街道`, `平城区南关街道`, `平城区教育局`; not `非遗年俗进社区` or `创建文明城区`,
    phrases that end on a place."""
    return bool(PLACE_RE.match(norm(text)))


def head_units(lines: list[Line]) -> list[Unit]:
    units: list[Unit] = []
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and _parallel(lines[i], lines[i + 1]):
            text = f"{lines[i].text.strip()} {lines[i + 1].text.strip()}"
            units.append(Unit(text, lines[i : i + 2], pair=True))
            i += 2
        else:
            units.append(Unit(lines[i].text.strip(), [lines[i]]))
            i += 1
    return units


def _without_banner(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """A block of two or more lines that is not itself a headline pair, followed by more
    headline lines, is a page banner (`在跨入第一方阵中彰显平城担当 / 怎么看 怎么办`)."""
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks and blocks[-1][-1].block == line.block:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    banner: list[Line] = []
    while (
        len(blocks) > 1
        and len(blocks[0]) >= 2
        and not (len(blocks[0]) == 2 and _parallel(*blocks[0]))
    ):
        banner.extend(blocks.pop(0))
    return [line for block in blocks for line in block], banner


def resolve_head(lines: list[Line]) -> Head:
    """Split a group of headline lines into overline, headline and subheadline.

    >>> from .layout import Line
    >>> h = resolve_head([Line("新华街道", 1, 0, 0), Line("开展全员核酸检测桌面推演", 3, 1, 1)])
    >>> (h.overline, h.headline)
    ('新华街道', '开展全员核酸检测桌面推演')
    """
    lines, banner = _without_banner(lines)
    head = Head(leftover=[line.text for line in banner])
    dashed = None
    if lines and lines[-1].text.lstrip()[:1] in DASHES and len(lines) > 1:
        head.subheadline = dashed = lines[-1].text.strip()
        lines = lines[:-1]
    units = head_units(lines)
    while (
        len(units) > (2 if head.subheadline else 3)
        or _above_a_place(units)
        or (len(units) > 1 and RUBRIC_RE.match(norm(units[0].text)))
    ):
        head.leftover.extend(line.text for line in units.pop(0).lines)
    if len(units) == 1:
        head.headline = units[0].text
    elif len(units) == 2:
        first, second = units
        if _is_headline_then_subheadline(first, second) and not head.subheadline:
            head.headline, head.subheadline = first.text, second.text
        else:
            head.overline, head.headline = first.text, second.text
            head.overline_or_headline = not (first.pair or _is_place(first)) and len(
                norm(second.text)
            ) > len(norm(first.text))
    elif len(units) == 3:
        head.overline, head.headline, head.subheadline = (u.text for u in units)
    head.lines = [line.text for unit in units for line in unit.lines]
    if dashed:
        head.lines.append(dashed)
    return head


def _above_a_place(units: list[Unit]) -> bool:
    """`街道社区` / `开源街道` / headline: the place is the overline, and a line above it
    (the page's name, a rubric) heads nothing."""
    return len(units) == 3 and _is_place(units[1]) and not _is_place(units[2])


def _is_place(unit: Unit) -> bool:
    return not unit.pair and _names_a_place(unit.text)


def _is_headline_then_subheadline(first: Unit, second: Unit) -> bool:
    """`学以致用 融会贯通` / `小南头街道立足实践创新理论学习模式`: a headline in two halves on
    one line, then a longer line that explains it. Otherwise the first line is an
    overline: a place (`迎宾街道`), a theme (`助力“首善平城”建设`) or a pair of phrases."""
    if first.pair or ORGANISATION_RE.search(norm(first.text)):
        return False
    if re.fullmatch(r"“[^“”]+”", norm(first.text)):  # `“送温暖 迎新春”`: a campaign's slogan
        return False
    halves = first.text.split()
    return len(halves) == 2 and len(norm(second.text)) > len(norm(first.text))
