"""Marking the hits of a query in text for the results page."""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.search import text


def _hit_spans(value, query):
    """(start, end) of every hit of a query term in ``value``, merged and sorted.

    Matching is done on the NFKC/lower-case form character by character, so
    ``ＫＴＶ`` in the text is marked for the query ``ktv``; characters whose
    normal form changes length are compared through their own normal form.
    """
    folded, owner = [], []
    for index, ch in enumerate(value):
        norm = unicodedata.normalize("NFKC", ch).lower()
        folded.append(norm)
        owner.extend([index] * len(norm))
    flat = "".join(folded)
    spans = []
    for term in text.query_terms(query):
        for match in re.finditer(re.escape(term), flat):
            spans.append((owner[match.start()], owner[match.end() - 1] + 1))
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def has_hit(value, query) -> bool:
    """True when ``value`` contains a term of ``query`` (as ``highlight`` would mark it)."""
    return bool(_hit_spans(value or "", query or ""))


def highlight(value, query) -> SafeString:
    """``value`` HTML-escaped, with ``<mark>`` around every hit of ``query``.

    >>> highlight("平城区<b>双百工程</b>", "双百")
    '平城区&lt;b&gt;<mark>双百</mark>工程&lt;/b&gt;'
    """
    value = value or ""
    parts, last = [], 0
    for start, end in _hit_spans(value, query or ""):
        parts.append(escape(value[last:start]))
        parts.append(f"<mark>{escape(value[start:end])}</mark>")
        last = end
    parts.append(escape(value[last:]))
    return mark_safe("".join(parts))


def snippet(value, query, width=80) -> SafeString:
    """About ``width`` characters of ``value`` around the first hit, highlighted.

    Without a hit, the opening ``width`` characters. ``……`` marks a cut.
    """
    value = " ".join((value or "").split())
    spans = _hit_spans(value, query or "")
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 4, len(value) - width))
    end = start + width
    piece = highlight(value[start:end], query)
    prefix = "……" if start > 0 else ""
    suffix = "……" if end < len(value) else ""
    return mark_safe(f"{escape(prefix)}{piece}{escape(suffix)}")
