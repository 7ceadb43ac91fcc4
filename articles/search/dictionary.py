"""The newsroom's user dictionary for jieba: words the segmenter must keep whole.

Place names found in the archive (``…街道``, ``…社区``, ``…村``), authors,
column and series names, and the words editors add in the admin (词典词,
``SearchWord``). ``rebuild_user_dictionary`` writes them to
``settings.USER_DICTIONARY_PATH`` (default ``MEDIA_ROOT/search/userdict.txt``); every
process loads that file with jieba (``tokenize.use_user_dictionary``), and a
word an editor adds is added to the file and to this process at once.

The search index does not depend on it (it indexes characters, not words);
keywords and the page parser's joining of broken lines do.
"""

import re
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import transaction

from articles import tokenize

PLACE_SUFFIXES = ("街道", "社区", "村", "镇", "乡")
_PLACE = re.compile(r"([\u4e00-\u9fff]{1,8})(" + "|".join(PLACE_SUFFIXES) + ")")
# A place name must recur to count: one-off matches are mostly mis-cuts.
MIN_PLACE_COUNT = 2


def path() -> Path:
    default = Path(settings.MEDIA_ROOT) / "search" / "userdict.txt"
    return Path(getattr(settings, "USER_DICTIONARY_PATH", default))


def place_names(texts) -> Counter:
    """Place names in ``texts``: the word (or two, when the last is one character)
    before a place suffix, plus the suffix.

    >>> sorted(place_names(["平城区迎宾街道开展活动，迎宾街道居民"]))
    ['迎宾街道']
    """
    found = Counter()
    for value in texts:
        for match in _PLACE.finditer(value or ""):
            words = tokenize.tokenize(match.group(1))
            name = words.pop() if words else ""
            if len(name) == 1 and words:  # 水泊/寺: the name is 水泊寺
                name = words.pop() + name
            if len(name) >= 2:
                found[name + match.group(2)] += 1
    return Counter({name: n for name, n in found.items() if n >= MIN_PLACE_COUNT})


def newsroom_words() -> list[str]:
    """Every word of the user dictionary, sorted."""
    from articles.models import Article, Author, Column, Series
    from articles.search.models import SearchWord

    words = set(SearchWord.objects.values_list("word", flat=True))
    words |= {n for n in Author.objects.values_list("name", flat=True) if len(n) >= 2}
    words |= set(Column.objects.values_list("name", flat=True))
    words |= set(Series.objects.values_list("name", flat=True))
    texts = Article.objects.values_list("overline", "headline", "subheadline", "body")
    words |= set(place_names(" ".join(row) for row in texts.iterator(chunk_size=500)))
    return sorted(w for w in words if w.strip() and not any(c.isspace() for c in w))


def write(words) -> Path:
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text("".join(f"{word}\n" for word in words), encoding="utf-8")
    temporary.replace(target)
    return target


def rebuild() -> list[str]:
    """Collect the words, write the file, and load them in this process."""
    words = newsroom_words()
    write(words)
    tokenize.add_words(words)
    return words


def _word_saved(sender, instance, **kwargs):
    def add():
        target = path()
        existing = target.read_text(encoding="utf-8").split() if target.exists() else []
        if instance.word not in existing:
            write(sorted({*existing, instance.word}))
        tokenize.add_words([instance.word])

    transaction.on_commit(add)


def idf_path() -> Path:
    default = Path(settings.MEDIA_ROOT) / "search" / "idf.txt"
    return Path(getattr(settings, "KEYWORD_IDF_PATH", default))


def rebuild_idf() -> tuple[int, int]:
    """Learn from the archive which words are everyday words of this paper.

    Counts in how many articles each word occurs and writes jieba's IDF with
    those words lowered (``tokenize.write_idf_file``), for ``extract_keywords``.
    Returns (articles read, words lowered).
    """
    from articles.models import Article

    frequency, documents = Counter(), 0
    texts = Article.objects.values_list("headline", "body")
    for headline, body in texts.iterator(chunk_size=500):
        documents += 1
        frequency.update({w for w in tokenize.tokenize(f"{headline}\n{body}") if len(w) >= 2})
    target = idf_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    lowered = tokenize.write_idf_file(target, frequency, documents) if documents else 0
    return documents, lowered


def connect_signals():
    from django.db.models.signals import post_save

    from articles.search.models import SearchWord

    tokenize.use_user_dictionary(path())
    tokenize.use_idf_file(idf_path())
    post_save.connect(_word_saved, sender=SearchWord, dispatch_uid="search-word-saved")
