from django.db import migrations

from articles.search import index


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_search_fields_by_column"),
    ]

    operations = [
        # PostgreSQL: the headline's and the deck's lexemes, marked, join the vector and
        # the whole words get a GIN index, so relevance reads its tiers from the index.
        migrations.RunPython(index.install_from_migration, migrations.RunPython.noop),
    ]
