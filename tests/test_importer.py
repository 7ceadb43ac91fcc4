"""The importer: page files in, issues, pages and articles out, safely re-runnable.

Most tests use small pages written here, in tmp folders with their own manifest;
they compare the database with what ``parse_page`` makes of the same text, so they
hold whatever the parser's details.
"""

import datetime
import os
import zoneinfo
from pathlib import Path

import pytest

from articles import importer
from articles.importer import import_pages, manifest_entry
from articles.importer import prepare as preparing
from articles.importer import write as writing
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleKeyword,
    Author,
    Column,
    Issue,
    Keyword,
    Page,
    Photo,
    Withdrawal,
)
from articles.parsing import parse_page

pytestmark = pytest.mark.django_db

PLANTING = """区里开展义务植树活动

本报讯（记者 张明）3月12日，平城区干部群众三百余人在御河东岸义务植树，栽下树苗两千余株。

活动现场，大家挥锹铲土、扶苗培土、提水浇灌，干劲十足，一棵棵新栽的树苗迎风挺立。"""

SERVICE_DAY = """社区举办便民服务日

本报讯（记者 李华 通讯员 王强）近日，新华街道某社区举办便民服务日，提供义诊、理发等服务。

活动吸引了两百多名居民参加，大家纷纷表示这样的活动实在贴心。"""

COMMENTARY = """平城新语

让绿色成为城市底色

孙 权

植树造林功在当代、利在千秋。平城区组织义务植树，正是践行绿色发展理念的生动写照。

每个人都是城市的主人，爱绿护绿需要人人参与。"""

LIBRARY = """图书馆延长开放时间

本报讯（记者 孙权）为方便读者利用假期学习，平城区图书馆自即日起延长开放时间，每天开放至晚上九点。

图书馆负责人介绍，阅览室新增座位一百个，并开通了线上预约服务。"""

FRONT = "\n\n".join([PLANTING, SERVICE_DAY, COMMENTARY])


def manifest_toml(names, **extra) -> str:
    """One table per file: issue i+1 on 2024-03-(i+1), page 1."""
    tables = []
    for i, name in enumerate(names):
        table = f'["{name}"]\nissue_date = 2024-03-{i + 1:02d}\nissue_number = {i + 1}\n'
        table += "page_number = 1\n"
        table += "".join(f"{key} = {value}\n" for key, value in extra.get(name, {}).items())
        tables.append(table)
    return "\n".join(tables)


def make_folder(folder: Path, pages: dict, *, listed=None, extra=None) -> Path:
    """Write page files (str as UTF-8, bytes as they are) and a manifest for ``listed``."""
    folder.mkdir(exist_ok=True)
    for name, content in pages.items():
        data = content.encode() if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    names = list(pages) if listed is None else listed
    (folder / "manifest.toml").write_text(manifest_toml(names, **(extra or {})), "utf-8")
    return folder


def run(folder: Path, **options):
    return import_pages([folder], **options)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Issue, Page, Article, Author, ArticleAuthor, Keyword, ArticleKeyword, Photo)
    }


def ids():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (Issue, Page, Article, Author, ArticleAuthor, ArticleKeyword, Photo)
    }


def parsed(text):
    return parse_page(text, known_columns=list(Column.objects.values_list("name", flat=True)))


def article(headline) -> Article:
    return Article.objects.get(headline=headline)


# -- a first import ----------------------------------------------------------------


def test_importing_a_folder_creates_what_the_parser_found(tmp_path):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT, "b.txt": LIBRARY})
    expected = [parsed(FRONT), parsed(LIBRARY)]

    report = run(folder)

    assert not report.failed
    assert [f.action for f in report.files] == ["created", "created"]
    assert Issue.objects.count() == 2
    assert Page.objects.count() == 2
    assert Article.objects.count() == sum(len(p.articles) for p in expected)
    names = {Author.normalize_name(c.name) for p in expected for a in p.articles for c in a.credits}
    assert set(Author.objects.values_list("name", flat=True)) == names


