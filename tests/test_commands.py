"""Management commands: import_seeds end to end, on the real seeds and on bad files."""

import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Author, Column, Issue, Page
from articles.parsing import parse_page
from articles.parsing.source import decode_page

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
LIBRARY = """图书馆延长开放时间

本报讯（记者 孙权）为方便读者利用假期学习，平城区图书馆自即日起延长开放时间，每天开放至晚上九点。

图书馆负责人介绍，阅览室新增座位一百个，并开通了线上预约服务。"""


def import_seeds(*args):
    out, err = StringIO(), StringIO()
    call_command("import_seeds", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def seed_parses():
    columns = list(Column.objects.values_list("name", flat=True))
    return [parse_page(decode_page(f.read_bytes()), known_columns=columns) for f in SEED_FILES]


def snapshot_of_database():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Issue, Page, Article, Author)
    }


def test_the_seed_manifest_places_every_seed_with_its_reasoning():
    manifest = tomllib.loads((SEEDS / "manifest.toml").read_text("utf-8"))

    assert set(manifest) == {f.name for f in SEED_FILES}
    assert all(len(entry["reasoning"]) > 100 for entry in manifest.values())
    dates = [manifest[f.name]["issue_date"] for f in SEED_FILES]
    assert len(set(dates)) == len(dates)


def test_import_seeds_imports_every_seed_page_with_the_parsed_article_counts():
    out, err = import_seeds()

    parses = seed_parses()
    assert err == ""
    assert Page.objects.count() == len(SEED_FILES)
    for seed, parsed in zip(SEED_FILES, parses, strict=True):
        assert Article.objects.filter(page__source_file=seed.name).count() == len(parsed.articles)
        assert f"{seed.name}: created" in out
    assert Page.objects.get(source_file=SEED_FILES[0].name).name == "平城头条"
    assert f"  articles: {Article.objects.count()} created" in out


def test_import_seeds_twice_reports_unchanged_and_keeps_every_id():
    import_seeds()
    before = snapshot_of_database()

    out, _ = import_seeds()

    assert snapshot_of_database() == before
    assert out.count(": unchanged — ") == len(SEED_FILES)
    assert f"  articles: 0 created, 0 updated, {Article.objects.count()} unchanged" in out


def test_a_bad_file_fails_the_command_with_one_error_line_after_the_others_import(tmp_path):
    (tmp_path / "a.txt").write_text(LIBRARY, "utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "manifest.toml").write_text(
        '["a.txt"]\nissue_date = 2024-03-01\nissue_number = 1\npage_number = 1\n\n'
        '["b.txt"]\nissue_date = 2024-03-02\nissue_number = 2\npage_number = 1\n',
        "utf-8",
    )
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="1 file\\(s\\) not imported: b.txt"):
        call_command("import_seeds", str(tmp_path), stdout=out, stderr=err)

    assert err.getvalue().splitlines() == ["ERROR b.txt: the file is empty"]
    assert "a.txt: created" in out.getvalue()
    assert list(Page.objects.values_list("source_file", flat=True)) == ["a.txt"]


def test_a_file_missing_from_the_manifest_fails_the_command(tmp_path):
    (tmp_path / "a.txt").write_text(LIBRARY, "utf-8")

    with pytest.raises(CommandError, match="a.txt"):
        import_seeds(str(tmp_path))

    assert not Page.objects.exists()


def test_dry_run_prints_the_report_and_writes_nothing():
    out, _ = import_seeds("--dry-run")

    assert out.count(": created — ") == len(SEED_FILES)
    assert "Dry run: nothing was written." in out
    assert not Issue.objects.exists() and not Article.objects.exists()


def test_status_option_sets_the_imported_status(tmp_path):
    import_seeds("--status", "review", str(SEED_FILES[0]))

    assert set(Article.objects.values_list("status", flat=True)) == {"review"}
