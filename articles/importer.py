"""Printed pages into the database: issues, pages, articles, authors, keywords.

``import_pages([Path("seeds")])`` reads every ``*.txt`` page in the folder, places
each one with the folder's ``manifest.toml`` and writes it in its own transaction:
a bad file is reported (one line, its name and the reason) and leaves nothing
behind, while the other files still import.

Re-importing is safe. A page whose bytes and parser are unchanged is skipped.
Otherwise each article is merged three ways: the value in the database, the value
the importer wrote last time (``Article.import_snapshot``) and the value parsed
now. A field an editor changed in the admin is kept; if the source changed it too,
that is a conflict, listed in the report (``force=True`` overwrites). Articles
that vanished from the source are deleted, unless an editor worked on them: those
are kept and flagged for review, since deleting an editor's work is worse than
one stray article in the review queue.

Status and publish time are set when an article is created and never touched by a
re-import: publishing is the editors' workflow, not the printed page's.
"""

import datetime
import functools
import hashlib
import multiprocessing
import os
import time
import tomllib
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import DatabaseError, transaction

from articles import cache
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleKeyword,
    Author,
    Column,
    Issue,
    Keyword,
    Page,
    Photo,
    Series,
)
from articles.parsing import ParsedArticle, ParsedPage, parse_page
from articles.parsing.source import MAX_PAGE_BYTES, PageSourceError, decode_page
from articles.search.index import reindex_articles
from articles.tokenize import extract_keywords

MANIFEST_NAME = "manifest.toml"
PUBLISH_TIME = datetime.time(6, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
VANISHED = "源文件中已找不到此文（编辑改动过，未删除），请核对"
IMPORTER_REVISION = "1"  # bump when the mapping from parse to rows changes
# The fields the importer owns, in the order conflicts are listed.
FIELDS = (
    "order", "overline", "headline", "subheadline", "kind", "column", "series", "installment",
    "dateline", "editor_note", "body", "review_reasons", "jump_to_page", "jump_from_page",
    "credits", "captions", "keywords",
)  # fmt: skip
SCALARS = FIELDS[:5] + FIELDS[7:14]
PARALLEL_MIN_PAGES = 16  # fewer pages to parse than this: not worth starting workers


class ImportFileError(Exception):
    """A page file that cannot be imported; the message says why, in plain words."""


class ManifestError(ImportFileError):
    """The manifest itself cannot be read."""


# -- the manifest ------------------------------------------------------------------


@dataclass(frozen=True)
class ManifestEntry:
    issue_date: datetime.date
    issue_number: int
    page_number: int
    page_name: str | None = None
    reasoning: str = ""


@functools.cache
def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ManifestError(f"{path} cannot be read: {error}") from error


def manifest_entry(manifest: Path, *, file_name: str) -> ManifestEntry:
    """Where ``file_name`` was printed, from its table in ``manifest``:
    ``manifest_entry(Path("seeds/manifest.toml"), file_name="000_….txt").page_number == 1``.
    A file without a table is an ImportFileError that shows the table to add."""
    table = _read_toml(manifest).get(file_name)
    if not isinstance(table, dict):
        raise ImportFileError(
            f"not listed in {manifest}; add a table for it:\n" + manifest_stub(file_name)
        )
    entry = ManifestEntry(
        issue_date=table.get("issue_date"),
        issue_number=table.get("issue_number"),
        page_number=table.get("page_number"),
        page_name=table.get("page_name") or None,
        reasoning=str(table.get("reasoning", "")).strip(),
    )
    for key, kind in (("issue_date", datetime.date), ("issue_number", int), ("page_number", int)):
        value = getattr(entry, key)
        if not isinstance(value, kind) or isinstance(value, datetime.datetime | bool):
            raise ImportFileError(f"{manifest} gives it no valid {key} (got {value!r})")
    return entry


def manifest_stub(file_name: str) -> str:
    return (
        f'    ["{file_name}"]\n    issue_date = 2022-01-05   # 出版日期\n'
        "    issue_number = 1          # 期号\n    page_number = 1           # 版次\n"
        '    page_name = "平城头条"     # 版名 (optional)\n'
        '    reasoning = "why this date: the clues on the page"'
    )


# -- the report --------------------------------------------------------------------


@dataclass
class Tally:
    """Rows touched by an import, as ids, so a row shared by files counts once."""

    created: set = field(default_factory=set)
    updated: set = field(default_factory=set)
    seen: set = field(default_factory=set)
    deleted: int = 0

    def note(self, pk, *, created=False, updated=False):
        self.seen.add(pk)
        if created:
            self.created.add(pk)
        elif updated:
            self.updated.add(pk)

    def merge(self, other: "Tally"):
        self.created |= other.created
        self.updated |= other.updated - self.created
        self.seen |= other.seen
        self.deleted += other.deleted

    def summary(self) -> str:
        updated = self.updated - self.created
        unchanged = len(self.seen - self.created - updated)
        text = f"{len(self.created)} created, {len(updated)} updated, {unchanged} unchanged"
        return text + (f", {self.deleted} deleted" if self.deleted else "")


def _tallies():
    return {name: Tally() for name in ("issues", "pages", "articles", "authors")}


@dataclass
class FileResult:
    name: str
    action: str = "unchanged"  # created | updated | unchanged | failed
    page: str = ""
    articles: int = 0
    flagged: int = 0  # articles with review reasons
    changes: Counter = field(default_factory=Counter)  # articles created/updated/deleted
    review: Counter = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)
    error: str | None = None
    tallies: dict = field(default_factory=_tallies)
    seconds: Counter = field(default_factory=Counter)  # parse, keywords, preparing, total

    def fail(self, reason: str):
        self.action, self.error, self.articles, self.flagged = "failed", reason, 0, 0
        self.tallies, self.changes, self.review = _tallies(), Counter(), Counter()
        self.conflicts = []

    def lines(self) -> list[str]:
        if self.error:
            return [f"ERROR {self.name}: {self.error}"]
        changes = ", ".join(f"{n} {what}" for what, n in self.changes.items() if n)
        text = f"{self.name}: {self.action} — {self.page}, {self.articles} articles"
        text += f" ({changes})" if changes and self.action == "updated" else ""
        text += f", {self.flagged} flagged for review" if self.flagged else ""
        text += f", {len(self.conflicts)} conflicts" if self.conflicts else ""
        return [text] + [f"    conflict: {c}" for c in self.conflicts]


