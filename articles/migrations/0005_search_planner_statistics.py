from django.db import migrations

from articles.search import backends


def seed_statistics(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        backends.backend_for(schema_editor.connection).seed_statistics(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_search_sort_key"),
    ]

    operations = [
        migrations.RunPython(seed_statistics, migrations.RunPython.noop),
    ]
