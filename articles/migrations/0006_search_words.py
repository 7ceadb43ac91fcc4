from django.db import migrations, models

from articles.search import index


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_search_planner_statistics"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="words",
            field=models.TextField(default="", verbose_name="词语"),
            preserve_default=False,
        ),
        # The index now keeps whole words for ranking, the headline apart, and (on
        # PostgreSQL) flags documents too long for a tsvector: build it again.
        migrations.RunPython(index.install_from_migration, migrations.RunPython.noop),
    ]