def test_articles_are_written_in_page_order_with_their_parsed_fields(tmp_path):
    run(make_folder(tmp_path / "pages", {"a.txt": FRONT}))
    page = Page.objects.get()
    expected = parsed(FRONT).articles

    articles = list(Article.objects.on_page(page))

    assert [a.order for a in articles] == list(range(1, len(expected) + 1))
    assert [a.headline for a in articles] == [e.headline or "" for e in expected]
    first, parsed_first = articles[0], expected[0]
    assert first.body.splitlines() == [b.text for b in parsed_first.body]
    assert first.dateline == (parsed_first.dateline or "")
    assert first.import_snapshot["headline"] == first.headline
    assert 0 < first.keywords.count() <= 8


def test_page_keeps_its_source_text_file_name_and_sha256(tmp_path):
    import hashlib

    run(make_folder(tmp_path / "pages", {"a.txt": FRONT}))

    page = Page.objects.get()
    assert page.source_text == FRONT
    assert page.source_file == "a.txt"
    assert page.source_sha256 == hashlib.sha256(FRONT.encode()).hexdigest()
    assert (page.issue.date, page.issue.number, page.number) == (datetime.date(2024, 3, 1), 1, 1)


def test_imported_articles_are_published_at_six_in_the_morning_of_the_issue_date(tmp_path):
    run(make_folder(tmp_path / "pages", {"a.txt": FRONT}))

    expected = datetime.datetime(2024, 3, 1, 6, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    assert set(Article.objects.values_list("status", flat=True)) == {"published"}
    assert set(Article.objects.values_list("published_at", flat=True)) == {expected}
    assert Article.objects.published().count() == Article.objects.count()


def test_status_option_imports_drafts_that_readers_do_not_see(tmp_path):
    run(make_folder(tmp_path / "pages", {"a.txt": FRONT}), status="draft")

    assert set(Article.objects.values_list("status", flat=True)) == {"draft"}
    assert not Article.objects.published().exists()


def test_a_spaced_and_an_unspaced_name_are_one_author(tmp_path):
    # FRONT's column is signed `孙 权`, LIBRARY's dateline names `孙权`.
    run(make_folder(tmp_path / "pages", {"a.txt": FRONT, "b.txt": LIBRARY}))

    sun = Author.objects.get(name="孙权")
    assert not Author.objects.filter(name="孙 权").exists()
    assert sun.articles.count() == 2


def test_correspondents_are_authors_with_their_role(tmp_path):
    run(make_folder(tmp_path / "pages", {"a.txt": SERVICE_DAY}))
    roles = {(c.name, c.role) for c in parsed(SERVICE_DAY).articles[0].credits}

    stored = set(ArticleAuthor.objects.values_list("author__name", "role"))

    assert stored == roles
    assert ("王强", "correspondent") in stored


def test_columns_and_series_are_created_once_by_name(tmp_path):
    series = "平城区“双百工程”巡礼系列报道（二）\n\n" + PLANTING
    run(make_folder(tmp_path / "pages", {"a.txt": FRONT, "b.txt": series}))
    planting = Article.objects.get(page__source_file="b.txt")

    assert article("让绿色成为城市底色").column.name == "平城新语"
    assert Column.objects.filter(name="平城新语").count() == 1
    assert planting.series.name == parsed(series).articles[0].series_name
    assert planting.installment == 2


def test_captions_become_photos_without_images(tmp_path):
    page = PLANTING + "\n\n图为干部群众在御河东岸植树。\n\n张明摄"
    run(make_folder(tmp_path / "pages", {"a.txt": page}))
    captions = [c for a in parsed(page).articles for c in a.captions]

    photos = list(Photo.objects.all())

    assert [(p.caption, p.credit) for p in photos] == [(c.text, c.credit or "") for c in captions]
    assert photos and not photos[0].image


def test_imported_articles_and_their_captions_are_in_the_search_index(tmp_path):
    from articles.search import search_articles

    page = PLANTING + "\n\n图为干部群众在御河东岸植树。\n\n张明摄"
    run(make_folder(tmp_path / "pages", {"a.txt": page, "b.txt": LIBRARY}))

    assert [a.headline for a in search_articles("线上预约")] == ["图书馆延长开放时间"]
    assert search_articles("御河东岸植树").exists()


def test_manifest_page_name_wins_over_the_parser(tmp_path):
    folder = make_folder(
        tmp_path / "pages", {"a.txt": FRONT}, extra={"a.txt": {"page_name": '"要闻"'}}
    )

    run(folder)

    assert Page.objects.get().name == "要闻"


# -- running again -----------------------------------------------------------------


def test_a_second_import_changes_no_count_and_no_id_and_says_unchanged(tmp_path):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT, "b.txt": LIBRARY})
    run(folder)
    before_counts, before_ids = counts(), ids()

    report = run(folder)

    assert (counts(), ids()) == (before_counts, before_ids)
    assert [f.action for f in report.files] == ["unchanged", "unchanged"]
    assert all("unchanged" in f.lines()[0] for f in report.files)


