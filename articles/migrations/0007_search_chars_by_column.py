from django.db import migrations

from articles.search import index


def recreate_search_tables(apps, schema_editor):
    """The single-character index now knows title from body (relevance reads the
    title hits first): build the index again."""
    models = (apps.get_model("articles", "Article"), apps.get_model("articles", "Photo"))
    index.install(schema_editor, models)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_search_words"),
    ]

    operations = [
        migrations.RunPython(recreate_search_tables, migrations.RunPython.noop),
    ]
