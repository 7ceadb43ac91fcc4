"""After the first assembly: put back together what the extraction cut apart, then
decide each article's kind and the reasons an editor should look at it.

- A headline printed in two halves over one story (`与美相携` … `共育美好`, both signed
  by the same writer) becomes one article.
- A fragment that sits far from its article (seed-like `本报讯（记者 X）……提升为民服`
  before another story, `务水平，近日……` several blocks later) is stitched back when
  jieba finds a word across the cut (`服|务` → `服务`) or the pieces share a topic;
  every stitched article is flagged.
"""

from __future__ import annotations

import re

from .draft import Draft
from .headlines import reads_as_a_theme
from .model import Block, Credit, ParsedArticle
from .text import content_words, is_terminated, join_evidence, norm, starts_mid_sentence

# Reasons an editor should look at an article (stored with the article, shown in the admin).
NO_HEADLINE = "无标题：请编辑拟定标题"
STARTS_MID = "开头不完整：正文从句子中间开始"
ENDS_MID = "结尾不完整：正文在句子中间结束"
STITCHED = "已拼接分散的段落，请核对"
DUPLICATE = "疑似重复段落"
UNKNOWN_BYLINE = "署名格式无法识别"
NO_BYLINE = "未找到署名"
NO_BODY = "标题下没有正文"
UNSURE_JOIN = "跨段拼接处缺少依据，请核对段落衔接"
JUMPS_AWAY = "转版：下文在其他版，请核对与续文的衔接"
JUMPS_IN_FROM = "转版：上文在其他版，请核对与前文的衔接"
STRONG_JOIN = 10  # dictionary frequency of the word across a cut, for joining far pieces
TOPIC_OVERLAP = 0.34  # share of a headline's words a headless fragment must contain


def finish_articles(drafts: list[Draft]) -> list[ParsedArticle]:
    drafts = merge_headline_halves(drafts)
    drafts = stitch_fragments(drafts)
    return [finish(d) for d in drafts]


def merge_headline_halves(drafts: list[Draft]) -> list[Draft]:
    """Two consecutive pieces under the same byline, the first cut mid-sentence and the
    second a bare headline: one story whose headline was printed in two halves."""
    merged: list[Draft] = []
    for draft in drafts:
        before = merged[-1] if merged else None
        if before is not None and _halves(before, draft):
            a, b = before.article, draft.article
            a.headline = f"{a.headline} {b.headline}"
            _join_paragraph_lists(a, b.body)
            a.captions.extend(b.captions)
            before.photographers.extend(draft.photographers)
            continue
        merged.append(draft)
    return merged


def _halves(a: Draft, b: Draft) -> bool:
    first, second = a.article, b.article
    same_byline = a.start_byline and b.start_byline and first.credits == second.credits
    plain_second = not (
        second.overline or second.subheadline or second.dateline or second.series or second.column
    )
    return (
        same_byline
        and plain_second
        and first.body
        and second.body
        and first.body[-1].type == "paragraph"
        and not is_terminated(first.body[-1].text)
    )


def _join_paragraph_lists(article: ParsedArticle, body: list) -> None:
    """Append ``body`` to the article, joining the cut paragraph across the seam."""
    if article.body and body and body[0].type == "paragraph":
        last = article.body[-1]
        if last.type == "paragraph" and not is_terminated(last.text):
            last.text += body[0].text
            body = body[1:]
    article.body.extend(body)


# -- fragments far from their article -----------------------------------------------


def stitch_fragments(drafts: list[Draft]) -> list[Draft]:
    """Join each headless beginning (`本报讯……` cut off mid-sentence) to its continuation
    and to the headlined article that lacks a beginning."""
    for fragment in [d for d in drafts if not d.has_head and d.has_beginning]:
        if not fragment.article.body:
            continue
        drafts = _follow_cut_paragraph(fragment, drafts)
        target = _article_missing_its_beginning(fragment, drafts)
        if target is not None:
            _prepend(fragment, target)
            drafts = [d for d in drafts if d is not fragment]
    return _complete_cut_endings(drafts)


def _complete_cut_endings(drafts: list[Draft]) -> list[Draft]:
    """Articles cut mid-sentence with no jump line: look on the page for the rest."""
    for draft in list(drafts):
        if draft in drafts and draft.article.jump_to_page is None:
            drafts = _follow_cut_paragraph(draft, drafts)
    return drafts


