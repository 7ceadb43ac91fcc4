from django.db import migrations, models

from articles.search import index


def recreate_search_tables(apps, schema_editor):
    """The index now keeps whole words for ranking, the headline apart, and (on
    PostgreSQL) flags documents too long for a tsvector: build it again."""
    models = (apps.get_model("articles", "Article"), apps.get_model("articles", "Photo"))
    index.install(schema_editor, models)


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
        migrations.RunPython(recreate_search_tables, migrations.RunPython.noop),
    ]
