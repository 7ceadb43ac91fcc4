from django.db import migrations

from articles.search import index


def recreate_search_tables(apps, schema_editor):
    """The index now keeps the headline, the deck (overline and subheadline) and
    the body in their own columns, so relevance reads each kind of hit straight
    from it: build the index again."""
    models = (apps.get_model("articles", "Article"), apps.get_model("articles", "Photo"))
    index.install(schema_editor, models)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_search_words"),
    ]

    operations = [
        migrations.RunPython(recreate_search_tables, migrations.RunPython.noop),
    ]
