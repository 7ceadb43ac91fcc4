"""Turning a page file's bytes into text, or a clear reason why not.

Accepted: UTF-8, UTF-8 with a byte-order mark, GB18030 (which includes GBK/GB2312).
"""

MAX_PAGE_BYTES = 2 * 1024 * 1024


class PageSourceError(ValueError):
    """The file cannot be a page of text; the message says why, in plain words."""


def decode_page(data: bytes, *, max_bytes: int = MAX_PAGE_BYTES) -> str:
    """Decode a page file; raise PageSourceError for empty, oversized, binary or
    undecodable input and for files with no text in them."""
    if not data.strip():
        raise PageSourceError("the file is empty")
    if len(data) > max_bytes:
        raise PageSourceError(f"the file is {len(data):,} bytes; the limit is {max_bytes:,}")
    if b"\x00" in data:
        raise PageSourceError("the file is binary (it contains NUL bytes), not text")
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise PageSourceError("the file is neither UTF-8 nor GB18030 text")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text) // 100):
        raise PageSourceError("the file is binary (control characters), not text")
    if not any(ch.isalnum() for ch in text):
        raise PageSourceError("the file has no parseable text")
    return text
