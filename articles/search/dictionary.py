"""The newsroom's user dictionary for jieba: words the segmenter must keep whole.

Place names found in the archive (``…街道``, ``…社区``, ``…村``), authors,
column and series names, and the words editors add in the admin (词典词,
``SearchWord``). ``rebuild_user_dictionary()`` writes them to
``settings.USER_DICTIONARY_PATH`` (default ``MEDIA_ROOT/search/userdict.txt``)
and loads them in this process; every other process reloads the file when it
changes (``tokenize.reload_user_dictionary``).

Saving or deleting a 词典词, author, column or series rewrites the file once
per transaction, on commit (``refresh``): the model words are read again and
the place names are taken from the last full rebuild, kept beside the file,
so an edit does not read the whole archive. Run ``rebuild_user_dictionary()``
(or the command) after an import to learn its place names.

The search index's recall does not depend on it (it indexes characters); its
whole-word ranking, keywords and the page parser's joining of broken lines do.
"""

import os
import re
import tempfile
import threading
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


def newsroom_words(places=None) -> list[str]:
    """Every word of the user dictionary, sorted; ``places`` instead of reading the archive."""
    from articles.models import Author, Column, Series
    from articles.search.models import SearchWord

    words = set(SearchWord.objects.values_list("word", flat=True))
    words |= {n for n in Author.objects.values_list("name", flat=True) if len(n) >= 2}
    words |= set(Column.objects.values_list("name", flat=True))
    words |= set(Series.objects.values_list("name", flat=True))
    words |= set(archive_place_names() if places is None else places)
    return sorted(w for w in words if w.strip() and not any(c.isspace() for c in w))


def archive_place_names() -> list[str]:
    from articles.models import Article

    texts = Article.objects.values_list("overline", "headline", "subheadline", "body")
    return sorted(place_names(" ".join(row) for row in texts.iterator(chunk_size=500)))


def places_path() -> Path:
    return path().with_name(path().stem + ".places.txt")


def write(words, target=None) -> Path:
    target = target or path()
    target.parent.mkdir(parents=True, exist_ok=True)
    # A file of its own per writer (import workers refresh at once), then an atomic rename.
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write("".join(f"{word}\n" for word in words))
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)
    return target


def rebuild_user_dictionary() -> list[str]:
    """Collect the words (the archive's place names too), write the file, load it here.

    Call it after an import: the import adds place names that only this learns.
    """
    places = archive_place_names()
    write(places, places_path())
    return _write_and_load(newsroom_words(places))


rebuild = rebuild_user_dictionary


def refresh() -> list[str]:
    """Rewrite the file from the models and the place names of the last rebuild.

    Runs after an editor's save, so it never reads the archive: before the
    first rebuild, the place names are those the file already holds.
    """
    if places_path().exists():
        places = places_path().read_text(encoding="utf-8").split()
    else:
        existing = path().read_text(encoding="utf-8").split() if path().exists() else []
        places = [word for word in existing if word.endswith(PLACE_SUFFIXES)]
        write(places, places_path())
    return _write_and_load(newsroom_words(places))


def _write_and_load(words):
    write(words)
    tokenize.use_user_dictionary(path())
    tokenize.reload_user_dictionary(force=True)
    return words


# Whether this thread's transaction changed a word since the last refresh.
_changes = threading.local()


def _schedule_refresh(sender, **kwargs):
    """Refresh once when the transaction commits, however many words it changed.

    Every change registers a callback; the first to run after the commit
    refreshes, the others find nothing left to do.
    """
    _changes.pending = True
    transaction.on_commit(_refresh_if_changed, robust=True)


def _refresh_if_changed():
    if getattr(_changes, "pending", False):
        _changes.pending = False
        refresh()


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
    from django.db.models.signals import post_delete, post_save

    from articles.models import Author, Column, Series
    from articles.search.models import SearchWord

    tokenize.use_user_dictionary(path())
    tokenize.use_idf_file(idf_path())
    for model in (SearchWord, Author, Column, Series):
        name = model.__name__
        post_save.connect(_schedule_refresh, sender=model, dispatch_uid=f"dictionary-{name}-saved")
        post_delete.connect(
            _schedule_refresh, sender=model, dispatch_uid=f"dictionary-{name}-deleted"
        )
