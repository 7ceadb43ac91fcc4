"""Import printed pages (default: the project's seeds/) into issues, pages and articles."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.importer import import_pages
from articles.models import Article


class Command(BaseCommand):
    help = "导入版面文本文件（默认 seeds/，按 manifest.toml 定期号版次）；可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="页面文件或文件夹（*.txt）")
        parser.add_argument("--manifest", type=Path, help="默认：各文件所在文件夹的 manifest.toml")
        parser.add_argument(
            "--status", choices=Article.Status.values, default=Article.Status.PUBLISHED
        )
        parser.add_argument("--dry-run", action="store_true", help="只显示会改动什么，不写入")
        parser.add_argument("--force", action="store_true", help="覆盖编辑在后台做的改动")

    def handle(self, *args, **options):
        report = import_pages(
            options["paths"] or [Path(settings.BASE_DIR) / "seeds"],
            status=options["status"],
            force=options["force"],
            dry_run=options["dry_run"],
            manifest=options["manifest"],
        )
        for line in report.lines():
            if line.startswith("ERROR"):
                self.stderr.write(line, style_func=self.style.ERROR)
            else:
                self.stdout.write(line)
        if not report.files:
            raise CommandError("no page files (*.txt) found in the given paths")
        if report.failed:
            names = ", ".join(result.name for result in report.failed)
            raise CommandError(f"{len(report.failed)} file(s) not imported: {names}")
