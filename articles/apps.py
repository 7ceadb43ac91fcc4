from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "采编"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import cache
        from articles.importer import withdrawals
        from articles.search import dictionary, index

        cache.connect_signals()
        withdrawals.connect_signals()
        index.connect_signals()
        dictionary.connect_signals()
