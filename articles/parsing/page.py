"""Assemble a page's lines into articles.

The builder walks the classified lines once, in reading order, opening an article
at each headline group (or at a dateline/byline/caption with no headline before
it), and collecting body paragraphs, captions and bylines into the open article.
Later passes (stitching.py) re-join what the extraction cut apart and flag what an
editor should look at.
"""

from . import verse
from .classify import (
    BULLETS,
    Item,
    classify,
    ends_on_de,
    headline_only_where_expected,
    is_bare_name,
    is_headline_like,
    is_page_name,
    is_plain_page_name,
    is_section_name,
)
from .draft import Draft, Pending
from .headlines import Head, head_units, resolve_head
from .jumps import opens_with_jump_in, record_jumps, takes_the_rest
from .layout import is_hard_wrapped, read_lines
from .model import Block, Caption, Credit, ParsedPage
from .stitching import STRONG_JOIN, UNSURE_JOIN, finish_articles, shares_more_words
from .text import (
    CONTINUATION_STARTS,
    JUMPS_IN,
    TRAILING_FUNCTION_CHARS,
    is_terminated,
    join_evidence,
    norm,
    starts_mid_sentence,
)
from .wrapped import headed_lines, parse_wrapped

DEFAULT_COLUMNS = ("平城新语",)


def parse_page(text: str, known_columns=DEFAULT_COLUMNS) -> ParsedPage:
    """Parse the text of one printed page into its articles.

    ``known_columns`` are the names of the paper's columns (栏目) such as 平城新语;
    a line that is exactly one of them opens a column article.
    """
    lines = read_lines(text)
    if not lines:
        return ParsedPage()
    if is_hard_wrapped(lines):
        headed = headed_lines(lines)
        if headed is None:
            return parse_wrapped(lines)
        lines = headed
    columns = {norm(c) for c in known_columns or ()}
    builder = PageBuilder([classify(line, columns) for line in lines])
    builder.build()
    articles = finish_articles(builder.drafts)
    return ParsedPage(page_name=builder.page_name, articles=articles, leftover=builder.leftover)


