from django.core.management.base import BaseCommand

from articles.search import dictionary


class Command(BaseCommand):
    help = "Collect the newsroom's words (places, authors, columns, series, 词典词) for jieba."

    def handle(self, *args, **options):
        words = dictionary.rebuild()
        self.stdout.write(f"已写入用户词典：{len(words)} 个词 → {dictionary.path()}")