def test_an_unchanged_file_is_not_parsed_again(tmp_path, monkeypatch):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT})
    run(folder)

    def parse_must_not_run(*args, **kwargs):
        raise AssertionError("parsed an unchanged page")

    monkeypatch.setattr(preparing, "parse_page", parse_must_not_run)

    report = run(folder)

    assert report.files[0].action == "unchanged"
    assert report.files[0].articles == Article.objects.count()


def test_a_new_parser_version_reparses_and_still_changes_nothing(tmp_path, monkeypatch):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT})
    run(folder)
    before_ids = ids()
    monkeypatch.setattr(preparing, "import_version", lambda: "a-newer-parser")
    parse_calls = []
    reparse = lambda *args, **kwargs: parse_calls.append(1) or parsed(*args)  # noqa: E731
    monkeypatch.setattr(preparing, "parse_page", reparse)

    report = run(folder)

    assert parse_calls, "the page was not parsed again"
    assert report.files[0].action == "unchanged"
    assert ids() == before_ids
    assert {a.import_snapshot["version"] for a in Article.objects.all()} == {"a-newer-parser"}


def test_force_reparses_an_unchanged_file_and_keeps_every_id(tmp_path):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT})
    run(folder)
    before_ids = ids()

    report = run(folder, force=True)

    assert report.files[0].action == "unchanged"
    assert ids() == before_ids


def test_a_changed_file_updates_its_page_in_place(tmp_path):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT})
    run(folder)
    planting_id = article("区里开展义务植树活动").pk
    added = "\n\n植树结束后，志愿者们还对新栽树苗进行了挂牌认养。"
    changed = "\n\n".join([PLANTING + added, COMMENTARY, LIBRARY])
    (folder / "a.txt").write_text(changed, "utf-8")

    report = run(folder)

    planting = Article.objects.get(pk=planting_id)
    assert report.files[0].action == "updated"
    assert planting.body.splitlines()[-1] == "植树结束后，志愿者们还对新栽树苗进行了挂牌认养。"
    assert planting.import_snapshot["body"] == planting.body
    assert not Article.objects.filter(headline="社区举办便民服务日").exists()  # vanished
    assert article("图书馆延长开放时间").page == planting.page  # new
    assert Article.objects.count() == len(parsed(changed).articles)
    assert report.files[0].changes == {"created": 1, "updated": 2, "deleted": 1}
    assert Page.objects.get().source_text == changed


def test_an_editors_headline_is_kept_and_listed_when_the_file_changes_it_too(tmp_path):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT})
    run(folder)
    edited = article("区里开展义务植树活动")
    edited.headline = "平城区干部群众义务植树"
    edited.save()
    changed = FRONT.replace("区里开展义务植树活动", "区里开展植树活动")
    (folder / "a.txt").write_text(changed, "utf-8")

    report = run(folder)

    edited.refresh_from_db()
    assert edited.headline == "平城区干部群众义务植树"
    [conflict] = report.files[0].conflicts
    assert "headline" in conflict and "区里开展植树活动" in conflict
    assert any(line.startswith("    conflict:") for line in report.lines())

    run(folder, force=True)

    edited.refresh_from_db()
    assert edited.headline == "区里开展植树活动"


def test_an_editors_change_stands_silently_when_the_file_did_not_change_that_field(tmp_path):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT})
    run(folder)
    edited = article("区里开展义务植树活动")
    edited.headline, edited.review_reasons = "平城区干部群众义务植树", []
    edited.save()
    (folder / "a.txt").write_text(FRONT + "\n\n" + LIBRARY, "utf-8")

    report = run(folder)

    edited.refresh_from_db()
    assert edited.headline == "平城区干部群众义务植树"
    assert report.files[0].conflicts == []
    assert report.files[0].action == "updated"