class PageBuilder:
    def __init__(self, items: list[Item]):
        self.items = items
        self.drafts: list[Draft] = []
        self.leftover: list[str] = []
        self.page_name: str | None = None
        self.pending = Pending()
        self.headlines: set[str] = set()  # normalised headlines already on the page
        self.head_lines: set[str] = set()  # every normalised line of those headline groups

    @property
    def current(self) -> Draft | None:
        return self.drafts[-1] if self.drafts else None

    def build(self) -> None:
        i = 0
        while i < len(self.items):
            i = self.step(i)
        if self.pending:
            self.flush_pending()
        for draft in self.drafts:
            if not draft.has_content:
                self.leftover.extend(draft.labels())
            elif draft.heads_nothing:  # a banner over a picture or a fragment
                self.leftover.extend(draft.head_lines + draft.labels())
        self.drafts = [d for d in self.drafts if d.has_content and not d.heads_nothing]

    # -- one line (or one run of short lines) at a time -----------------------------

    def step(self, i: int) -> int:
        item = self.items[i]
        if (
            item.after_photo_gap
            and item.kind in ("body", "short")
            and self.next_kind(i) == "credit"
        ):
            item.kind = "caption"
            item.caption = Caption(item.text)
        stanza = self.stanza_at(i)
        if stanza:
            return self.on_stanza(i, stanza)
        handler = getattr(self, f"on_{item.kind}")
        return handler(i, item)

    # -- verse: a poem's stanzas (verse.py) --------------------------------------------

    def stanza_at(self, i: int) -> list[Item]:
        """The stanza that starts at line ``i``, under a poem's headline."""
        draft = self.current
        if draft is None or self.pending or not draft.has_head:
            return []
        if draft.body_started and not draft.verse:
            return []
        block = verse.block_at(self.items, i)
        # under a signature, the first stanza needs no more lines than the others
        first = not (draft.verse or draft.start_byline)
        if not verse.is_stanza(block, first):
            return []
        after = i + len(block)
        if after < len(self.items) and self.items[after].kind == "dateline":
            return []  # a headline group over a news story
        signed = draft.start_byline or draft.verse or verse.signed_after(self.items, i)
        return block if signed else []

    def on_stanza(self, i: int, stanza: list[Item]) -> int:
        draft = self.current
        for item in stanza:
            draft.article.body.append(Block("paragraph", item.text))
        draft.verse = True
        draft.last_was_body = False
        return i + len(stanza)

    def next_kind(self, i: int) -> str | None:
        return self.items[i + 1].kind if i + 1 < len(self.items) else None

    def on_editor_note(self, i: int, item: Item) -> int:
        """`编者按：` on its own line, or with the note after it: kept as printed, label and
        all, either way (the importer stores the note without its label)."""
        self.pending.editor_note.append(item.text.strip())
        self.pending.note_open = True
        self.mark_not_body()
        return i + 1

    def on_series(self, i: int, item: Item) -> int:
        if self.pending.series:  # a series line that headed nothing
            self.leftover.append(self.pending.series[0])
        self.pending.series = item.series
        self.pending.note_open = False
        self.mark_not_body()
        return i + 1

    def on_column(self, i: int, item: Item) -> int:
        if self.pending.column:  # a column name that headed nothing
            self.leftover.append(self.pending.column)
        self.pending.column = item.text.strip("【】[] ")
        self.pending.note_open = False
        self.mark_not_body()
        return i + 1

    def on_jump(self, i: int, item: Item) -> int:
        """A jump line on its own: recorded on its story, its text kept with the page's
        leftover text."""
        way, number = item.jump
        self.leftover.append(item.text)
        draft = self.current
        if way not in JUMPS_IN:  # `（下转第2版）` ends what this page prints of the story above
            draft = draft or self.new_draft()
            draft.article.jump_to_page = number
            draft.jumped_away = True
            return i + 1
        if draft is None or self.pending or not takes_the_rest(draft):
            draft = self.new_draft()
        draft.article.jump_from_page = number
        return i + 1

    def on_dateline(self, i: int, item: Item) -> int:
        draft = self.current
        if draft is None or draft.body_started or draft.article.dateline or self.pending:
            draft = self.new_draft()
        draft.article.dateline = item.dateline.text
        self.add_credits(draft, item.dateline.byline)
        if item.dateline.rest:
            self.add_paragraph(draft, item.dateline.rest, item)
        return i + 1

    def on_byline(self, i: int, item: Item) -> int:
        draft = self.current
        if item.bulleted and draft is not None and draft.body_started:
            if self.bulleted_head(i):  # `■ 高标准` between paragraphs: a section head
                item.kind = "short"
                return self.on_short(i, item)
        if draft is not None and not draft.body_started and not self.pending:
            draft.start_byline = draft.start_byline or bool(item.byline.credits)
        elif draft is not None and draft.body_started and self.signs_above(i):
            draft.end_byline = True
        else:
            draft = self.new_draft()
            draft.start_byline = bool(item.byline.credits)
        self.add_credits(draft, item.byline)
        if item.byline.unknown:  # kept as printed for the editor (the article is flagged)
            self.leftover.append(item.text)
        draft.last_was_body = False
        return i + 1

    def signs_above(self, i: int) -> bool:
        """Whether the byline at line ``i`` signs the text above it: the next piece, a
        contributor's note (`（作者单位：……）`) or a jump line follows it."""
        if self.ends_article(i + 1):
            return True
        after = norm(self.items[i + 1].text)
        return after.startswith("(作者") or opens_with_jump_in(after)

    def bulleted_head(self, i: int) -> bool:
        """`■ 高标准` between two paragraphs: a short section head, not a signature."""
        return len(norm(self.items[i].text).lstrip(BULLETS)) <= 8 and not self.signs_above(i)

    def ends_article(self, i: int) -> bool:
        """Whether what starts at line ``i`` cannot continue the open article."""
        if i >= len(self.items):
            return True
        item = self.items[i]
        return item.kind != "body" or item.after_photo_gap

    def on_credit(self, i: int, item: Item) -> int:
        draft = self.current or self.new_draft()
        captions = draft.article.captions
        if captions and not captions[-1].credit:
            captions[-1].credit = item.caption.credit
        else:
            captions.append(Caption("", item.caption.credit))
        if item.photographer:
            draft.photographers.append(item.photographer)
        draft.last_was_body = False
        return i + 1

    def on_caption(self, i: int, item: Item) -> int:
        draft = self.current
        keeps = draft is not None and draft.has_head and not draft.body_started
        if draft is not None and draft.body_started and item.after_photo_gap:
            cut_across = self.paragraph_goes_on_after_picture(i)
            draft.resume_after_picture = cut_across
            keeps = cut_across or self.no_text_of_its_own(i) or self.story_goes_on(i)
        if not keeps and (item.after_photo_gap or draft is None):
            draft = self.new_draft()
        draft.article.captions.append(item.caption)
        if item.photographer:
            draft.photographers.append(item.photographer)
        if item.after_photo_gap and draft.pending_photo is None:
            draft.pending_photo = len(draft.article.captions) - 1
        draft.last_was_body = False
        return i + 1

    def past_the_picture(self, i: int) -> int:
        """The first line after the captions and credits that start at line ``i``."""
        j = i + 1
        while j < len(self.items) and self.items[j].kind in ("caption", "credit"):
            j += 1
        return j

    def paragraph_goes_on_after_picture(self, i: int) -> bool:
        """`……日间照料中心，` | picture, caption, credit | `就和社区卫生服务中心……`: a
        picture printed inside a paragraph the extraction cut; the paragraph goes on."""
        last = self.current.article.body[-1]
        if last.type != "paragraph" or is_terminated(last.text):
            return False
        j = self.past_the_picture(i)
        if j == len(self.items) or self.items[j].kind != "body":
            return False
        return self.cut_is_evident(last.text, self.items[j].text)

    def fragment_in_the_way(self, draft: Draft | None, item: Item) -> bool:
        """The open piece is a stray beginning (a dateline and half a sentence, no
        headline) and ``item`` does not go on with it but starts a sentence of its own,
        while the story before the stray beginning goes on: it stopped mid-sentence, or
        it is a signed feature or interview, printed around the stray piece."""
        if draft is None or draft.has_head or not draft.article.dateline or self.pending:
            return False
        body = draft.article.body
        if len(body) != 1 or not draft.last_was_body or is_terminated(body[0].text):
            return False
        if item.after_photo_gap or self.cut_is_evident(body[0].text, item.text):
            return False
        before = self.drafts[-2] if len(self.drafts) >= 2 else None
        if before is None or not before.body_started:
            return False
        # the story before goes on: it stopped mid-sentence, it is a long signed piece, or
        # the text is about what it is about
        goes_on = (
            before.start_byline
            or not is_terminated(before.article.body[-1].text)
            or shares_more_words(item.text, before.article, draft.article)
        )
        return goes_on and not starts_mid_sentence(item.text) and not opens_with_jump_in(item.text)

    def no_text_of_its_own(self, i: int) -> bool:
        """A picture after a story, with a headline or nothing after its caption: it
        illustrates the story above, not a story of its own."""
        j = i + 1
        while j < len(self.items) and self.items[j].kind in ("caption", "credit"):
            if self.items[j].after_photo_gap:
                return False
            j += 1
        return j == len(self.items) or self.items[j].kind == "short"

    def story_goes_on(self, i: int) -> bool:
        """A picture set inside a story: after its caption the text goes on with a new
        sentence up to the next head, unsigned or signed where the story is not signed
        yet (a piece of its own would open with a dateline, start mid-sentence, or end on
        a byline of its own)."""
        j = self.past_the_picture(i)
        if j == len(self.items):
            return False
        first = self.items[j]
        if first.kind != "body" or first.after_photo_gap or opens_with_jump_in(first.text):
            return False
        if starts_mid_sentence(first.text):
            return False
        while j < len(self.items) and self.items[j].kind == "body":
            j += 1
        if j == len(self.items) or self.items[j].kind != "byline":
            return True
        # signed at the end: the story's own signature, if nothing above signed it yet
        a = self.current.article
        return not (a.credits or a.dateline)

    def on_body(self, i: int, item: Item) -> int:
        if self.pending.note_open:
            self.pending.editor_note.append(item.text)
            return i + 1
        draft = self.current
        jump_in = opens_with_jump_in(item.text)
        if self.fragment_in_the_way(draft, item):
            # `本报讯（记者 X）……送春` printed inside another story: that story goes on
            self.drafts[-2:] = [self.drafts[-1], self.drafts[-2]]
            draft = self.current
        if draft is None or self.pending or (jump_in and not takes_the_rest(draft)):
            draft = self.new_draft()
        elif draft.jumped_away:
            # its story goes on on another page: this text is another piece's
            draft = self.new_draft()
        elif draft.pending_photo is not None and not draft.body_started:
            if draft.has_head and starts_mid_sentence(item.text):
                # a picture under a headline-only piece, then text cut from elsewhere:
                # the caption goes with the text, not with the headline
                moved = draft.article.captions[draft.pending_photo :]
                del draft.article.captions[draft.pending_photo :]
                moved_photographers = draft.photographers
                draft.photographers = []
                draft = self.new_draft()
                draft.article.captions.extend(moved)
                draft.photographers.extend(moved_photographers)
        self.add_paragraph(draft, item.text, item)
        return i + 1

    def on_numbered(self, i: int, item: Item) -> int:
        """`一、突出理论宣讲……` inside an article: a section head; elsewhere, text."""
        draft = self.current
        if draft is None or self.pending or not (draft.has_head or draft.body_started):
            item.kind = "body"
            return self.on_body(i, item)
        draft.article.body.append(Block("subhead", item.text))
        draft.last_was_body = False
        return i + 1

    def on_short(self, i: int, item: Item) -> int:
        end = i
        while end < len(self.items) and self.items[end].kind == "short":
            if end > i and self.items[end].after_photo_gap:
                break
            if end > i and verse.is_stanza(verse.block_at(self.items, end), first=True):
                break  # a poem's headline, then its first stanza
            end += 1
        run = self.items[i:end]
        draft = self.current
        following = self.items[end] if end < len(self.items) else None
        # the cut end of the paragraph before: `……街道` | `党工委通过……` (but a single line
        # over a dateline or a byline is that piece's headline: `……最后一公` | `平城区……`)
        over_a_piece = (
            len(run) == 1
            and following is not None
            and following.kind
            in (
                "dateline",
                "byline",
            )
        )
        if draft is not None and draft.last_was_body and not self.pending and not over_a_piece:
            last = draft.article.body[-1]
            if last.type == "paragraph" and join_evidence(last.text, run[0].text) >= STRONG_JOIN:
                self.add_paragraph(draft, run[0].text, run[0])
                return i + 1
        goes_on_below = (
            len(run) == 1
            and following is not None
            and following.kind == "body"
            and (following.text[:1].isdigit() or self.cut_is_evident(run[0].text, following.text))
        )  # `截至目前，志愿者已有` | `200余人，……`
        if headline_only_where_expected(run[0].text) and (
            goes_on_below
            or self.is_cut_tail(run)
            or not self.heads_a_piece(following, end)
            or (ends_on_de(run[0].text) and not over_a_piece)
        ):
            run[0].kind = "body"  # `截至目前，共检查` cut from its paragraph
            return self.on_body(i, run[0])
        if len(run) == 1 and following is not None and following.kind == "body":
            cut = following.text[:1] in CONTINUATION_STARTS or self.too_short_to_head(run[0])
            if not following.after_photo_gap and (
                cut or join_evidence(run[0].text, following.text) >= STRONG_JOIN
            ):
                run[0].kind = "body"
                return self.on_body(i, run[0])
        self.on_run(run, following, end)
        return end

    def too_short_to_head(self, item: Item) -> bool:
        """`关注老人` | `健康` | `状况……`: a word or two on its own line, inside a paragraph
        that has not ended, is a piece of it (no headline is that short)."""
        draft = self.current
        if draft is None or not draft.last_was_body or self.pending:
            return False
        last = draft.article.body[-1]
        return len(norm(item.text)) <= 3 and not is_terminated(last.text)

    def heads_a_piece(self, following: Item | None, end: int) -> bool:
        """Where a headline is expected: under an editor's note, a series or a column
        name, over a dateline or a byline, or over text signed at its end."""
        if self.pending:
            return True
        if following is not None and following.kind in ("dateline", "byline"):
            return True
        last = self.current.article.body[-1] if self.current and self.current.body_started else None
        after_a_whole = last is None or is_terminated(last.text)
        return after_a_whole and self.signed_below(end)

    def signed_below(self, i: int) -> bool:
        """From line ``i`` on, paragraphs only, up to a byline that signs them."""
        for j in range(i, len(self.items)):
            item = self.items[j]
            if item.kind == "byline":
                return j > i
            if item.kind != "body" or item.after_photo_gap:
                return False
        return False

    def is_cut_tail(self, run: list[Item]) -> bool:
        """`……逐一登记，` | `要求限期整改，确保到位` | headline: the first line of the run
        ends the open paragraph above (a headline with a comma is the last line of its
        group, but for a `——` subheadline), or a word runs across into it."""
        draft = self.current
        if draft is None or not draft.last_was_body or self.pending:
            return False
        last = draft.article.body[-1].text
        if is_terminated(last):
            return False
        above_a_head = len(run) > 1 and run[1].text.strip()[:1] not in "—－"
        return above_a_head or join_evidence(last, run[0].text) >= STRONG_JOIN

    # -- headline groups -------------------------------------------------------------

    def on_run(self, run: list[Item], following: Item | None, end: int) -> None:
        follows = following.kind if following is not None else None
        if self.page_name is None and is_plain_page_name(run[0].text):
            if run[0] is self.items[0] or len(run) > 1 or is_section_name(run[0].text):
                self.page_name = run.pop(0).text  # the page's name, above a head
                if not run:
                    return
        if follows in (None, "column", "series", "editor_note"):
            self.orphans(run)
            return
        if len(run) == 1 and follows == "body" and self.inside_a_story(run[0]):
            return
        author = None
        if (
            len(run) >= 2
            and is_bare_name(run[-1].text)
            and (self.pending.column or follows == "body")
            and not is_pair_of_phrases(run[-2], run[-1])
        ):
            author = run.pop()
        run = self.drop_repeated_headline(run)
        if not run:
            if author is not None:
                self.leftover.append(author.text)
            return
        if self.is_section_head(run, following, author, end):
            draft = self.current
            text = " ".join(item.text for item in run)
            draft.article.body.append(Block("subhead", text))
            draft.last_was_body = False
            return
        head = resolve_head([item.line for item in run])
        for text in head.leftover:
            self.set_aside(text)
        draft = self.new_draft(head)
        draft.banner_shaped = len(run) >= 2 and len({item.line.block for item in run}) == 1
        if author is not None:
            draft.article.credits.append(Credit(norm(author.text), "writer"))
            draft.start_byline = draft.signed_by_name = True

    def is_section_head(self, run: list[Item], following: Item, author, end: int) -> bool:
        """A short line (or a pair of halves) between complete paragraphs of a feature, a
        commentary or the rest of a story from another page is a section head (小标题),
        not a new article."""
        draft = self.current
        if draft is None or not draft.has_head or self.pending or author is not None:
            return False
        if draft.end_byline:  # signed: what follows is another piece
            return False
        a = draft.article
        if not (
            draft.start_byline
            or all(item.bulleted and len(norm(item.text)) <= 9 for item in run)  # `■ 高标准`
            or a.column
            or a.jump_from_page is not None
            or self.signed_at_the_end(draft, end)
        ):
            return False
        if following.kind != "body" or following.after_photo_gap:
            return False
        if opens_with_jump_in(following.text):  # a headline printed again over a rest
            return False
        body = draft.article.body
        # a headline over text cut from elsewhere; but where the piece has section heads
        # already, only punctuation opening the text is taken for a cut (`街中段……` is not)
        heads_before = any(block.type == "subhead" for block in body)
        if following.text.strip()[:1] in CONTINUATION_STARTS or (
            not heads_before and starts_mid_sentence(following.text)
        ):
            return False
        if body and body[-1].type == "paragraph" and not is_terminated(body[-1].text):
            return False
        return len(head_units([item.line for item in run])) == 1

    def inside_a_story(self, item: Item) -> bool:
        """The page's name printed inside a story, even inside a paragraph the extraction
        cut in two (`……却` | `评论·理论` | `居民自己……`), or any rubric inside a paragraph
        that stops on a comma: it is kept aside and the story goes on."""
        draft = self.current
        if draft is None or not draft.last_was_body:
            return False
        last = draft.article.body[-1].text
        if self.page_name is not None and norm(item.text) == norm(self.page_name):
            known = True
        elif self.page_name is None:  # a section's name anywhere, `关注健康` inside a cut
            cut = not is_terminated(last)
            known = is_section_name(item.text) or (cut and is_plain_page_name(item.text))
        else:
            known = False
        # a rubric printed where a paragraph stops on a comma (`……服务模式,` | `理论学习` |
        # `把群众的……`): the paragraph goes on below it
        if known or norm(last)[-1:] in OPEN_ENDS:
            self.set_aside(item.text)
            return True
        return False

    def signed_at_the_end(self, draft: Draft, i: int) -> bool:
        """A feature signed at its end (`……连心桥”。` / `本报记者 张彩峰`): it begins with a
        sentence of its own, and from line ``i`` on only paragraphs and single section
        heads come before a byline that closes a text. Section heads come two or more to
        a piece: one head line alone before a signature is as likely the next piece's."""
        a = draft.article
        if a.dateline or a.credits or not a.body or starts_mid_sentence(a.body[0].text):
            return False
        heads = sum(block.type == "subhead" for block in a.body) + 1
        shorts_in_a_row = 0
        for j in range(i, len(self.items)):
            item = self.items[j]
            if item.kind == "short":
                shorts_in_a_row += 1
                if shorts_in_a_row > 2 or item.after_photo_gap:
                    return False
                continue
            if item.kind != "body":
                closes = item.kind == "byline" and self.items[j - 1].kind == "body"
                return closes and heads >= 2
            heads += shorts_in_a_row > 0
            shorts_in_a_row = 0
        return False

    def orphans(self, run: list[Item]) -> None:
        """Short lines that head nothing: the page name, a banner, a rubric."""
        alone = len(run) == 1 or not any(d.has_head for d in self.drafts)
        for item in run:
            if alone:
                self.set_aside(item.text)
            else:
                self.leftover.append(item.text)
        self.mark_not_body()

    def set_aside(self, text: str) -> None:
        """A line that is no article's: the page's name when it is one and the page has
        none yet, the page's leftover text otherwise."""
        if self.page_name is None and is_page_name(text):
            self.page_name = text
        else:
            self.leftover.append(text)

    def drop_repeated_headline(self, run: list[Item]) -> list[Item]:
        """A headline group printed twice: the repeat goes to the leftover text."""
        if not any(norm(item.text) in self.headlines for item in run):
            return run
        kept = []
        for item in run:
            if norm(item.text) in self.head_lines:
                self.leftover.append(item.text)
            else:
                kept.append(item)
        return kept

    # -- building articles -----------------------------------------------------------

    def new_draft(self, head: Head | None = None) -> Draft:
        draft = Draft()
        article = draft.article
        before = self.current
        if before is not None and not before.has_content and before.article.jump_from_page:
            # `（上接第1版）` printed above the headline it continues
            article.jump_from_page = before.article.jump_from_page
            before.article.jump_from_page = None
        if head is not None:
            draft.has_head = True
            article.overline, article.headline = head.overline, head.headline
            article.subheadline = head.subheadline
            draft.overline_or_headline = head.overline_or_headline
            draft.head_lines = list(head.lines)
            self.headlines.add(norm(head.headline))
            self.head_lines.update(norm(line) for line in head.lines)
        if self.pending.editor_note:
            article.editor_note = "\n".join(self.pending.editor_note)
        if self.pending.series:
            article.series, article.series_number = self.pending.series
        if self.pending.column:
            article.column = self.pending.column
        self.pending = Pending()
        self.drafts.append(draft)
        return draft

    def flush_pending(self) -> None:
        """An editor's note, series line or column name with nothing after it."""
        if self.pending.editor_note:
            self.leftover.extend(self.pending.editor_note)
        if self.pending.column:
            self.leftover.append(self.pending.column)
        if self.pending.series:
            self.leftover.append(self.pending.series[0])
        self.pending = Pending()

    def mark_not_body(self) -> None:
        if self.current is not None:
            self.current.last_was_body = False

    def add_credits(self, draft: Draft, byline) -> None:
        for credit in byline.credits:
            if credit not in draft.article.credits:
                draft.article.credits.append(credit)
        draft.unknown_byline = draft.unknown_byline or byline.unknown
        draft.staff_commentary = draft.staff_commentary or byline.staff_commentary

    def add_paragraph(self, draft: Draft, text: str, item: Item) -> None:
        """Append a paragraph, re-joining it to the previous one when that was cut off."""
        text = record_jumps(draft, text)
        if not text:
            return
        body = draft.article.body
        across_picture = draft.resume_after_picture
        draft.resume_after_picture = False
        if (
            body
            and (draft.last_was_body or across_picture)
            and body[-1].type == "paragraph"
            and (across_picture or not item.after_photo_gap)
        ):
            if not is_terminated(body[-1].text):
                if not self.cut_is_evident(body[-1].text, text):
                    draft.article.flag(UNSURE_JOIN)
                body[-1].text += text
                draft.last_was_body = True
                return
        body.append(Block("paragraph", text))
        draft.last_was_body = True

    @staticmethod
    def cut_is_evident(left: str, right: str) -> bool:
        """A paragraph cut at a block boundary shows it: a word across the cut, a left
        side ending on `的/在/和…` or on a comma, or a right side opening with `的/，…`."""
        return (
            norm(left)[-1:] in TRAILING_FUNCTION_CHARS
            or norm(left)[-1:] in OPEN_ENDS
            or norm(right)[:1] in CONTINUATION_STARTS
            or join_evidence(left, right) > 0
        )


PHRASE = 4  # characters: the set phrases (成语, 四字格) heads are built from


def is_pair_of_phrases(first: Item, second: Item) -> bool:
    """`守护文脉` / `修旧如旧` printed together: two halves of a head, not a head and its
    writer's name."""
    a, b = norm(first.text), norm(second.text)
    return first.line.block == second.line.block and len(a) == len(b) == PHRASE


# A paragraph that stops on one of these (after NFKC) goes on in the next block.
OPEN_ENDS = set(",、:“‘(《")


__all__ = ["parse_page", "is_headline_like"]
