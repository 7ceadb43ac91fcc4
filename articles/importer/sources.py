"""Page files and their manifest: reading and decoding a file, and where it was printed."""

import datetime
import functools
import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from articles.parsing.source import MAX_PAGE_BYTES, PageSourceError, decode_page

MANIFEST_NAME = "manifest.toml"


class ImportFileError(Exception):
    """A page file that cannot be imported; the message says why, in plain words."""


class ManifestError(ImportFileError):
    """The manifest itself cannot be read."""


@dataclass(frozen=True)
class ManifestEntry:
    issue_date: datetime.date
    issue_number: int
    page_number: int
    page_name: str | None = None
    reasoning: str = ""


@functools.cache
def read_manifest(path: Path) -> dict:
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
    table = read_manifest(manifest).get(file_name)
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


def page_files(paths: list[Path], *, manifest: Path | None = None) -> list[tuple[Path, Path]]:
    """(page file, its manifest) for each file given and each ``*.txt`` in a folder given."""
    found = []
    for path in paths:
        files = sorted(p for p in path.glob("*.txt") if p.is_file()) if path.is_dir() else [path]
        folder = path if path.is_dir() else path.parent
        found += [(file, manifest or folder / MANIFEST_NAME) for file in files]
    return found


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
