"""Print the parse of one page file as JSON (the parse contract of DESIGN.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from articles.parsing import parse_page
from articles.parsing.page import DEFAULT_COLUMNS
from articles.parsing.source import PageSourceError, decode_page


class Command(BaseCommand):
    help = "解析一个版面文本文件，输出 JSON（不写数据库）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="版面文本文件")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            help="已知栏目名（可重复）；默认取数据库中的栏目",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = decode_page(path.read_bytes())
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror})") from error
        except PageSourceError as error:
            raise CommandError(f"{path}: {error}") from error
        columns = options["column"] or known_columns()
        page = parse_page(text, known_columns=columns)
        self.stdout.write(json.dumps(page.to_dict(), ensure_ascii=False, indent=1))


def known_columns() -> list[str]:
    """Column names from the database, or the paper's own when it is not set up yet."""
    from articles.models import Column

    try:
        names = list(Column.objects.values_list("name", flat=True))
    except DatabaseError:
        names = []
    return sorted(set(names) | set(DEFAULT_COLUMNS))
