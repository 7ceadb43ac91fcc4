from django.core.management.base import BaseCommand
from django.db import transaction

from articles.search import index


class Command(BaseCommand):
    help = "Empty the search index and index every article again."

    def handle(self, *args, **options):
        def progress(done, total):
            if options["verbosity"] > 1:
                self.stdout.write(f"{done}/{total}")

        with transaction.atomic():
            count = index.rebuild(progress=progress)
        size = index.index_size_bytes()
        self.stdout.write(f"已重建检索索引：{count} 篇文章，{size / 1e6:.1f} MB。")