@dataclass
class ImportReport:
    files: list[FileResult] = field(default_factory=list)
    tallies: dict = field(default_factory=_tallies)
    review: Counter = field(default_factory=Counter)
    dry_run: bool = False

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.error]

    def add(self, result: FileResult):
        self.files.append(result)
        for name, tally in result.tallies.items():
            self.tallies[name].merge(tally)
        self.review += result.review

    def lines(self) -> list[str]:
        """A line per file (conflicts under it), then the summary."""
        lines = [line for result in self.files for line in result.lines()]
        actions = Counter(f.action for f in self.files)
        lines.append(
            f"{len(self.files)} files: "
            + ", ".join(f"{actions[a]} {a}" for a in ("created", "updated", "unchanged", "failed"))
        )
        lines += [f"  {name}: {tally.summary()}" for name, tally in self.tallies.items()]
        flags = "; ".join(f"{reason} ×{n}" for reason, n in self.review.most_common())
        lines.append(f"  review flags: {flags or 'none'}")
        if self.dry_run:
            lines.append("Dry run: nothing was written.")
        return lines


# -- importing ---------------------------------------------------------------------


def import_pages(
    paths: list[Path],
    *,
    status: str = Article.Status.PUBLISHED,
    force: bool = False,
    dry_run: bool = False,
    manifest: Path | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Import page files and folders of them (``*.txt``), each file in its own
    transaction. ``dry_run`` does all the work and rolls it back.

    With many pages to parse, ``workers`` processes (default: one per spare CPU)
    parse pages and pick keywords ahead while this process writes to the database.
    """
    report = ImportReport(dry_run=dry_run)
    _read_toml.cache_clear()
    files = page_files(paths, manifest=manifest)
    stale = [path for path, manifest_path in files if force or _is_stale(path, manifest_path)]
    if workers is None:
        workers = min(4, (os.cpu_count() or 1) - 1)
    columns = list(Column.objects.values_list("name", flat=True))
    with _Preparer(stale, known_columns=columns, workers=workers) as prepare:
        with transaction.atomic() if dry_run else nullcontext():
            for path, manifest_path in files:
                result = import_page_file(
                    path, manifest=manifest_path, status=status, force=force, prepare=prepare
                )
                report.add(result)
            if dry_run:
                transaction.set_rollback(True)
    return report


def page_files(paths: list[Path], *, manifest: Path | None = None) -> list[tuple[Path, Path]]:
    """(page file, its manifest) for each file given and each ``*.txt`` in a folder given."""
    found = []
    for path in paths:
        files = sorted(p for p in path.glob("*.txt") if p.is_file()) if path.is_dir() else [path]
        folder = path if path.is_dir() else path.parent
        found += [(file, manifest or folder / MANIFEST_NAME) for file in files]
    return found


def import_page_file(
    path: Path, *, manifest: Path, status: str, force: bool, prepare=None
) -> FileResult:
    """Import one page file in one transaction; a failure is in the result, not raised."""
    result = FileResult(name=path.name)
    started = time.perf_counter()
    prepare = prepare or _Preparer([], known_columns=None, workers=0)
    try:
        with transaction.atomic():
            _import(
                path, manifest=manifest, status=status, force=force, prepare=prepare, result=result
            )
    except ImportFileError as error:
        result.fail(str(error))
    except DatabaseError as error:
        result.fail("the database refused it: " + " ".join(str(error).split()))
    result.seconds["total"] += time.perf_counter() - started
    return result


def read_page(path: Path) -> tuple[str, str]:
    """The text of a page file and the sha256 of its bytes, or ImportFileError."""
    try:
        if path.stat().st_size > MAX_PAGE_BYTES:
            raise ImportFileError(
                f"the file is {path.stat().st_size:,} bytes; the limit is {MAX_PAGE_BYTES:,}"
            )
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"cannot read the file ({error.strerror})") from error
    try:
        return decode_page(data), hashlib.sha256(data).hexdigest()
    except PageSourceError as error:
        raise ImportFileError(str(error)) from error


@functools.cache
def import_version() -> str:
    """Changes whenever the parser, the tokenizer or this mapping changes."""
    digest = hashlib.sha256(IMPORTER_REVISION.encode())
    root = Path(__file__).resolve().parent
    for source in sorted((root / "parsing").glob("*.py")) + [root / "tokenize.py"]:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _import(path: Path, *, manifest: Path, status, force, prepare, result: FileResult):
    entry = manifest_entry(manifest, file_name=path.name)
    text, sha256 = read_page(path)
    page = _existing_page(path.name, entry)
    if page and not force and _is_current(page, sha256):
        return _note_unchanged(page, result)
    started = time.perf_counter()
    prepared = prepare(path, text)
    result.seconds["preparing"] += time.perf_counter() - started  # here or waiting for a worker
    result.seconds.update(prepared.seconds)
    page, placement = _place_page(
        page, path.name, entry, page_name=prepared.parsed.page_name, force=force, result=result
    )
    created = page.pk is None
    page_changed = _set_fields(
        page,
        **placement,
        source_text=text,
        leftover="\n".join(prepared.parsed.leftover),
        source_file=path.name,
        source_sha256=sha256,
    )
    if page_changed:
        page.save()
    result.tallies["pages"].note(page.pk, created=created, updated=page_changed)
    result.page = f"{page.issue} {page.label}"
    _import_articles(page, prepared, status=status, force=force, result=result)
    changed = page_changed or any(result.changes.values()) or result.tallies["issues"].updated
    result.action = "created" if created else "updated" if changed else "unchanged"


# -- preparing pages: parsing and keywords, no database --------------------------------


@dataclass
class PreparedPage:
    """A parsed page and the values of its articles: the CPU work of an import."""

    parsed: ParsedPage
    rows: list[dict]
    seconds: dict


def prepare_page(text: str, *, known_columns: list[str]) -> PreparedPage:
    """Parse a page and compute what to write for each article (pure Python)."""
    started = time.perf_counter()
    try:
        parsed = parse_page(text, known_columns=known_columns)
    except Exception as error:  # a parser bug must not stop the other files
        raise ImportFileError(f"the parser failed: {error!r}") from error
    parsed_at = time.perf_counter()
    if not parsed.articles:
        raise ImportFileError("no parseable text: the parser found no article on the page")
    rows = [article_values(item, order=order) for order, item in enumerate(parsed.articles, 1)]
    seconds = {"parse": parsed_at - started, "keywords": time.perf_counter() - parsed_at}
    return PreparedPage(parsed, rows, seconds)


def _prepare_file(job: tuple[Path, list[str]]):
    """Runs in a worker process: (path, PreparedPage or the ImportFileError)."""
    path, known_columns = job
    try:
        return path, prepare_page(read_page(path)[0], known_columns=known_columns)
    except ImportFileError as error:
        return path, error
    except Exception as error:  # an unpicklable surprise must not hang the pool
        return path, ImportFileError(f"the parser failed: {error!r}")


class _Preparer:
    """Prepares pages in worker processes ahead of the writer when there are many
    (an archive), else on demand in this process."""

    def __init__(self, paths: list[Path], *, known_columns: list[str] | None, workers: int):
        self.known_columns, self.ready, self.pool, self.results = known_columns, {}, None, None
        if workers >= 1 and len(paths) >= PARALLEL_MIN_PAGES:
            extract_keywords("平城新语")  # load jieba's dictionaries once, before forking
            self.pool = multiprocessing.get_context("fork").Pool(workers)
            jobs = [(path, known_columns) for path in paths]
            self.results = self.pool.imap(_prepare_file, jobs, chunksize=4)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self.pool:
            self.pool.terminate()
            self.pool.join()

    def __call__(self, path: Path, text: str) -> PreparedPage:
        outcome = self._from_workers(path) if self.results else None
        if outcome is None:
            columns = self.known_columns
            if columns is None:
                columns = list(Column.objects.values_list("name", flat=True))
            return prepare_page(text, known_columns=columns)
        if isinstance(outcome, ImportFileError):
            raise outcome
        return outcome

    def _from_workers(self, path: Path):
        while path not in self.ready:
            try:
                done, outcome = next(self.results)
            except StopIteration:  # not sent to the workers: prepare it here
                return None
            self.ready[done] = outcome
        return self.ready.pop(path)


def _is_stale(path: Path, manifest: Path) -> bool:
    """Whether the file needs parsing (so it is worth sending to a worker)."""
    try:
        entry = manifest_entry(manifest, file_name=path.name)
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    except (ImportFileError, OSError):
        return False
    page = _existing_page(path.name, entry)
    return not (page and _is_current(page, sha256))


def _existing_page(file_name: str, entry: ManifestEntry) -> Page | None:
    """The page this file made last time, wherever editors have moved it since."""
    pages = list(Page.objects.filter(source_file=file_name).select_related("issue"))
    slot = [p for p in pages if (p.issue.date, p.number) == (entry.issue_date, entry.page_number)]
    return (slot or pages or [None])[0]


def _is_current(page: Page, sha256: str) -> bool:
    if page.source_sha256 != sha256:
        return False
    versions = page.articles.exclude(import_snapshot={}).values_list(
        "import_snapshot__version", flat=True
    )
    return bool(versions) and set(versions) == {import_version()}


def _note_unchanged(page: Page, result: FileResult):
    articles = list(page.articles.values_list("pk", "review_reasons"))
    result.page, result.articles = f"{page.issue} {page.label}", len(articles)
    result.tallies["issues"].note(page.issue_id)
    result.tallies["pages"].note(page.pk)
    for pk, reasons in articles:
        result.tallies["articles"].note(pk)
        result.flagged += bool(reasons)
        result.review.update(reasons)
    authors = ArticleAuthor.objects.filter(article__page=page).values_list("author_id", flat=True)
    for author_id in authors:
        result.tallies["authors"].note(author_id)


def _place_page(page, file_name, entry, *, page_name, force, result) -> tuple[Page, dict]:
    """The page row for this file, and where it goes: found, or new at the manifest's
    issue and number.

    Once imported, a page's issue, number and name belong to the editors; a manifest
    that disagrees is listed as a conflict (``force`` moves the page back)."""
    name = entry.page_name or page_name or ""
    if page and not force:
        wanted = (entry.issue_date, entry.issue_number, entry.page_number, name)
        if (page.issue.date, page.issue.number, page.number, page.name) != wanted:
            result.conflicts.append(
                f"page kept at {page.issue} {page.label} (the manifest says "
                f"{entry.issue_date} 第{entry.issue_number}期 第{entry.page_number:02d}版 {name})"
            )
        result.tallies["issues"].note(page.issue_id)
        return page, {}
    issue = _issue(entry, force=force, result=result)
    slot = Page.objects.filter(issue=issue, number=entry.page_number).first()
    if slot and slot.source_file not in ("", file_name) and (not page or slot.pk != page.pk):
        raise ImportFileError(
            f"{issue} page {entry.page_number} already holds {slot.source_file}; "
            "give this file another page_number in the manifest"
        )
    return page or slot or Page(), {"issue_id": issue.pk, "number": entry.page_number, "name": name}


def _issue(entry: ManifestEntry, *, force: bool, result: FileResult) -> Issue:
    issue, created = Issue.objects.get_or_create(
        date=entry.issue_date, defaults={"number": entry.issue_number}
    )
    updated = False
    if issue.number != entry.issue_number:
        if force:
            issue.number, updated = entry.issue_number, True
            issue.save(update_fields=["number"])
        else:
            result.conflicts.append(
                f"issue {issue} keeps its number (the manifest says 第{entry.issue_number}期)"
            )
    result.tallies["issues"].note(issue.pk, created=created, updated=updated)
    return issue


def _set_fields(obj, **values) -> bool:
    changed = obj.pk is None
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


# -- articles ----------------------------------------------------------------------


class _Lookups:
    """Columns, series, authors and keywords by name, fetched or created once per file."""

    def __init__(self, result: FileResult):
        self.result, self.columns, self.series_by_name, self.authors = result, {}, {}, {}
        self.keywords: dict[str, Keyword] = {}

    def column(self, name: str) -> Column | None:
        if name and name not in self.columns:
            self.columns[name] = Column.objects.get_or_create(name=name)[0]
        return self.columns.get(name)

    def series(self, name: str) -> Series | None:
        if name and name not in self.series_by_name:
            self.series_by_name[name] = Series.objects.get_or_create(name=name)[0]
        return self.series_by_name.get(name)

    def author(self, name: str) -> Author:
        if name not in self.authors:
            author, created = Author.objects.get_or_create_by_name(name)
            self.result.tallies["authors"].note(author.pk, created=created)
            self.authors[name] = author
        return self.authors[name]

    def load_keywords(self, names: set[str]):
        """Fetch or create every keyword of the page in two queries."""
        missing = names - self.keywords.keys()
        self.keywords |= {k.name: k for k in Keyword.objects.filter(name__in=missing)}
        new = [Keyword(name=name) for name in sorted(missing - self.keywords.keys())]
        Keyword.objects.bulk_create(new)
        if new and new[0].pk is None:  # a backend that does not return ids
            self.keywords |= {k.name: k for k in Keyword.objects.filter(name__in=missing)}
        else:
            self.keywords |= {k.name: k for k in new}


def _import_articles(page: Page, prepared: PreparedPage, *, status, force, result):
    parsed, rows = prepared.parsed.articles, prepared.rows
    existing = [
        article
        for article in page.articles.select_related("column", "series").prefetch_related(
            "credits__author", "photos", "articlekeyword_set__keyword"
        )
        if article.import_snapshot
    ]
    matches, vanished = match_articles(existing, parsed)
    lookups = _Lookups(result)
    lookups.load_keywords({word for values in rows for word, _ in values["keywords"]})
    for values, article in zip(rows, matches, strict=True):
        if article is not None:
            changed = _merge(article, values, force=force, lookups=lookups, result=result)
            result.changes["updated"] += changed
            result.tallies["articles"].note(article.pk, updated=changed)
        result.flagged += bool(values["review_reasons"])
        result.review.update(values["review_reasons"])
    new = [values for values, article in zip(rows, matches, strict=True) if article is None]
    for article in _create_articles(page, new, status=status, lookups=lookups):
        result.changes["created"] += 1
        result.tallies["articles"].note(article.pk, created=True)
    for article in vanished:
        _retire(article, force=force, result=result)
    authors = ArticleAuthor.objects.filter(article__page=page).values_list("author_id", flat=True)
    for author_id in authors:
        result.tallies["authors"].note(author_id)
    result.articles = len(parsed)


def article_values(item: ParsedArticle, *, order: int) -> dict:
    """The values the importer writes for one parsed article, as plain JSON data
    (the same shape as ``import_snapshot`` and ``current_values``)."""
    review = list(item.review)

    def text(value, limit):
        value = (value or "").strip()
        if len(value) > limit:
            review.append(f"字段过长已截断（原文见版面原始文本）：{value[:20]}…")
        return value[:limit]

    credits = []
    for credit in item.credits:
        role = credit.role if credit.role in ArticleAuthor.Role.values else "writer"
        pair = [Author.normalize_name(credit.name)[:50], role]
        if pair[0] and pair not in credits:
            credits.append(pair)
    values = {
        "order": order,
        "overline": text(item.overline, 200),
        "headline": text(item.headline, 200),
        "subheadline": text(item.subheadline, 200),
        "kind": item.kind if item.kind in Article.Kind.values else Article.Kind.NEWS,
        "column": text(item.column, 50),
        "series": text(item.series_name, 100),
        "installment": item.series_number,
        "dateline": text(item.dateline, 100),
        "editor_note": (item.editor_note or "").strip(),
        "body": "\n".join(
            ("## " if block.type == "subhead" else "") + " ".join(block.text.split("\n"))
            for block in item.body
        ),
        "jump_to_page": item.jump_to_page,
        "jump_from_page": item.jump_from_page,
        "credits": credits,
        "captions": [[c.text.strip(), text(c.credit, 100)] for c in item.captions],
    }
    values["review_reasons"] = review
    values["keywords"] = _keywords(values)
    return values


def _keywords(values: dict) -> list[list]:
    """The top TF-IDF keywords of headline and body, heaviest first."""
    text = "\n".join(values[p] for p in ("headline", "subheadline", "body"))
    pairs = [[word, weight] for word, weight in extract_keywords(text, topk=8) if len(word) <= 30]
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0]))


def current_values(article: Article) -> dict:
    """What the database holds now, in the shape of ``article_values``."""
    values = {name: getattr(article, name) for name in SCALARS}
    values["column"] = article.column.name if article.column else ""
    values["series"] = article.series.name if article.series else ""
    credits = sorted(article.credits.all(), key=lambda credit: credit.order)
    values["credits"] = [[credit.author.name, credit.role] for credit in credits]
    photos = sorted(article.photos.all(), key=lambda photo: photo.order)
    values["captions"] = [[photo.caption, photo.credit] for photo in photos]
    pairs = [[k.keyword.name, k.weight] for k in article.articlekeyword_set.all()]
    values["keywords"] = sorted(pairs, key=lambda pair: (-pair[1], pair[0]))
    return values


def _snapshot(values: dict) -> dict:
    return {**values, "version": import_version()}


def _merge(article: Article, values: dict, *, force, lookups, result) -> bool:
    """Three-way merge of database, last import and new parse; True when written."""
    snapshot, current = dict(article.import_snapshot), current_values(article)
    changed = []
    for name in FIELDS:
        new, now = values[name], current[name]
        if now == new:
            snapshot[name] = new
        elif force or name not in snapshot or now == snapshot[name]:
            changed.append(name)
            snapshot[name] = new
        elif new != snapshot[name]:  # both the editor and the source changed it
            result.conflicts.append(_conflict(article, name, now, new))
    snapshot["version"] = import_version()
    if changed or snapshot != article.import_snapshot:
        _write(article, values, changed, snapshot=snapshot, lookups=lookups)
    return bool(changed)


def _conflict(article: Article, name: str, now, new) -> str:
    where = f"article {article.pk} «{article.display_headline}»"
    if isinstance(now, str) and len(now) <= 60 and len(new) <= 60:
        return f"{where}: {name} kept as edited, “{now}” (the file now says “{new}”)"
    return f"{where}: {name} kept as edited (the file changed it too)"


def _create_articles(page: Page, rows: list[dict], *, status, lookups) -> list[Article]:
    """New articles of a page with their credits, photos and keywords, in a few bulk
    inserts (an archive import creates thousands)."""
    published_at = datetime.datetime.combine(page.issue.date, PUBLISH_TIME)
    articles = [
        Article(
            page=page,
            status=status,
            published_at=published_at,
            column=lookups.column(values["column"]),
            series=lookups.series(values["series"]),
            import_snapshot=_snapshot(values),
            needs_review=bool(values["review_reasons"]),  # what Article.save() would set
            **{name: values[name] for name in SCALARS},
        )
        for values in rows
    ]
    Article.objects.bulk_create(articles)
    credits, photos, keywords = [], [], []
    for article, values in zip(articles, rows, strict=True):
        credits += [
            ArticleAuthor(article=article, author=lookups.author(name), role=role, order=i)
            for i, (name, role) in enumerate(values["credits"])
        ]
        photos += [
            Photo(article=article, caption=caption, credit=credit, order=i)
            for i, (caption, credit) in enumerate(values["captions"])
        ]
        keywords += [
            ArticleKeyword(article=article, keyword=lookups.keywords[word], weight=weight)
            for word, weight in values["keywords"]
        ]
    ArticleAuthor.objects.bulk_create(credits)
    Photo.objects.bulk_create(photos)
    ArticleKeyword.objects.bulk_create(keywords)
    if articles:  # bulk inserts send no signals: index the articles, refresh the reader
        reindex_articles([article.pk for article in articles])
        transaction.on_commit(cache.invalidate)
    return articles


def _write(article: Article, values: dict, fields, *, snapshot: dict, lookups: _Lookups):
    """Write ``fields`` of ``values`` to an existing article, and its snapshot."""
    for name in fields:
        if name in SCALARS:
            setattr(article, name, values[name])
    if "column" in fields:
        article.column = lookups.column(values["column"])
    if "series" in fields:
        article.series = lookups.series(values["series"])
    article.import_snapshot = snapshot
    article.save()
    if "credits" in fields:
        article.credits.all().delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author=lookups.author(name), role=role, order=i)
            for i, (name, role) in enumerate(values["credits"])
        )
    if "captions" in fields:
        _write_captions(article, values["captions"])
    if "keywords" in fields:
        ArticleKeyword.objects.filter(article=article).delete()
        ArticleKeyword.objects.bulk_create(
            ArticleKeyword(article=article, keyword=lookups.keywords[word], weight=weight)
            for word, weight in values["keywords"]
        )


def _write_captions(article: Article, captions: list):
    """Captions in place, so a picture an editor uploaded stays with its photo."""
    photos = sorted(article.photos.all(), key=lambda photo: photo.order)
    for order, (caption, credit) in enumerate(captions):
        if order < len(photos):
            photo = photos[order]
            photo.caption, photo.credit, photo.order = caption, credit, order
            photo.save(update_fields=["caption", "credit", "order"])
        else:
            Photo.objects.create(article=article, caption=caption, credit=credit, order=order)
    for photo in photos[len(captions) :]:
        if not photo.image:
            photo.delete()


def _retire(article: Article, *, force: bool, result: FileResult):
    """An imported article the file no longer has: deleted, unless editors worked on it."""
    snapshot, current = article.import_snapshot, current_values(article)
    edited = any(name in snapshot and current[name] != snapshot[name] for name in FIELDS)
    if force or not edited:
        article.delete()
        result.changes["deleted"] += 1
        result.tallies["articles"].deleted += 1
        return
    if VANISHED not in article.review_reasons:
        article.review_reasons = [*article.review_reasons, VANISHED]
        article.save()
    result.conflicts.append(
        f"article {article.pk} «{article.display_headline}» is no longer in the file, "
        "but was edited in the admin: kept and flagged for review"
    )


def match_articles(existing: list[Article], parsed: list[ParsedArticle]):
    """Pair each parsed article with the article it updates (or None: a new one).

    First by the headline the importer wrote (an editor's new headline does not
    break the pair), then by the text: a re-worded headline over the same body is
    the same article. Returns (matches in parsed order, unmatched existing articles).
    """
    remaining, matches = list(existing), [None] * len(parsed)
    for i, item in enumerate(parsed):
        same = [
            a
            for a in remaining
            if item.headline and a.import_snapshot.get("headline") == item.headline.strip()
        ]
        if same:
            matches[i] = min(same, key=lambda a: abs(a.import_snapshot.get("order", 0) - i - 1))
            remaining.remove(matches[i])
    for i, item in enumerate(parsed):
        if matches[i] is not None or not remaining:
            continue
        grams = _bigrams(item.headline, *(b.text for b in item.body))
        scored = [(_similarity(grams, _snapshot_bigrams(a)), a) for a in remaining]
        score, best = max(scored, key=lambda pair: pair[0])
        if score >= 0.5:
            matches[i] = best
            remaining.remove(best)
    return matches, remaining


def _snapshot_bigrams(article: Article) -> set[str]:
    snapshot = article.import_snapshot
    return _bigrams(snapshot.get("headline"), snapshot.get("body"))


def _bigrams(*texts) -> set[str]:
    text = "".join("".join((t or "").split()) for t in texts)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _similarity(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
