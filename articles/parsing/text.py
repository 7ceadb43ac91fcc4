"""Small text helpers shared by the parser's steps (pure, no Django)."""

import re
import unicodedata

from articles.tokenize import tokenize, word_frequency

# A sentence is complete when it ends with one of these, possibly followed by closing quotes.
TERMINAL = "。！？!?…；;"
CLOSING = "”’」』）)》\"'"
# Characters that cannot end a headline: the line goes on in the next block.
TRAILING_FUNCTION_CHARS = set(
    "的地得了着过和与及并或而但在对将把被从向为于是有较更很最之其等让使由以"
)
# A block that opens with one of these continues the block before it.
CONTINUATION_STARTS = set("的地得之了着过，。、；：,.;:）)》”’…")
# Single characters that often open a sentence on their own (so a paragraph that starts
# with one is not evidence of a cut).
SENTENCE_OPENERS = set(
    "我你他她它这那此该在从据为对当近今去但而随让把被自与和经由向将因如若虽即每各有是"
    "一二三四五六七八九十首其又再也还更最凡共全本另同并既上下前后左右"
    "新老大小"  # `新时代`, `老平旺街道`, `小南头街道`: prefixes jieba splits off
)
CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CHINESE_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})
# A jump line: `（下转第2版）` (the story goes on there), `（上接第1版）` (it began there).
JUMP_RE = re.compile(
    r"[（(]\s*(?P<way>下转|转|上接|接)\s*第?\s*(?P<page>\d{1,2}|[一二三四五六七八九十]{1,3})\s*版\s*[）)]"
)
JUMPS_IN = ("上接", "接")
_JUMP = re.sub(r"\?P<\w+>", "", JUMP_RE.pattern)
EDGE_JUMPS_RE = re.compile(rf"^\s*(?:{_JUMP}\s*)+|(?:\s*{_JUMP})+\s*$")


def norm(text: str | None) -> str:
    """NFKC and no whitespace: how lines are compared (`孙 权` == `孙权`)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def clean(text: str) -> str:
    """Trim a line, dropping zero-width and control characters; every kind of space
    (ideographic, no-break, thin...) becomes a plain one."""
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Zs":
            kept.append(" ")
        elif category[0] != "C" or ch == "\t":
            kept.append(ch)
    return "".join(kept).strip()


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def without_jumps(text: str) -> str:
    """The text without the jump lines printed at its start or end: `（上接第1版）……`,
    `……。（下转第2版）` (they are not part of its sentences)."""
    return EDGE_JUMPS_RE.sub("", text).strip()


def is_terminated(text: str) -> bool:
    """True when ``text`` ends a sentence: `……点赞。”` yes, `提升为民服` no; a jump line
    after it does not count (`……点赞。（下转第2版）` yes)."""
    stripped = without_jumps(text).rstrip(CLOSING)
    return bool(stripped) and stripped[-1] in TERMINAL


def ends_on_a_function_word(text: str) -> bool:
    """`……服务群众的`, `……居民和`: the line stops on a word that needs what follows.
    `成长新天地`, `红色教育基地`, `和谐祥和` end on such a character, but inside a word."""
    n = norm(text)
    if not n or n[-1] not in TRAILING_FUNCTION_CHARS:
        return False
    return len(tokenize(n[-6:])[-1]) == 1


def chinese_number(text: str) -> int | None:
    """`五` → 5, `十二` → 12, `二十` → 20, `12` → 12; None when not a number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CHINESE_DIGITS and ch not in "十百" for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CHINESE_DIGITS[ch]
    return total + current


def join_evidence(left: str, right: str) -> int:
    """How strongly the characters across ``left|right`` form one word: 0 when jieba,
    segmenting the characters around the cut, makes no word that spans it
    (`定期进行|构筑`); otherwise the dictionary frequency of the best spanning word
    (`提升为民服|务水平` → `服务`, 13036), at least 1.
    """
    tail, head = norm(without_jumps(left))[-6:], norm(without_jumps(right))[:6]
    if not tail or not head:
        return 0
    best, position = 0, 0
    for token in tokenize(tail + head):
        end = position + len(token)
        if position < len(tail) < end and all(is_cjk(ch) for ch in token):
            cut = len(tail) - position
            spans = (
                token[cut - i : cut + j]
                for i in range(1, cut + 1)
                for j in range(1, len(token) - cut + 1)
            )
            best = max(1, best, *(word_frequency(word) for word in spans))
        position = end
    return best


def starts_mid_sentence(text: str) -> bool:
    """A paragraph that begins inside a sentence: `务水平，近日……`, `度，强化……`."""
    text = norm(without_jumps(text))
    if not text:
        return False
    if text[0] in "，。、；：,.;:）)》”’":
        return True
    first = tokenize(text[:8])[0]
    if len(first) != 1 or not is_cjk(first) or first in SENTENCE_OPENERS:
        return False
    return not (word_frequency(text[:2]) or word_frequency(text[:3]))


def content_words(text: str) -> set[str]:
    """Words of two or more characters, for judging whether two pieces share a topic."""
    return {w for w in tokenize(norm(text)) if len(w) >= 2 and all(is_cjk(c) for c in w)}