def _follow_cut_paragraph(fragment: Draft, drafts: list[Draft]) -> list[Draft]:
    """While the piece's last paragraph is cut, pull in what completes the word across
    the cut: a stray paragraph inside another article (`提升为民服` + `务水平，近日……`) or
    a headless piece with no beginning of its own (`加大巡查力` + `度，强化……`)."""
    for _ in range(5):
        last = fragment.article.body[-1] if fragment.article.body else None
        if last is None or last.type != "paragraph" or is_terminated(last.text):
            break
        best = max(_continuations(last.text, fragment, drafts), default=None, key=lambda c: c[0])
        if best is None:
            break
        _, draft, index = best
        if index is None:  # a whole headless piece
            _join_paragraph_lists(fragment.article, draft.article.body)
            fragment.article.captions.extend(draft.article.captions)
            fragment.photographers.extend(draft.photographers)
            drafts = [d for d in drafts if d is not draft]
        else:
            host = draft.article
            last.text += host.body.pop(index).text
            tail = host.body[index:]
            if tail and _closer_to(tail, fragment.article, host.body[:index], host):
                # the rest of the misplaced run went with it (`……走进北` + `关街道……`,
                # then more on the same subject, up to the next headline)
                del host.body[index:]
                fragment.article.body.extend(tail)
            host.flag(STITCHED)
        fragment.article.flag(STITCHED)
    return drafts


def _closer_to(
    tail: list[Block], fragment: ParsedArticle, before: list[Block], host: ParsedArticle
) -> bool:
    """Whether the paragraphs ``tail`` share more words with the fragment than with the
    text of their host above them."""
    words = content_words(" ".join(block.text for block in tail))
    if not words:
        return False
    return len(words & topic_words(fragment)) > len(words & topic_words(host, before))


def shares_more_words(text: str, one: ParsedArticle, other: ParsedArticle) -> bool:
    """Whether ``text`` shares more words with article ``one`` than with ``other``, and
    two at least (one word in common is chance)."""
    words = content_words(text)
    mine, theirs = len(words & topic_words(one)), len(words & topic_words(other))
    return mine >= 2 and mine > theirs


def topic_words(article: ParsedArticle, blocks: list[Block] | None = None) -> set[str]:
    """The words of an article's headline and text (or of ``blocks`` of it)."""
    blocks = article.body if blocks is None else blocks
    return content_words(" ".join([article.headline or ""] + [b.text for b in blocks]))


def _continuations(cut: str, fragment: Draft, drafts: list[Draft]):
    """(strength, draft, paragraph index or None for the whole piece) for each candidate."""
    for draft in drafts:
        a = draft.article
        if draft is fragment or not a.body or a.jump_from_page is not None:
            continue  # the rest of a story from another page belongs there
        labelled = a.column or a.series or a.editor_note
        if not (draft.has_head or draft.has_beginning or labelled):
            strength = join_evidence(cut, a.body[0].text)
            if strength >= STRONG_JOIN:
                yield strength, draft, None
        for index in range(1, len(a.body)):
            block, before = a.body[index], a.body[index - 1]
            if block.type != "paragraph" or not is_terminated(before.text):
                continue
            if starts_mid_sentence(block.text):
                strength = join_evidence(cut, block.text)
                if strength >= STRONG_JOIN:
                    yield strength, draft, index


def _article_missing_its_beginning(fragment: Draft, drafts: list[Draft]) -> Draft | None:
    """The headlined article with no dateline or byline whose topic the fragment shares.
    A beginning cut mid-sentence goes to the only news story that lacks one, if they
    share two words at least."""
    words = content_words(" ".join(_texts(fragment)))
    last = fragment.article.body[-1].text
    best, best_score = None, 0.0
    unsigned_news = []
    for draft in drafts:
        a = draft.article
        if draft is fragment or not draft.has_head or draft.has_beginning or not a.body:
            continue
        if a.jump_from_page is not None:
            continue  # the rest of a story from another page: its beginning is there
        head_words = content_words(f"{a.overline or ''} {a.headline or ''}")
        overlap = len(words & head_words) / max(len(head_words), 1)
        score = overlap + (
            0.5 if not is_terminated(last) and join_evidence(last, a.body[0].text) else 0
        )
        if score > best_score:
            best, best_score = draft, score
        if not (draft.end_byline or draft.verse or a.column or draft.staff_commentary):
            unsigned_news.append(draft)
    if best_score >= TOPIC_OVERLAP:
        return best
    if not is_terminated(last) and len(unsigned_news) == 1:
        (only,) = unsigned_news
        shared = words & content_words(" ".join([only.article.headline or ""] + _texts(only)))
        if len(shared) >= 2:  # one word in common is chance
            return only
    return None


def _texts(draft: Draft) -> list[str]:
    a = draft.article
    return [b.text for b in a.body] + [c.text for c in a.captions]


