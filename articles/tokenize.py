"""The one place that imports jieba.

Everything that segments Chinese text (the page parser's stitching, keywords,
the search index) calls these functions, so jieba is loaded once per process
and the newsroom's user dictionary is applied everywhere alike.

This module is pure Python: no Django imports, so the parser can use it.
"""

import functools
import logging
import math
import os
import threading
import time

_lock = threading.RLock()

# The user dictionary (jieba's format: ``word [freq [tag]]`` per line), set by
# use_user_dictionary(). Every process loads it with jieba and looks at most
# every RELOAD_CHECK_SECONDS whether another process rewrote it (its mtime and
# size); then words new to the file are added and words gone from it removed.
RELOAD_CHECK_SECONDS = 3.0
_user_dictionary = {"path": None, "stamp": None, "checked": 0.0}
# Words this module added to jieba, with jieba's own frequency before (or None).
_added: dict[str, int | None] = {}


@functools.cache
def _load_jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _lock:
        jieba.initialize()
    return jieba


def _jieba():
    jieba = _load_jieba()
    if time.monotonic() - _user_dictionary["checked"] >= RELOAD_CHECK_SECONDS:
        reload_user_dictionary()
    return jieba


def use_user_dictionary(path) -> None:
    """Make ``path`` this process's user dictionary (loaded now if jieba is loaded).

    A missing file counts as empty: the dictionary is built by a command and
    may not exist yet.
    """
    with _lock:
        _user_dictionary.update(path=str(path), stamp=None, checked=0.0)
        if _load_jieba.cache_info().currsize:
            reload_user_dictionary(force=True)


def reload_user_dictionary(force: bool = False) -> bool:
    """Bring jieba in line with the user dictionary file if it changed; True if it did."""
    jieba = _load_jieba()
    with _lock:
        _user_dictionary["checked"] = time.monotonic()
        path = _user_dictionary["path"]
        stamp = _stamp(path)
        if stamp == _user_dictionary["stamp"] and not force:
            return False
        _apply(jieba, _read_words(path) if stamp else set())
        _user_dictionary["stamp"] = stamp
        return True


def _stamp(path):
    try:
        status = os.stat(path) if path else None
    except FileNotFoundError:
        return None
    return status and (status.st_mtime_ns, status.st_size)


def _read_words(path):
    try:
        with open(path, encoding="utf-8") as lines:
            return {line.split()[0] for line in lines if line.strip()}
    except FileNotFoundError:
        return set()


def _apply(jieba, words):
    from jieba import finalseg

    for word in sorted(set(_added) - words):
        original = _added.pop(word)
        # Back to what a fresh process has: jieba's own frequency, or unknown.
        jieba.add_word(word, original or 0)
        finalseg.Force_Split_Words.discard(word)
    for word in sorted(words - set(_added)):
        _added[word] = jieba.get_FREQ(word) or None
        jieba.add_word(word)
        finalseg.Force_Split_Words.discard(word)


def tokenize(text: str) -> list[str]:
    """Segment ``text`` into words, e.g. ``tokenize("双百工程") == ["双百", "工程"]``."""
    return [w for w in _jieba().lcut(text) if w.strip()]


def is_word(word: str) -> bool:
    """True when ``word`` is in jieba's dictionary (with a frequency above zero)."""
    return bool(_jieba().get_FREQ(word))


def word_frequency(word: str) -> int:
    """The dictionary frequency of ``word`` (0 when jieba does not know it)."""
    return _jieba().get_FREQ(word) or 0


def add_words(words) -> None:
    """Add words to this process's dictionary for good (the user dictionary's are
    kept in step with its file instead)."""
    jieba = _jieba()
    for word in words:
        if word and word.strip():
            jieba.add_word(word.strip())


# Words on nearly every article of this paper, useless as keywords.
STOP_WORDS = frozenset(
    "本报讯 本报 记者 通讯员 实习生 本报记者 评论员 平城区 平城 大同 大同市 街道 社区 工作 "
    "开展 进一步 积极 全面 推进 加强 提升 活动 近日 日前 今年 同时 以来 通过 进行 "
    "我们 他们 自己 一个 一些 表示 介绍 据悉 据了解 目前 这些 这个 作为 不断 相关".split()
)


# An IDF file learned from the archive (see write_idf_file); used when it exists.
_idf_file: dict = {"path": None, "loaded": None}


def use_idf_file(path) -> None:
    """Weigh keywords with the IDF in ``path`` (jieba's ``word idf`` lines) once it exists."""
    _idf_file["path"] = str(path)


def write_idf_file(path, document_frequency: dict, documents: int, share=0.05) -> int:
    """Write jieba's general IDF, lowered for the words common in this archive.

    A word in at least ``share`` of the archive's ``documents`` (``平城区``,
    ``记者``...) gets ``min(general, log(documents / frequency))``: the paper's
    everyday words stop crowding out the words that tell one article from another.
    Words jieba's IDF does not know (the user dictionary's street and community
    names) would otherwise get its median IDF, high: they get the local value.
    Returns how many words were lowered.
    """
    import jieba.analyse

    general = dict(jieba.analyse.default_tfidf.idf_freq)
    lowered = 0
    for word, count in document_frequency.items():
        if count >= share * documents:
            local = math.log(documents / count)
            if local < general.get(word, math.inf):
                general[word], lowered = local, lowered + 1
    lines = "".join(f"{word} {value:.6f}\n" for word, value in general.items())
    with open(path, "w", encoding="utf-8") as out:
        out.write(lines)
    _idf_file["loaded"] = None
    return lowered


def _keyword_extractor():
    import jieba.analyse
    from jieba.analyse.tfidf import DEFAULT_IDF  # the module; jieba.analyse.tfidf is a function

    _jieba()
    path = _idf_file["path"]
    wanted = path if path and os.path.exists(path) else None
    if wanted != _idf_file["loaded"]:
        with _lock:
            jieba.analyse.default_tfidf.idf_loader.path = ""  # reload a rewritten file
            jieba.analyse.set_idf_path(wanted or DEFAULT_IDF)
            _idf_file["loaded"] = wanted
    return jieba.analyse


def extract_keywords(text: str, topk: int = 8) -> list[tuple[str, float]]:
    """The ``topk`` TF-IDF keywords of ``text`` as (word, weight), stop words removed.

    >>> [w for w, _ in extract_keywords("平城区开展反邪教宣传进校园活动，反邪教宣传……")][:1]
    ['反邪教']
    """
    pairs = _keyword_extractor().extract_tags(text, topK=topk * 3, withWeight=True)
    keep = [(w, round(float(x), 6)) for w, x in pairs if _is_keyword(w)]
    return keep[:topk]


def _is_keyword(word: str) -> bool:
    return len(word) >= 2 and word not in STOP_WORDS and not word.isdigit()
