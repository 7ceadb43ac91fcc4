"""One page file, one transaction: read it, skip it when nothing changed, place it
in its issue and page, and hand its articles to ``write``."""

import hashlib
import os
import time
from contextlib import nullcontext
from pathlib import Path

from django.db import DatabaseError, transaction

from articles.importer import prepare
from articles.importer.jumps import link_jumps
from articles.importer.report import FileResult, ImportReport
from articles.importer.sources import (
    ImportFileError,
    ManifestEntry,
    manifest_entry,
    page_files,
    read_manifest,
    read_page,
)
from articles.importer.write import import_articles
from articles.models import Article, ArticleAuthor, Column, Issue, Page
from articles.search import rebuild_user_dictionary


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
    read_manifest.cache_clear()
    files = page_files(paths, manifest=manifest)
    stale = [path for path, manifest_path in files if force or _is_stale(path, manifest_path)]
    if workers is None:
        workers = min(4, (os.cpu_count() or 1) - 1)
    columns = list(Column.objects.values_list("name", flat=True))
    with prepare.Preparer(stale, known_columns=columns, workers=workers) as preparer:
        with transaction.atomic() if dry_run else nullcontext():
            for path, manifest_path in files:
                result = import_page_file(
                    path, manifest=manifest_path, status=status, force=force, preparer=preparer
                )
                report.add(result)
            if dry_run:
                transaction.set_rollback(True)
    if not dry_run and any(f.action in ("created", "updated") for f in report.files):
        # New place names (…街道, …社区) only a full rebuild learns: segmentation,
        # keywords and search ranking keep them whole from now on.
        rebuild_user_dictionary()
    return report


def import_page_file(
    path: Path, *, manifest: Path, status: str, force: bool, preparer=None
) -> FileResult:
    """Import one page file in one transaction; a failure is in the result, not raised."""
    result = FileResult(name=path.name)
    started = time.perf_counter()
    preparer = preparer or prepare.Preparer([], known_columns=None, workers=0)
    try:
        with transaction.atomic():
            _import(
                path,
                manifest=manifest,
                status=status,
                force=force,
                preparer=preparer,
                result=result,
            )
    except ImportFileError as error:
        result.fail(str(error))
    except DatabaseError as error:
        result.fail("the database refused it: " + " ".join(str(error).split()))
    result.seconds["total"] += time.perf_counter() - started
    return result


def _import(path: Path, *, manifest: Path, status, force, preparer, result: FileResult):
    entry = manifest_entry(manifest, file_name=path.name)
    text, sha256 = read_page(path)
    page = _existing_page(path.name, entry)
    if page and not force and _is_current(page, sha256):
        return _note_unchanged(page, result)
    started = time.perf_counter()
    prepared = preparer(path, text)
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
    import_articles(page, prepared, status=status, force=force, result=result)
    links = link_jumps(page.issue_id)  # either end of a jump may have come in now
    result.jumps_linked, result.jumps_undone = len(links.made), len(links.undone)
    for pk in links.made + links.undone:
        result.tallies["articles"].note(pk, updated=pk not in result.tallies["articles"].created)
    changed = (
        page_changed
        or any(result.changes.values())
        or result.tallies["issues"].updated
        or links.made
        or links.undone
    )
    result.action = "created" if created else "updated" if changed else "unchanged"


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
    return bool(versions) and set(versions) == {prepare.import_version()}


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