def test_a_vanished_article_an_editor_worked_on_is_kept_and_flagged(tmp_path):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT})
    run(folder)
    edited = article("社区举办便民服务日")
    edited.body += "\n编辑补充的一段。"
    edited.save()
    (folder / "a.txt").write_text("\n\n".join([PLANTING, COMMENTARY]), "utf-8")

    report = run(folder)

    edited.refresh_from_db()
    assert writing.VANISHED in edited.review_reasons
    assert edited.needs_review
    assert any("no longer in the file" in c for c in report.files[0].conflicts)


# -- 撤稿: an article an editor deleted ---------------------------------------------

ADDED = "\n\n植树结束后，志愿者们还对新栽树苗进行了挂牌认养。"


def change_the_file(folder: Path):
    """The same page, one article longer: a changed file that is imported again."""
    (folder / "a.txt").write_text(FRONT.replace(PLANTING, PLANTING + ADDED), "utf-8")


@pytest.mark.parametrize("how", ["one article", "a selection"])
def test_an_article_an_editor_deleted_stays_deleted_when_its_page_is_imported_again(tmp_path, how):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT})
    run(folder)
    if how == "one article":
        article("社区举办便民服务日").delete()
    else:
        Article.objects.filter(headline="社区举办便民服务日").delete()
    change_the_file(folder)

    report = run(folder)

    assert not Article.objects.filter(headline="社区举办便民服务日").exists()
    assert article("区里开展义务植树活动").body.endswith("挂牌认养。")  # the rest updated
    assert [w.headline for w in Withdrawal.objects.all()] == ["社区举办便民服务日"]
    (conflict,) = report.files[0].conflicts
    assert "«社区举办便民服务日» stays deleted" in conflict


def test_an_editor_can_bring_a_deleted_article_back_by_force_or_by_deleting_the_record(
    tmp_path,
):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT})
    run(folder)
    article("社区举办便民服务日").delete()

    run(folder, force=True)

    assert article("社区举办便民服务日")
    assert not Withdrawal.objects.exists()

    article("社区举办便民服务日").delete()
    Withdrawal.objects.get().delete()
    change_the_file(folder)
    run(folder)
    assert article("社区举办便民服务日")


def test_an_article_retired_by_the_import_or_deleted_with_its_page_is_no_withdrawal(
    tmp_path,
):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT})
    run(folder)
    (folder / "a.txt").write_text("\n\n".join([PLANTING, COMMENTARY]), "utf-8")
    run(folder)  # 社区举办便民服务日 is gone from the file
    assert not Withdrawal.objects.exists()
    Page.objects.get().delete()

    assert not Withdrawal.objects.exists()
    run(folder)
    assert Article.objects.count() == len(parsed("\n\n".join([PLANTING, COMMENTARY])).articles)


# -- bad files ---------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4
BAD_FILES = {
    "empty": (b"", "empty"),
    "blank": (b"\n  \n\t\n", "empty"),
    "binary": (PNG, "binary"),
    "control characters": (bytes(range(1, 9)) * 200 + "正文".encode(), "binary"),
    "undecodable": (b"\xff\xfe\xfd\xfc" * 50, "neither UTF-8 nor GB18030"),
    "too large": (("植树" * 400_000).encode(), "limit is"),
    "no parseable text": ("……——。\n\n，，，".encode(), "no parseable text"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_gets_one_error_line_and_the_others_still_import(tmp_path, kind):
    data, reason = BAD_FILES[kind]
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT, "bad.txt": data, "c.txt": LIBRARY})

    report = run(folder)

    errors = [line for line in report.lines() if line.startswith("ERROR")]
    assert len(errors) == 1
    assert errors[0].startswith("ERROR bad.txt: ") and reason in errors[0]
    assert [f.name for f in report.failed] == ["bad.txt"]
    assert not Page.objects.filter(source_file="bad.txt").exists()
    assert set(Page.objects.values_list("source_file", flat=True)) == {"a.txt", "c.txt"}
    assert not Issue.objects.filter(date=datetime.date(2024, 3, 2)).exists()  # bad.txt's


def test_a_file_missing_from_the_manifest_is_named_with_the_table_to_add(tmp_path):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT, "new.txt": LIBRARY}, listed=["a.txt"])

    report = run(folder)

    [failed] = report.failed
    assert failed.name == "new.txt"
    assert failed.lines()[0].startswith(f"ERROR new.txt: not listed in {folder / 'manifest.toml'}")
    assert '["new.txt"]' in failed.error and "issue_date =" in failed.error
    assert Page.objects.get().source_file == "a.txt"


