"""What the page parser produces: plain dataclasses, no Django.

``ParsedPage.to_dict()`` is the parse contract of DESIGN.md (what
``python manage.py parse_page FILE`` prints), plus a few keys the importer
uses (``dateline``, ``credits``, jumps).
"""

import re
from dataclasses import asdict, dataclass, field

KINDS = ("news", "commentary", "interview", "feature", "photo", "brief")
ROLES = ("writer", "photographer", "correspondent", "intern")


@dataclass
class Block:
    """One paragraph of an article's body, or a section head (小标题)."""

    type: str  # "paragraph" | "subhead"
    text: str


@dataclass
class Caption:
    """A photo caption (图片说明) and its credit (`孙露摄` → credit "孙露")."""

    text: str
    credit: str | None = None


@dataclass
class Credit:
    """A person named on an article, with the role the byline gives them."""

    name: str
    role: str  # one of ROLES


@dataclass
class ParsedArticle:
    overline: str | None = None
    headline: str | None = None
    subheadline: str | None = None
    kind: str = "news"
    column: str | None = None
    series: str | None = None
    series_number: int | None = None
    credits: list[Credit] = field(default_factory=list)
    dateline: str | None = None
    editor_note: str | None = None
    body: list[Block] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    jump_to_page: int | None = None  # （下转第2版）
    jump_from_page: int | None = None  # （上接第1版）

    @property
    def authors(self) -> list[str]:
        """Writers, correspondents and interns, in byline order (not photographers)."""
        return _unique(c.name for c in self.credits if c.role != "photographer")

    @property
    def series_name(self) -> str | None:
        """The series without its installment: `平城区“双百工程”巡礼系列报道（五）` →
        `平城区“双百工程”巡礼`."""
        if not self.series:
            return None
        name = re.sub(r"\s*(?:[（(][^（）()]*[）)]|之[^之]{1,5})\s*$", "", self.series.strip())
        return re.sub(r"(系列报道|系列评论|系列访谈|系列)$", "", name) or name

    @property
    def photographers(self) -> list[str]:
        return _unique(c.name for c in self.credits if c.role == "photographer")

    def flag(self, reason: str) -> None:
        """Add a review reason once."""
        if reason not in self.review:
            self.review.append(reason)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["authors"] = self.authors
        data["photographers"] = self.photographers
        data["series_name"] = self.series_name
        return data


@dataclass
class ParsedPage:
    page_name: str | None = None
    articles: list[ParsedArticle] = field(default_factory=list)
    leftover: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "page_name": self.page_name,
            "articles": [a.to_dict() for a in self.articles],
            "leftover": list(self.leftover),
        }


def _unique(names) -> list[str]:
    seen = []
    for name in names:
        if name not in seen:
            seen.append(name)
    return seen
