from django.core.management.base import BaseCommand

from articles.search import dictionary


class Command(BaseCommand):
    help = "Learn keyword IDF from the archive, so the paper's everyday words stop being keywords."

    def handle(self, *args, **options):
        documents, lowered = dictionary.rebuild_idf()
        self.stdout.write(
            f"已从 {documents} 篇文章学习 IDF：{lowered} 个常见词降权 → {dictionary.idf_path()}"
        )