@pytest.mark.django_db(transaction=True)  # real commits and rollbacks, not test savepoints
def test_a_file_that_fails_after_writing_leaves_nothing_behind(tmp_path, monkeypatch):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT, "b.txt": LIBRARY})

    def fail_on_library(page, rows, **kwargs):
        if rows[0]["headline"] == "图书馆延长开放时间":
            raise importer.ImportFileError("simulated failure after the page was written")
        return create(page, rows, **kwargs)

    create = writing._create_articles
    monkeypatch.setattr(writing, "_create_articles", fail_on_library)

    report = run(folder)

    assert [f.name for f in report.failed] == ["b.txt"]
    assert report.tallies["articles"].summary().startswith(f"{Article.objects.count()} created")
    assert sum(report.review.values()) == sum(len(a.review_reasons) for a in Article.objects.all())
    assert list(Page.objects.values_list("source_file", flat=True)) == ["a.txt"]
    assert Issue.objects.count() == 1
    assert Article.objects.count() == len(parsed(FRONT).articles)


def test_two_files_placed_on_the_same_page_are_an_error_for_the_second(tmp_path):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT, "b.txt": LIBRARY})
    (folder / "manifest.toml").write_text(
        manifest_toml(["a.txt"]) + "\n" + manifest_toml(["b.txt"]), "utf-8"
    )

    report = run(folder)

    assert [f.name for f in report.failed] == ["b.txt"]
    assert "already holds a.txt" in report.failed[0].error


@pytest.mark.parametrize(
    "encode",
    [lambda text: text.encode("gb18030"), lambda text: b"\xef\xbb\xbf" + text.encode()],
    ids=["gb18030", "utf-8 with bom"],
)
def test_gb18030_and_bom_files_are_accepted(tmp_path, encode):
    folder = make_folder(tmp_path / "pages", {"a.txt": encode(LIBRARY)})

    report = run(folder)

    assert not report.failed
    assert Article.objects.get().headline == "图书馆延长开放时间"
    assert not Page.objects.get().source_text.startswith("\ufeff")


# -- worker processes --------------------------------------------------------------

_prepare_file = preparing._prepare_file


def prepare_and_sign(job):
    """prepare._prepare_file, marking the result with the id of the process that ran it."""
    path, outcome = _prepare_file(job)
    if isinstance(outcome, preparing.PreparedPage):
        outcome.seconds["pid"] = os.getpid()
    return path, outcome


def test_worker_processes_import_exactly_what_one_process_imports(tmp_path, monkeypatch):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT, "b.txt": LIBRARY, "c.txt": b""})
    rows = Article.objects.order_by("page__source_file", "order").values_list(
        "headline", "body", "dateline", "import_snapshot"
    )
    run(folder, workers=0)
    one_process = list(rows)
    Issue.objects.all().delete()
    monkeypatch.setattr(preparing, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(preparing, "_prepare_file", prepare_and_sign)

    report = run(folder, workers=1)

    assert list(rows) == one_process
    assert {f.seconds["pid"] for f in report.files if not f.error} - {0, os.getpid()}
    assert [f.name for f in report.failed] == ["c.txt"]


# -- dry run and report ------------------------------------------------------------


def test_dry_run_reports_what_would_be_created_and_writes_nothing(tmp_path):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT, "b.txt": LIBRARY})

    report = run(folder, dry_run=True)

    assert [f.action for f in report.files] == ["created", "created"]
    assert report.lines()[-1] == "Dry run: nothing was written."
    assert set(counts().values()) == {0}


def test_dry_run_of_a_changed_file_reports_the_update_and_keeps_the_old_text(tmp_path):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT})
    run(folder)
    (folder / "a.txt").write_text(FRONT + "\n\n" + LIBRARY, "utf-8")
    before = ids()

    report = run(folder, dry_run=True)

    assert report.files[0].action == "updated"
    assert report.files[0].changes["created"] == 1
    assert ids() == before
    assert Page.objects.get().source_text == FRONT


