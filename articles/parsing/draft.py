"""An article while the page builder (page.py) assembles it, and what waits for its
headline (an editor's note, a series line, a column name)."""

from dataclasses import dataclass, field

from .model import ParsedArticle


@dataclass
class Draft:
    """An article being assembled, with what the builder knows about how it began."""

    article: ParsedArticle = field(default_factory=ParsedArticle)
    has_head: bool = False
    start_byline: bool = False  # `本报记者 X` right under the headline: a feature
    end_byline: bool = False
    pending_photo: int | None = None  # captions added since a picture, before any body
    last_was_body: bool = False  # the previous line went into this article's body
    unknown_byline: bool = False
    staff_commentary: bool = False
    signed_by_name: bool = False  # a bare name under the headline (`孙 权`): an opinion piece
    overline_or_headline: bool = False  # see Head.overline_or_headline
    head_lines: list[str] = field(default_factory=list)  # the head's lines, as printed
    banner_shaped: bool = False  # the head's two or more lines make one block
    verse: bool = False  # a poem: its lines are its paragraphs
    resume_after_picture: bool = False  # a picture was printed inside a cut paragraph
    jumped_away: bool = False  # `（下转第2版）` closed what this page prints of it
    photographers: list[str] = field(default_factory=list)

    @property
    def body_started(self) -> bool:
        return bool(self.article.body)

    @property
    def heads_nothing(self) -> bool:
        """A banner: lines printed together in one block, as a headline group, with nothing
        under them (no text, picture, byline or dateline). A headline printed in halves
        over nothing (`传承家风家训` / `弘扬中华美德`) stays, for an editor to place."""
        a = self.article
        return (
            self.banner_shaped
            and not (a.body or a.captions or a.credits or a.dateline or self.photographers)
            and a.jump_to_page is None
            and a.jump_from_page is None
        )

    @property
    def has_content(self) -> bool:
        a = self.article
        return bool(a.headline or a.body or a.captions or a.credits or self.photographers)

    def labels(self) -> list[str]:
        """The printed labels of an article that turned out to have no content."""
        a = self.article
        return [text for text in (a.series, a.column, a.editor_note) if text]

    @property
    def has_beginning(self) -> bool:
        return bool(self.article.dateline) or self.start_byline


@dataclass
class Pending:
    """What comes before a headline: editor's note, series line, column name."""

    editor_note: list[str] = field(default_factory=list)
    series: tuple[str, int] | None = None
    column: str | None = None
    note_open: bool = False

    def __bool__(self) -> bool:
        return bool(self.editor_note or self.series or self.column)
