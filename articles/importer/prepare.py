"""The CPU work of an import, without the database: parse a page and compute what
to write for each article, keywords included. For an archive, worker processes do
this ahead while the main process writes."""

import functools
import hashlib
import multiprocessing
import time
from dataclasses import dataclass
from pathlib import Path

from articles.importer.sources import ImportFileError, read_page
from articles.models import Article, ArticleAuthor, Author, Column
from articles.parsing import ParsedArticle, ParsedPage, parse_page
from articles.parsing.classify import without_note_label
from articles.tokenize import extract_keywords

IMPORTER_REVISION = "1"  # bump when the mapping from parse to rows changes
PARALLEL_MIN_PAGES = 16  # fewer pages to parse than this: not worth starting workers


@functools.cache
def import_version() -> str:
    """Changes whenever the parser, the tokenizer or this mapping changes."""
    digest = hashlib.sha256(IMPORTER_REVISION.encode())
    root = Path(__file__).resolve().parent.parent
    for source in sorted((root / "parsing").glob("*.py")) + [root / "tokenize.py"]:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


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
    try:
        rows = [article_values(item, order=o) for o, item in enumerate(parsed.articles, 1)]
    except Exception as error:  # likewise a keyword extraction bug
        raise ImportFileError(f"keyword extraction failed: {error!r}") from error
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


class Preparer:
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
        # `编者按：` as printed; the admin and the reader show the field's own label
        "editor_note": without_note_label(item.editor_note or ""),
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