def test_summary_counts_a_shared_author_once(tmp_path):
    folder = make_folder(tmp_path / "pages", {"a.txt": FRONT, "b.txt": LIBRARY})

    report = run(folder)

    authors = next(line for line in report.lines() if line.startswith("  authors:"))
    assert authors == f"  authors: {Author.objects.count()} created, 0 updated, 0 unchanged"
    assert report.tallies["articles"].summary().startswith(f"{Article.objects.count()} created")


def test_manifest_entry_reads_the_seeds_manifest():
    root = Path(__file__).resolve().parent.parent / "seeds"

    entry = manifest_entry(root / "manifest.toml", file_name="000_ee6a189470b96fac.txt")

    assert entry.issue_date == datetime.date(2022, 1, 5)
    assert entry.page_name == "平城头条"
    assert "2021年12月27日" in entry.reasoning


def test_an_import_teaches_the_user_dictionary_the_place_names_of_its_pages(tmp_path):
    from articles.search import dictionary

    place = "东风里社区"
    story = (
        f"{place}开展义诊\n\n本报讯（记者 孙权）近日，{place}组织医生为居民义诊。"
        f"\n\n{place}居民纷纷前来，{place}负责人表示将定期开展。"
    )
    folder = make_folder(tmp_path / "pages", {"a.txt": story})

    run(folder)

    assert place in dictionary.path().read_text("utf-8").split()


def test_a_dry_run_leaves_the_user_dictionary_alone(tmp_path):
    from articles.search import dictionary

    folder = make_folder(tmp_path / "pages", {"a.txt": LIBRARY})
    before = dictionary.path().read_text("utf-8") if dictionary.path().exists() else None

    run(folder, dry_run=True)

    after = dictionary.path().read_text("utf-8") if dictionary.path().exists() else None
    assert after == before


# -- 转版: a story that jumps to another page -----------------------------------------

JUMPING = """区里开展义务植树活动

本报讯（记者 张明）3月12日，平城区干部群众三百余人在御河东岸义务植树，栽下树苗两千余株。

活动现场，大家挥锹铲土、扶苗培土、提水浇灌，干劲十足，一棵棵新栽的树苗（下转第2版）"""

REST_OF_IT = """（上接第1版）迎风挺立。植树结束后，志愿者们还为新栽的树苗挂上了养护牌。

区林业部门表示，今年将继续组织全民义务植树。"""


def one_issue(folder: Path, pages: list[tuple[str, str]]) -> Path:
    """Page files of one issue (2024-03-01, 第1期), numbered in the order given."""
    folder.mkdir(exist_ok=True)
    tables = []
    for number, (name, text) in enumerate(pages, start=1):
        (folder / name).write_text(text, "utf-8")
        tables.append(
            f'["{name}"]\nissue_date = 2024-03-01\nissue_number = 1\npage_number = {number}\n'
        )
    (folder / "manifest.toml").write_text("\n".join(tables), "utf-8")
    return folder


def rest_of(start: Article) -> Article:
    return Article.objects.get(page__issue=start.page.issue, jump_from_page=start.page.number)


@pytest.mark.parametrize("order", ["first page first", "continued page first"])
def test_a_story_that_jumps_is_linked_to_its_rest_on_the_other_page(tmp_path, order):
    folder = one_issue(
        tmp_path / "pages", [("p1.txt", JUMPING), ("p2.txt", LIBRARY + "\n\n" + REST_OF_IT)]
    )
    if order == "first page first":
        run(folder)
    else:
        import_pages([folder / "p2.txt"], manifest=folder / "manifest.toml")
        assert Article.objects.filter(continuation__isnull=False).count() == 0
        import_pages([folder / "p1.txt"], manifest=folder / "manifest.toml")

    start = article("区里开展义务植树活动")
    assert start.jump_to_page == 2
    assert start.continuation == rest_of(start)
    assert start.continuation.body.startswith("（上接第1版）迎风挺立。")
    assert article("图书馆延长开放时间").continuation is None


def test_linking_jumps_is_reported_once_and_a_second_import_is_unchanged(tmp_path):
    folder = one_issue(tmp_path / "pages", [("p1.txt", JUMPING), ("p2.txt", REST_OF_IT)])

    first = run(folder)
    before_counts, before_ids = counts(), ids()
    second = run(folder)

    assert "1 jump linked" in first.files[1].lines()[0]
    assert [f.action for f in second.files] == ["unchanged", "unchanged"]
    assert (counts(), ids()) == (before_counts, before_ids)
    assert Article.objects.filter(continuation__isnull=False).count() == 1