def _prepend(fragment: Draft, target: Draft) -> None:
    a, f = target.article, fragment.article
    a.dateline = a.dateline or f.dateline
    a.credits = f.credits + [c for c in a.credits if c not in f.credits]
    a.captions = f.captions + a.captions
    target.photographers = fragment.photographers + target.photographers
    target.unknown_byline = target.unknown_byline or fragment.unknown_byline
    body = list(f.body)
    rest = list(a.body)
    a.body = body
    _join_paragraph_lists(a, rest)
    a.editor_note = "\n".join(n for n in (f.editor_note, a.editor_note) if n) or None
    if f.column and a.column and f.column != a.column:
        a.editor_note = "\n".join(n for n in (a.editor_note, f.column) if n)
    a.column = a.column or f.column
    if f.series and not a.series:
        a.series, a.series_number = f.series, f.series_number
    elif f.series:
        a.editor_note = "\n".join(n for n in (a.editor_note, f.series) if n)
    a.flag(STITCHED)
    target.start_byline = target.start_byline or fragment.start_byline


# -- finishing ----------------------------------------------------------------------


def finish(draft: Draft) -> ParsedArticle:
    a = draft.article
    for name in draft.photographers:
        credit = Credit(norm(name), "photographer")
        if credit not in a.credits:
            a.credits.append(credit)
    signed = draft.start_byline or draft.end_byline
    if (
        draft.overline_or_headline
        and not a.dateline
        and signed
        and not reads_as_a_theme(a.overline, a.headline)
    ):
        # a signed feature: `“红色物业”唱响幸福曲` / `新建南路街道探索……` is its headline and
        # subheadline, where a news story's first line would be its overline
        a.overline, a.headline, a.subheadline = None, a.overline, a.headline
    a.kind = _kind(draft)
    _flag(draft)
    return a


def _kind(draft: Draft) -> str:
    a = draft.article
    text_length = sum(len(b.text) for b in a.body)
    if draft.verse:
        return "feature"  # a poem
    if a.column or draft.staff_commentary or draft.signed_by_name or _signed_by_a_contributor(a):
        return "commentary"
    if a.subheadline and norm(a.subheadline).lstrip("—－-–").startswith("访"):
        return "interview"
    if a.captions and text_length < 120:
        return "photo"
    if draft.start_byline and not a.dateline and text_length >= 800:
        return "feature"
    if a.dateline and text_length < 200:
        return "brief"
    return "news"


def _signed_by_a_contributor(article: ParsedArticle) -> bool:
    """`（作者系中共平城区委党校讲师）` closing a piece: an opinion or theory article."""
    last = norm(article.body[-1].text) if article.body else ""
    return bool(re.match(r"^[(（]作者(?:系|为|单位)", last))


def _flag(draft: Draft) -> None:
    a = draft.article
    paragraphs = [b for b in a.body if b.type == "paragraph"]
    if not a.headline:
        a.flag(NO_HEADLINE)
    if a.headline and not paragraphs:
        a.flag(NO_BODY)
    beginning = a.dateline or a.jump_from_page is not None
    if paragraphs and not beginning and starts_mid_sentence(paragraphs[0].text):
        a.flag(STARTS_MID)
    ending = paragraphs[-2:-1] if _signed_by_a_contributor(a) else paragraphs[-1:]
    if ending and not is_terminated(ending[0].text) and a.jump_to_page is None and not draft.verse:
        a.flag(ENDS_MID)
    # a story split over two pages: the import links the pieces, an editor checks them
    if a.jump_to_page is not None and paragraphs:
        a.flag(JUMPS_AWAY)
    if a.jump_from_page is not None and paragraphs:
        a.flag(JUMPS_IN_FROM)
    if draft.unknown_byline:
        a.flag(UNKNOWN_BYLINE)
    signed_elsewhere = a.jump_from_page is not None  # the byline is on the first page
    if (
        paragraphs
        and not a.credits
        and not (draft.staff_commentary or a.column or signed_elsewhere)
    ):
        a.flag(NO_BYLINE)
    if _has_duplicate(paragraphs):
        a.flag(DUPLICATE)


def _has_duplicate(paragraphs) -> bool:
    """Two paragraphs that share most of their character pairs."""
    grams = []
    for block in paragraphs:
        n = norm(block.text)
        grams.append({n[i : i + 2] for i in range(len(n) - 1)})
    for i, a in enumerate(grams):
        for b in grams[i + 1 :]:
            small = min(len(a), len(b))
            if small >= 15 and len(a & b) >= 0.8 * small:
                return True
    return False
