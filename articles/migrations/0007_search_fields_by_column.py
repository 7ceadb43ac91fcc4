from django.db import migrations

from articles.search import index


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_search_words"),
    ]

    operations = [
        # The index now keeps the headline, the deck (overline and subheadline) and the
        # body in their own columns, so relevance reads each kind of hit from it.
        migrations.RunPython(index.install_from_migration, migrations.RunPython.noop),
    ]