def test_a_link_an_editor_made_is_kept_when_the_pages_are_imported_again(tmp_path):
    folder = one_issue(tmp_path / "pages", [("p1.txt", JUMPING), ("p2.txt", REST_OF_IT)])
    run(folder)
    start = article("区里开展义务植树活动")
    chosen = Article.objects.create(page=start.page, headline="编辑指定的续文", order=9)
    Article.objects.filter(pk=start.pk).update(continuation=chosen)

    run(folder, force=True)

    assert article("区里开展义务植树活动").continuation == chosen


def test_a_link_an_editor_removed_is_not_made_again(tmp_path):
    folder = one_issue(tmp_path / "pages", [("p1.txt", JUMPING), ("p2.txt", REST_OF_IT)])
    run(folder)
    start = article("区里开展义务植树活动")
    start.continuation = None
    start.save()

    run(folder, force=True)

    assert article("区里开展义务植树活动").continuation is None


def test_a_corrected_file_that_jumps_elsewhere_moves_the_link_the_import_made(tmp_path):
    rest_on_3 = REST_OF_IT.replace("迎风挺立", "茁壮成长")
    folder = one_issue(
        tmp_path / "pages",
        [("p1.txt", JUMPING), ("p2.txt", REST_OF_IT), ("p3.txt", rest_on_3)],
    )
    run(folder)
    assert article("区里开展义务植树活动").continuation.page.number == 2
    (folder / "p1.txt").write_text(JUMPING.replace("下转第2版", "下转第3版"), "utf-8")

    report = run(folder)

    start = article("区里开展义务植树活动")
    assert start.jump_to_page == 3
    assert start.continuation.page.number == 3
    assert "1 jump link undone" in report.files[0].lines()[0]
    assert "1 jump linked" in report.files[0].lines()[0]


def test_two_stories_jumping_to_one_page_are_linked_by_headline_or_left_to_an_editor(tmp_path):
    other = JUMPING.replace("区里开展义务植树活动", "街道清理背街小巷").replace("（下转第2版）", "")
    other += "小巷（下转第2版）"
    headed_rests = (
        "区里开展义务植树活动\n\n"
        + REST_OF_IT
        + "\n\n街道清理背街小巷\n\n"
        + REST_OF_IT.replace("迎风挺立", "焕然一新")
    )
    folder = one_issue(
        tmp_path / "headed", [("p1.txt", JUMPING + "\n\n" + other), ("p2.txt", headed_rests)]
    )
    run(folder)
    on_page_1 = Article.objects.filter(page__number=1)
    planting = on_page_1.get(headline="区里开展义务植树活动")
    lanes = on_page_1.get(headline="街道清理背街小巷")
    assert planting.continuation.body.startswith("（上接第1版）迎风挺立")
    assert lanes.continuation.body.startswith("（上接第1版）焕然一新")

    Issue.objects.all().delete()
    bare_rests = REST_OF_IT + "\n\n" + REST_OF_IT.replace("迎风挺立", "焕然一新")
    folder = one_issue(
        tmp_path / "bare", [("p1.txt", JUMPING + "\n\n" + other), ("p2.txt", bare_rests)]
    )
    run(folder)
    assert Article.objects.filter(jump_to_page=2).count() == 2
    assert Article.objects.filter(jump_from_page=1).count() == 2
    assert Article.objects.filter(continuation__isnull=False).count() == 0


def test_an_editors_note_printed_with_its_label_is_stored_without_it(tmp_path):
    letter = (
        "编者按：近日，本报收到一封读者来信，现予刊发。\n\n"
        "加装电梯好事，还需办好\n\n"
        "我家住在一个老旧小区，楼高六层，没有电梯，老人上下楼很不方便。\n\n"
        "□ 赵春生"
    )
    run(one_issue(tmp_path / "letter", [("p1.txt", letter)]))
    article = Article.objects.get(headline="加装电梯好事，还需办好")
    assert article.editor_note == "近日，本报收到一封读者来信，现予刊发。"
    assert [author.name for author in article.byline_authors()] == ["赵春生"]
