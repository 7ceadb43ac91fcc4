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

The package: ``sources`` (page files and the manifest), ``prepare`` (parsing and
keywords, no database; worker processes for archives), ``run`` (a file's
transaction, its issue and page), ``write`` (articles: create, merge, retire),
``report`` (what happened, file by file).
"""

from articles.importer.report import FileResult, ImportReport
from articles.importer.run import import_page_file, import_pages
from articles.importer.sources import ImportFileError, ManifestEntry, ManifestError, manifest_entry

__all__ = [
    "FileResult",
    "ImportFileError",
    "ImportReport",
    "ManifestEntry",
    "ManifestError",
    "import_page_file",
    "import_pages",
    "manifest_entry",
]
