from django.db import migrations

NAME = "平城新语"
DESCRIPTION = "本报评论栏目。围绕平城区的中心工作和百姓关心的事发表短评，由本报评论员孙权署名。"


def create_column(apps, schema_editor):
    Column = apps.get_model("articles", "Column")
    Column.objects.get_or_create(name=NAME, defaults={"slug": NAME, "description": DESCRIPTION})


def delete_column(apps, schema_editor):
    Column = apps.get_model("articles", "Column")
    Column.objects.filter(name=NAME, articles__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_column, delete_column),
    ]
