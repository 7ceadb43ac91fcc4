"""The REST API: published-only reads, model-permission writes, strict errors, flat queries."""

import datetime
import re
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from django.utils.http import http_date
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

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
    Series,
)

pytestmark = pytest.mark.django_db

MAY_1 = datetime.date(2024, 5, 1)


@pytest.fixture(autouse=True)
def fresh_throttle_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The fixtures' users need passwords, not slow hashes of them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- helpers ------------------------------------------------------------------------------------


def make_page(date=MAY_1, number=1, name="平城头条", **issue_fields):
    issue, _ = Issue.objects.get_or_create(date=date, defaults={"number": 100, **issue_fields})
    return Page.objects.create(issue=issue, number=number, name=name)


def make_article(page=None, headline="弘扬创新精神", *, published=True, authors=(), **fields):
    if published:
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(hours=1))
    fields.setdefault("body", "平城区坚持创新驱动发展。\n## 集体经济思路宽\n村集体经济不断壮大。")
    article = Article.objects.create(page=page, headline=headline, **fields)
    for order, name in enumerate(authors):
        author, _ = Author.objects.get_or_create_by_name(name)
        ArticleAuthor.objects.create(article=article, author=author, order=order)
    return article


def make_draft(page=None, headline="秘密草稿不可见", **fields):
    column, _ = Column.objects.get_or_create(name="草稿栏目")
    series, _ = Series.objects.get_or_create(name="草稿系列")
    article = make_article(
        page,
        headline,
        published=False,
        authors=["草稿作者"],
        column=column,
        series=series,
        **fields,
    )
    keyword, _ = Keyword.objects.get_or_create(name="草稿关键词")
    ArticleKeyword.objects.create(article=article, keyword=keyword)
    return article


def user_with(username, *codenames):
    user = User.objects.create_user(username, password="pw")
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return User.objects.get(pk=user.pk)  # drop the permission cache


def client_for(user=None, *, token=False):
    client = APIClient()
    if user is not None and token:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    elif user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def anonymous():
    return client_for()


@pytest.fixture
def reporter():
    """May file new articles (and see nothing unpublished, change nothing)."""
    return client_for(user_with("reporter", "add_article"))


@pytest.fixture
def viewer():
    """May see every article, drafts included, but not change them."""
    return client_for(user_with("viewer", "view_article", "view_issue"))


@pytest.fixture
def editor():
    perms = ["add_article", "change_article", "view_article", "add_column", "change_column"]
    return client_for(user_with("editor", *perms, "add_series", "change_series"))


@pytest.fixture
def chief():
    """Holds every permission there is."""
    return client_for(User.objects.create_superuser("chief", password="pw"))


@pytest.fixture
def paper():
    """A page with a published commentary, a published news story and a draft."""
    page = make_page()
    column = Column.objects.get_or_create(name="平城新语")[0]
    commentary = make_article(
        page, "弘扬创新精神", authors=["孙 权"], kind="commentary", column=column, order=1
    )
    news = make_article(page, "迎宾街道志愿服务", authors=["邱东芳"], order=2)
    draft = make_draft(page, order=3)
    return {"page": page, "commentary": commentary, "news": news, "draft": draft}


def headlines(response):
    assert response.status_code == 200, response.content
    return [item["headline"] for item in response.json()["results"]]


# --- reading ------------------------------------------------------------------------------------


def test_articles_in_the_commentary_column_come_with_their_authors(anonymous, paper):
    response = anonymous.get("/api/articles/", {"column": "平城新语"})

    results = response.json()["results"]
    assert [article["headline"] for article in results] == ["弘扬创新精神"]
    assert results[0]["authors"] == [
        {"id": results[0]["authors"][0]["id"], "name": "孙权", "role": "writer", "order": 0}
    ]
    assert results[0]["column"]["name"] == "平城新语"


def test_article_detail_has_body_blocks_keywords_and_photo_renditions(anonymous, paper):
    article = paper["commentary"]
    keyword = Keyword.objects.create(name="创新")
    ArticleKeyword.objects.create(article=article, keyword=keyword, weight=0.7)
    Photo.objects.create(article=article, caption="图为志愿者。", credit="孙露摄")

    data = anonymous.get(f"/api/articles/{article.pk}/").json()

    assert data["body_blocks"][1] == {"type": "subhead", "text": "集体经济思路宽"}
    assert data["keywords"] == [{"name": "创新", "weight": 0.7}]
    assert data["photos"][0]["credit"] == "孙露摄"
    assert data["photos"][0]["renditions"] == {}  # no image file, no renditions
    assert data["page"]["label"] == "第01版：平城头条"


def png_file(name="photo.png"):
    buffer = BytesIO()
    Image.new("RGB", (800, 500), "navy").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize("damage", ["deleted", "corrupt"])
def test_a_photo_whose_file_is_gone_or_broken_has_no_renditions(
    anonymous, paper, settings, tmp_path, caplog, damage
):
    settings.MEDIA_ROOT = tmp_path
    article = paper["commentary"]
    photo = Photo.objects.create(article=article, image=png_file(), caption="图为志愿者。")
    path = Path(photo.image.path)
    if damage == "deleted":
        path.unlink()
    else:
        path.write_bytes(b"not an image")

    listed = anonymous.get("/api/articles/")
    detail = anonymous.get(f"/api/articles/{article.pk}/")

    assert (listed.status_code, detail.status_code) == (200, 200)
    assert detail.json()["photos"][0]["renditions"] == {}
    assert detail.json()["photos"][0]["caption"] == "图为志愿者。"
    assert "No 640px rendition of photos/" in caplog.text


def test_a_photo_file_gets_its_renditions(anonymous, paper, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = paper["commentary"]
    Photo.objects.create(article=article, image=png_file())

    renditions = anonymous.get(f"/api/articles/{article.pk}/").json()["photos"][0]["renditions"]

    assert sorted(renditions, key=int) == ["320", "640", "1280"]
    assert renditions["320"].startswith("http://testserver/media/renditions/photos/")


def test_a_page_lists_its_published_articles_in_printed_order(anonymous, paper):
    data = anonymous.get(f"/api/pages/{paper['page'].pk}/").json()

    assert [a["headline"] for a in data["articles"]] == ["弘扬创新精神", "迎宾街道志愿服务"]


def test_an_issue_lists_its_pages(anonymous, paper):
    make_article(make_page(number=2, name="综合新闻"), "二版消息")

    data = anonymous.get("/api/issues/").json()

    assert [page["label"] for page in data["results"][0]["pages"]] == [
        "第01版：平城头条",
        "第02版：综合新闻",
    ]


def test_articles_filter_by_author_however_the_name_is_spaced(anonymous, paper):
    assert headlines(anonymous.get("/api/articles/", {"author": "孙权"})) == ["弘扬创新精神"]
    assert headlines(anonymous.get("/api/articles/", {"author": "孙 权"})) == ["弘扬创新精神"]


def test_articles_filter_by_date_range_issue_and_kind(anonymous, paper):
    later = make_page(date=datetime.date(2024, 6, 1))
    make_article(later, "六月的消息")

    june = anonymous.get("/api/articles/", {"date_after": "2024-05-15"})
    may_issue = anonymous.get("/api/articles/", {"issue": paper["page"].issue_id})
    briefs = anonymous.get("/api/articles/", {"kind": "commentary"})

    assert headlines(june) == ["六月的消息"]
    assert sorted(headlines(may_issue)) == ["弘扬创新精神", "迎宾街道志愿服务"]
    assert headlines(briefs) == ["弘扬创新精神"]


def test_articles_order_by_an_allowed_field(anonymous, paper):
    ascending = anonymous.get("/api/articles/", {"ordering": "order"})
    descending = anonymous.get("/api/articles/", {"ordering": "-order"})

    assert headlines(ascending) == ["弘扬创新精神", "迎宾街道志愿服务"]
    assert headlines(descending) == ["迎宾街道志愿服务", "弘扬创新精神"]


def test_search_finds_published_articles_by_words(anonymous, paper):
    assert headlines(anonymous.get("/api/search/", {"q": "迎宾街道"})) == ["迎宾街道志愿服务"]


def test_authors_and_columns_count_only_published_articles(anonymous, paper):
    column = Column.objects.get(name="平城新语")
    make_article(paper["page"], "另一篇草稿", published=False, column=column, authors=["孙权"])

    columns = anonymous.get("/api/columns/").json()["results"]
    authors = anonymous.get("/api/authors/").json()["results"]

    assert [(c["name"], c["article_count"]) for c in columns] == [("平城新语", 1)]
    assert sorted((a["name"], a["article_count"]) for a in authors) == [("孙权", 1), ("邱东芳", 1)]


# --- drafts never leak --------------------------------------------------------------------------

LISTS = ["issues", "pages", "articles", "authors", "columns", "series", "keywords"]


@pytest.mark.parametrize("endpoint", LISTS)
def test_anonymous_lists_never_mention_a_draft(anonymous, paper, endpoint):
    response = anonymous.get(f"/api/{endpoint}/", {"page_size": 100})

    assert response.status_code == 200
    assert "草稿" not in response.content.decode()


def test_anonymous_reader_cannot_fetch_a_draft_by_id(anonymous, paper):
    response = anonymous.get(f"/api/articles/{paper['draft'].pk}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_article_scheduled_for_later_is_not_yet_visible(anonymous, paper):
    later = timezone.now() + datetime.timedelta(days=1)
    scheduled = make_article(paper["page"], "明天见报", published_at=later)

    assert anonymous.get(f"/api/articles/{scheduled.pk}/").status_code == 404
    assert "明天见报" not in headlines(anonymous.get("/api/articles/"))


def test_drafts_are_not_counted_filtered_or_searched_for_anonymous(anonymous, paper):
    everything = anonymous.get("/api/articles/")
    by_status = anonymous.get("/api/articles/", {"status": "draft"})
    by_column = anonymous.get("/api/articles/", {"column": "草稿栏目"})
    by_author = anonymous.get("/api/articles/", {"author": "草稿作者"})
    searched = anonymous.get("/api/search/", {"q": "秘密草稿"})

    assert everything.json()["count"] == 2
    for response in (by_status, by_column, by_author, searched):
        assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_draft_names_are_not_listed_even_by_their_own_id(anonymous, paper):
    draft_author = Author.objects.get(name="草稿作者")
    draft_series = Series.objects.get(name="草稿系列")

    assert anonymous.get(f"/api/authors/{draft_author.pk}/").status_code == 404
    assert anonymous.get(f"/api/series/{draft_series.pk}/").status_code == 404


def test_pages_of_an_unpublished_issue_are_hidden(anonymous):
    hidden = make_page(date=datetime.date(2024, 7, 1), is_published=False)

    assert anonymous.get(f"/api/pages/{hidden.pk}/").status_code == 404
    assert anonymous.get(f"/api/issues/{hidden.issue_id}/").status_code == 404


@pytest.fixture
def unpublished_issue():
    """A published article printed in an issue that is not out yet: the web 404s it."""
    page = make_page(date=datetime.date(2024, 7, 1), name="未出版版面", is_published=False)
    column = Column.objects.create(name="未出版栏目")
    article = make_article(page, "未出版的期里的文章", column=column, authors=["未出版作者"])
    keyword = Keyword.objects.create(name="未出版关键词")
    ArticleKeyword.objects.create(article=article, keyword=keyword)
    return article


def test_an_article_in_an_unpublished_issue_is_hidden_as_on_the_web(
    anonymous, client, paper, unpublished_issue
):
    article = unpublished_issue
    issue_id = article.page.issue_id

    assert client.get(article.get_absolute_url()).status_code == 404
    assert anonymous.get(f"/api/articles/{article.pk}/").status_code == 404
    assert headlines(anonymous.get("/api/articles/", {"issue": issue_id})) == []
    assert headlines(anonymous.get("/api/search/", {"q": "未出版"})) == []
    for endpoint in ["columns", "authors", "keywords", "pages", "issues"]:
        listed = anonymous.get(f"/api/{endpoint}/", {"page_size": 100}).content.decode()
        assert "未出版" not in listed and "2024-07-01" not in listed, endpoint


def test_an_editor_still_sees_an_article_in_an_unpublished_issue(viewer, unpublished_issue):
    assert viewer.get(f"/api/articles/{unpublished_issue.pk}/").status_code == 200
    assert viewer.get(f"/api/pages/{unpublished_issue.page_id}/").status_code == 200


def test_issues_and_pages_of_drafts_only_do_not_exist_for_readers(anonymous, client, paper):
    drafts_page = make_page(number=2, name="草稿版")
    make_draft(drafts_page)
    drafts_issue_page = make_page(date=datetime.date(2024, 6, 1), name="草稿期")
    make_draft(drafts_issue_page)

    issues = anonymous.get("/api/issues/").json()["results"]
    pages = anonymous.get("/api/pages/", {"page_size": 100}).json()["results"]

    assert client.get("/issues/2024-06-01/").status_code == 404
    assert [issue["date"] for issue in issues] == ["2024-05-01"]
    assert [page["label"] for page in issues[0]["pages"]] == ["第01版：平城头条"]
    assert [page["id"] for page in pages] == [paper["page"].pk]
    assert anonymous.get(f"/api/pages/{drafts_page.pk}/").status_code == 404
    assert anonymous.get(f"/api/issues/{drafts_issue_page.issue_id}/").status_code == 404


def test_a_reporter_who_may_only_file_sees_no_drafts(reporter, paper):
    assert "秘密草稿不可见" not in headlines(reporter.get("/api/articles/"))


def test_an_editor_sees_drafts_and_filters_by_status(viewer, paper):
    drafts = viewer.get("/api/articles/", {"status": "draft"})
    page = viewer.get(f"/api/pages/{paper['page'].pk}/").json()

    assert headlines(drafts) == ["秘密草稿不可见"]
    assert len(page["articles"]) == 3
    assert viewer.get(f"/api/articles/{paper['draft'].pk}/").json()["status"] == "draft"


# --- permissions --------------------------------------------------------------------------------

READ_ONLY = ["issues", "pages", "authors", "keywords", "search"]
NEW_ARTICLE = {"headline": "新闻稿", "body": "第一段", "status": "published", "authors": []}


@pytest.mark.parametrize("endpoint", LISTS + ["search"])
@pytest.mark.parametrize("who", ["anonymous", "reporter", "editor"])
def test_everyone_may_read_every_endpoint(request, paper, endpoint, who):
    client = request.getfixturevalue(who)
    params = {"q": "创新"} if endpoint == "search" else {}

    assert client.get(f"/api/{endpoint}/", params).status_code == 200


@pytest.mark.parametrize("endpoint", READ_ONLY)
@pytest.mark.parametrize("who, status", [("anonymous", 401), ("chief", 405)])
def test_nobody_writes_to_the_read_only_endpoints(request, endpoint, who, status):
    client = request.getfixturevalue(who)

    assert client.post(f"/api/{endpoint}/", {}, format="json").status_code == status


@pytest.mark.parametrize("endpoint", ["issues", "pages", "authors", "keywords"])
def test_an_article_editor_lacks_the_permission_to_add_archive_rows(editor, endpoint):
    assert editor.post(f"/api/{endpoint}/", {}, format="json").status_code == 403


@pytest.mark.parametrize("endpoint", ["articles", "columns", "series"])
def test_anonymous_callers_cannot_write(anonymous, endpoint):
    response = anonymous.post(f"/api/{endpoint}/", {"name": "新栏目"}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert Column.objects.filter(name="新栏目").exists() is False


# The permission matrix: every endpoint in articles/api_urls.py, every role, every method.
# Columns: list GET, detail GET, POST, PATCH, DELETE, POST .../publish/, and (articles only)
# GET of a draft. None: no such request for that endpoint. A route that does not exist
# (publish on a column, a search result by id) answers 404 from the API's catch-all.
METHODS = ["list", "detail", "post", "patch", "delete", "publish", "draft"]
READ_ONLY_ROWS = {
    "anonymous": (200, 200, 401, 401, 401, 404, None),
    "reporter": (200, 200, 403, 403, 403, 404, None),
    "editor": (200, 200, 403, 403, 403, 404, None),
    "chief": (200, 200, 405, 405, 405, 404, None),
}
NAMED_ROWS = {  # columns and series: created and renamed, never deleted over the API
    "anonymous": (200, 200, 401, 401, 401, 404, None),
    "reporter": (200, 200, 403, 403, 403, 404, None),
    "editor": (200, 200, 201, 200, 403, 404, None),
    "chief": (200, 200, 201, 200, 405, 404, None),
}
DOCS_ROWS = {role: (200, None, None, None, None, None, None) for role in READ_ONLY_ROWS}
MATRIX = {
    "issues": READ_ONLY_ROWS,
    "pages": READ_ONLY_ROWS,
    "authors": READ_ONLY_ROWS,
    "keywords": READ_ONLY_ROWS,
    "columns": NAMED_ROWS,
    "series": NAMED_ROWS,
    "articles": {
        "anonymous": (200, 200, 401, 401, 401, 401, 404),
        "reporter": (200, 200, 201, 403, 403, 403, 404),
        "editor": (200, 200, 201, 200, 403, 200, 200),
        "chief": (200, 200, 201, 200, 204, 200, 200),
    },
    "search": {
        "anonymous": (200, 404, 401, 404, 404, 404, None),
        "reporter": (200, 404, 405, 404, 404, 404, None),  # may add articles, not searches
        "editor": (200, 404, 405, 404, 404, 404, None),
        "chief": (200, 404, 405, 404, 404, 404, None),
    },
    "schema": DOCS_ROWS,
    "docs": DOCS_ROWS,
    "redoc": DOCS_ROWS,
}
WRITES = {
    "articles": ({"headline": "新闻稿", "body": "第一段"}, {"headline": "改过的标题"}),
    "columns": ({"name": "新栏目"}, {"description": "改过的说明"}),
    "series": ({"name": "新系列"}, {"description": "改过的说明"}),
}


@pytest.fixture
def matrix_paper(paper):
    """The paper, with a published series and keyword: one readable row per endpoint."""
    commentary = paper["commentary"]
    commentary.series = Series.objects.create(name="“双百工程”巡礼")
    commentary.save()
    keyword = Keyword.objects.create(name="创新")
    ArticleKeyword.objects.create(article=commentary, keyword=keyword)
    return {
        "issues": paper["page"].issue_id,
        "pages": paper["page"].pk,
        "articles": paper["news"].pk,
        "authors": Author.objects.get(name="孙权").pk,
        "columns": commentary.column_id,
        "series": commentary.series_id,
        "keywords": keyword.pk,
        "search": paper["news"].pk,
        "draft": paper["draft"].pk,
    }


@pytest.mark.parametrize(
    "endpoint, who, method, expected",
    [
        pytest.param(endpoint, who, method, status, id=f"{endpoint}-{who}-{method}")
        for endpoint, rows in MATRIX.items()
        for who, statuses in rows.items()
        for method, status in zip(METHODS, statuses, strict=True)
        if status is not None
    ],
)
def test_permission_matrix(request, matrix_paper, endpoint, who, method, expected):
    client = request.getfixturevalue(who)
    base = f"/api/{endpoint}/"
    detail = f"{base}{matrix_paper.get(endpoint)}/"
    create, change = WRITES.get(endpoint, ({}, {}))

    if method == "list":
        response = client.get(base, {"q": "创新"} if endpoint == "search" else {})
    elif method == "detail":
        response = client.get(detail)
    elif method == "draft":
        response = client.get(f"{base}{matrix_paper['draft']}/")
    elif method == "post":
        response = client.post(base, create, format="json")
    elif method == "patch":
        response = client.patch(detail, change, format="json")
    elif method == "delete":
        response = client.delete(detail)
    else:
        response = client.post(f"{detail}publish/")

    assert response.status_code == expected, response.content[:300]
    if expected >= 400 and method in {"post", "patch", "delete", "publish"}:
        assert response.json()["code"] in {
            "not_authenticated",
            "permission_denied",
            "method_not_allowed",
            "not_found",
        }


def test_refused_writes_change_nothing(anonymous, reporter, matrix_paper):
    news = Article.objects.get(pk=matrix_paper["articles"])
    before = (Article.objects.count(), Column.objects.count(), news.headline, news.updated_at)

    reporter.patch(f"/api/articles/{news.pk}/", {"headline": "改"}, format="json")
    reporter.delete(f"/api/articles/{news.pk}/")
    anonymous.post("/api/articles/", {"headline": "匿名"}, format="json")
    anonymous.post("/api/columns/", {"name": "匿名栏目"}, format="json")
    reporter.post("/api/columns/", {"name": "记者栏目"}, format="json")

    news.refresh_from_db()
    after = (Article.objects.count(), Column.objects.count(), news.headline, news.updated_at)
    assert after == before


def test_a_reporter_files_an_article_as_a_draft_whatever_status_they_ask(reporter):
    response = reporter.post("/api/articles/", NEW_ARTICLE, format="json")

    assert response.status_code == 201
    assert response.json()["status"] == "draft"
    assert Article.objects.get(headline="新闻稿").published_at is None


@pytest.mark.parametrize("endpoint", ["columns", "series"])
def test_a_reporter_cannot_create_columns_or_series(reporter, endpoint):
    assert reporter.post(f"/api/{endpoint}/", {"name": "新栏目"}).status_code == 403


def test_a_reporter_cannot_change_or_publish_an_article(reporter, paper):
    draft = paper["draft"]

    changed = reporter.patch(f"/api/articles/{draft.pk}/", {"headline": "改"}, format="json")
    published = reporter.post(f"/api/articles/{draft.pk}/publish/")

    assert (changed.status_code, published.status_code) == (403, 403)
    draft.refresh_from_db()
    assert (draft.headline, draft.status) == ("秘密草稿不可见", "draft")


def test_a_viewer_sees_drafts_but_cannot_file(viewer):
    assert viewer.post("/api/articles/", NEW_ARTICLE, format="json").status_code == 403


def test_an_editor_creates_a_published_article_with_authors_and_keywords(editor):
    payload = {
        **NEW_ARTICLE,
        "published_at": "2024-05-01T08:00:00+08:00",
        "authors": [{"name": "孙 权"}, {"name": "孙露", "role": "photographer"}],
        "keywords": ["创新", "平城"],
    }

    response = editor.post("/api/articles/", payload, format="json")

    data = response.json()
    assert response.status_code == 201, data
    assert data["status"] == "published"
    assert [(a["name"], a["role"]) for a in data["authors"]] == [
        ("孙权", "writer"),
        ("孙露", "photographer"),
    ]
    assert sorted(k["name"] for k in data["keywords"]) == ["创新", "平城"]


def test_an_editor_with_a_token_updates_and_publishes_a_draft(paper):
    editor = user_with("token-editor", "change_article")
    client = client_for(editor, token=True)
    draft = paper["draft"]

    patched = client.patch(f"/api/articles/{draft.pk}/", {"headline": "改好了"}, format="json")
    published = client.post(f"/api/articles/{draft.pk}/publish/")

    assert patched.status_code == 200
    assert published.json()["status"] == "published"
    draft.refresh_from_db()
    assert (draft.headline, draft.status) == ("改好了", "published")
    assert draft.published_at is not None


def test_an_article_published_over_the_api_without_a_time_is_published_now(editor, anonymous):
    created = editor.post("/api/articles/", NEW_ARTICLE, format="json").json()

    assert created["published_at"] is not None
    assert anonymous.get(f"/api/articles/{created['id']}/").status_code == 200


@pytest.mark.parametrize("extra", [{}, {"published_at": None}])
def test_a_draft_patched_to_published_appears_at_once(editor, anonymous, paper, extra):
    draft = paper["draft"]

    response = editor.patch(
        f"/api/articles/{draft.pk}/", {"status": "published", **extra}, format="json"
    )

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.published_at is not None and draft.published_at <= timezone.now()
    assert anonymous.get(f"/api/articles/{draft.pk}/").status_code == 200


def test_patching_a_published_article_keeps_its_publish_time(editor, paper):
    news = paper["news"]

    editor.patch(f"/api/articles/{news.pk}/", {"status": "published"}, format="json")

    assert Article.objects.get(pk=news.pk).published_at == news.published_at


def test_a_continuation_that_is_still_a_draft_is_not_named(anonymous, viewer, paper):
    news, draft, commentary = paper["news"], paper["draft"], paper["commentary"]
    Article.objects.filter(pk=news.pk).update(continuation=draft)
    Article.objects.filter(pk=commentary.pk).update(continuation=news)

    hidden = anonymous.get(f"/api/articles/{news.pk}/").json()["continuation"]
    shown = anonymous.get(f"/api/articles/{commentary.pk}/").json()["continuation"]
    to_editor = viewer.get(f"/api/articles/{news.pk}/").json()["continuation"]

    assert (hidden, shown, to_editor) == (None, news.pk, draft.pk)


def test_an_editor_without_delete_permission_cannot_delete(editor, paper):
    assert editor.delete(f"/api/articles/{paper['news'].pk}/").status_code == 403
    assert Article.objects.filter(pk=paper["news"].pk).exists()


def test_an_editor_creates_a_column(editor):
    response = editor.post("/api/columns/", {"name": "城事观察"}, format="json")

    assert response.status_code == 201
    assert response.json()["slug"] == "城事观察"
    assert response.json()["article_count"] == 0


def test_a_wrong_token_is_refused_even_for_reading(anonymous):
    anonymous.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert anonymous.get("/api/articles/").status_code == 401


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, field",
    [
        ({"date_after": "2024-13-45"}, "date_after"),
        ({"date_before": ""}, "date_before"),
        ({"issue": "abc"}, "issue"),
        ({"issue": "0"}, "issue"),
        ({"kind": "poem"}, "kind"),
        ({"ordering": "headline"}, "ordering"),
        ({"ordering": "date,-secret"}, "ordering"),
        ({"page_size": "1000"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"page": "first"}, "page"),
    ],
)
def test_bad_query_parameters_are_a_400_naming_the_parameter(anonymous, paper, query, field):
    response = anonymous.get("/api/articles/", query)

    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [field]
    assert field in body["detail"]


@pytest.fixture
def two_of_everything():
    """Two readable issues, pages, articles, authors, columns, series and keywords."""
    for n, day in enumerate([MAY_1, datetime.date(2024, 5, 2)]):
        article = make_article(
            make_page(date=day, number=n + 1),
            f"平城消息{n}",
            authors=[f"记者{n}"],
            column=Column.objects.create(name=f"栏目{n}"),
            series=Series.objects.create(name=f"系列{n}"),
        )
        keyword = Keyword.objects.create(name=f"词{n}")
        ArticleKeyword.objects.create(article=article, keyword=keyword)


ORDERED = [*LISTS, "search"]


@pytest.mark.parametrize("endpoint", ORDERED)
def test_every_list_orders_by_id_both_ways(anonymous, two_of_everything, endpoint):
    ids = {}
    for ordering in ["id", "-id"]:
        response = anonymous.get(f"/api/{endpoint}/", {"ordering": ordering, "q": "平城"})
        assert response.status_code == 200, response.content
        ids[ordering] = [item["id"] for item in response.json()["results"]]

    assert len(ids["id"]) == 2
    assert ids["id"] == sorted(ids["id"])
    assert ids["-id"] == ids["id"][::-1]


@pytest.mark.parametrize("endpoint", ORDERED)
def test_every_list_refuses_an_unknown_ordering(anonymous, two_of_everything, endpoint):
    response = anonymous.get(f"/api/{endpoint}/", {"ordering": "bogus", "q": "平城"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["ordering"]


@pytest.mark.parametrize(
    "endpoint, ordering, key",
    [
        ("issues", "-date", "date"),
        ("pages", "-number", "number"),
        ("authors", "-name", "name"),
        ("columns", "-name", "name"),
        ("series", "-name", "name"),
        ("keywords", "-name", "name"),
        ("search", "-date", "page.issue_date"),
    ],
)
def test_named_orderings_apply_on_every_list(anonymous, two_of_everything, endpoint, ordering, key):
    results = anonymous.get(f"/api/{endpoint}/", {"ordering": ordering, "q": "平城"}).json()
    values = []
    for item in results["results"]:
        for part in key.split("."):
            item = item[part]
        values.append(str(item))

    assert len(values) == 2
    assert values == sorted(values, reverse=True)


def test_a_page_past_the_end_is_a_404_with_a_message(anonymous, paper):
    response = anonymous.get("/api/articles/", {"page": 99})

    assert response.status_code == 404
    assert "99" in response.json()["detail"]


@pytest.mark.parametrize("encoded", [False, True])
def test_next_and_previous_links_keep_chinese_query_values(anonymous, paper, encoded):
    column = Column.objects.get(name="平城新语")
    make_article(paper["page"], "第二篇评论", column=column, order=5)
    query = "column=平城新语&page_size=1"
    if encoded:
        query = "column=%E5%B9%B3%E5%9F%8E%E6%96%B0%E8%AF%AD&page_size=1"

    first = anonymous.get(f"/api/articles/?{query}").json()
    second = anonymous.get(first["next"]).json()
    back = anonymous.get(second["previous"]).json()

    assert first["next"] == (
        "http://testserver/api/articles/"
        "?column=%E5%B9%B3%E5%9F%8E%E6%96%B0%E8%AF%AD&page_size=1&page=2"
    )
    assert second["previous"] == first["next"].removesuffix("&page=2")
    assert sorted(r["headline"] for r in first["results"] + second["results"]) == [
        "弘扬创新精神",
        "第二篇评论",
    ]
    assert back["results"] == first["results"]


def test_search_without_words_is_a_400(anonymous):
    response = anonymous.get("/api/search/")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["q"]


@pytest.mark.parametrize(
    "path", ["/api/articles/abc/", "/api/nothing-here/", "/api/articles/9e99/"]
)
def test_unknown_paths_and_ids_are_a_json_404(anonymous, path):
    response = anonymous.get(path)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_huge_id_is_a_404_not_a_crash(anonymous):
    assert anonymous.get(f"/api/articles/{10**30}/").status_code == 404


def test_invalid_article_data_is_a_400_naming_the_fields(editor):
    response = editor.post("/api/articles/", {"kind": "poem", "page": 10**12}, format="json")

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind", "page"}


def test_a_taken_column_name_is_a_409_conflict(editor):
    response = editor.post("/api/columns/", {"name": "平城新语"}, format="json")

    assert response.status_code == 409
    assert list(response.json()["errors"]) == ["name"]


def test_an_article_on_a_missing_page_is_a_422(editor):
    response = editor.post("/api/articles/", {"page": 10**12}, format="json")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["page"]


@pytest.mark.parametrize("payload", [{"headline": 5}, {"order": "3"}, {"keywords": [7]}])
def test_values_of_the_wrong_json_type_are_refused(editor, payload):
    response = editor.post("/api/articles/", payload, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == list(payload)


def test_form_encoded_bodies_are_refused(editor):
    response = editor.post("/api/articles/", {"headline": "表单"})

    assert response.status_code == 415
    assert Article.objects.filter(headline="表单").exists() is False


def test_a_column_name_without_letters_still_gets_its_own_address(editor):
    first = editor.post("/api/columns/", {"name": "##"}, format="json").json()
    second = editor.post("/api/columns/", {"name": "#-#"}, format="json").json()

    assert first["slug"] and second["slug"] and first["slug"] != second["slug"]
    assert first["web_url"].endswith(f"/columns/{first['slug']}/")


def test_blank_author_names_and_keywords_are_dropped(editor):
    payload = {"authors": [{"name": " "}, {"name": "孙权"}], "keywords": ["\t", "创新"]}

    data = editor.post("/api/articles/", payload, format="json").json()

    assert [a["name"] for a in data["authors"]] == ["孙权"]
    assert [k["name"] for k in data["keywords"]] == ["创新"]


def test_times_are_in_beijing_time_but_never_with_an_offset_in_seconds(editor):
    old = {"published_at": "0461-12-08T09:34:05-02:30", "status": "review"}
    new = {"published_at": "2024-05-01T00:00:00Z", "status": "review"}

    old_time = editor.post("/api/articles/", old, format="json").json()["published_at"]
    new_time = editor.post("/api/articles/", new, format="json").json()["published_at"]

    assert old_time == "0461-12-08T12:04:05Z"  # Shanghai's LMT was +08:05:43
    assert new_time == "2024-05-01T08:00:00+08:00"


# --- caching headers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/api/articles/", "/api/search/?q=平城", "/api/issues/", "/api/columns/", "/api/articles/0/"],
)
def test_api_responses_vary_on_the_credentials(anonymous, paper, url):
    response = anonymous.get(url)

    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    assert {"authorization", "cookie"} <= vary


def test_a_conditional_detail_response_varies_on_the_credentials_too(anonymous, paper):
    url = f"/api/articles/{paper['news'].pk}/"
    etag = anonymous.get(url)["ETag"]

    response = anonymous.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert "Authorization" in response["Vary"] and "Cookie" in response["Vary"]


def test_article_detail_answers_a_matching_etag_with_304(anonymous, paper):
    url = f"/api/articles/{paper['news'].pk}/"
    first = anonymous.get(url)

    again = anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def test_a_change_to_an_author_is_not_answered_with_a_stale_304(anonymous, paper):
    url = f"/api/articles/{paper['news'].pk}/"
    first = anonymous.get(url)
    Author.objects.filter(name="邱东芳").update(name="邱东方")  # the article's row is untouched

    since = anonymous.get(url, HTTP_IF_MODIFIED_SINCE=http_date())
    matching = anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert "Last-Modified" not in first
    assert (since.status_code, matching.status_code) == (200, 200)
    assert matching.json()["authors"][0]["name"] == "邱东方"


def test_a_changed_article_gets_a_new_etag(anonymous, paper):
    url = f"/api/articles/{paper['news'].pk}/"
    first = anonymous.get(url)
    Article.objects.filter(pk=paper["news"].pk).update(headline="新标题")

    again = anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert again.json()["headline"] == "新标题"


@pytest.mark.parametrize("endpoint", ["issues", "pages", "columns", "authors"])
def test_other_detail_views_support_etags_too(anonymous, paper, endpoint):
    first_id = anonymous.get(f"/api/{endpoint}/").json()["results"][0]["id"]
    url = f"/api/{endpoint}/{first_id}/"
    etag = anonymous.get(url)["ETag"]

    assert anonymous.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


# --- query counts -------------------------------------------------------------------------------


def fill_paper(articles):
    page = make_page(number=9, name="综合新闻")
    column = Column.objects.get_or_create(name="平城新语")[0]
    series = Series.objects.get_or_create(name="“双百工程”巡礼")[0]
    for n in range(articles):
        article = make_article(
            page, f"第{n}篇", authors=[f"记者{n}", "孙权"], column=column, series=series, order=n
        )
        keyword, _ = Keyword.objects.get_or_create(name=f"词{n}")
        ArticleKeyword.objects.create(article=article, keyword=keyword)
        Photo.objects.create(article=article, caption=f"图{n}")


@pytest.mark.parametrize("size", [2, 25])
@pytest.mark.parametrize(
    "url, grows",
    [
        ("/api/articles/", True),
        ("/api/search/", True),
        ("/api/issues/", True),
        ("/api/pages/", True),
        ("/api/authors/", True),
        ("/api/keywords/", True),
        ("/api/columns/", False),  # every article is in 平城新语
    ],
)
def test_a_list_page_costs_the_same_few_queries_whatever_its_size(
    anonymous, django_assert_max_num_queries, url, grows, size
):
    fill_paper(size)
    for day in range(size):
        make_article(make_page(date=MAY_1 + datetime.timedelta(days=day + 1)), f"{day}日消息")

    with django_assert_max_num_queries(6):
        response = anonymous.get(url, {"page_size": 100, "q": "篇"})

    assert response.json()["count"] >= (size if grows else 1)


def test_an_editors_list_page_costs_a_fixed_number_of_queries(
    viewer, django_assert_max_num_queries
):
    fill_paper(30)

    with django_assert_max_num_queries(9):
        response = viewer.get("/api/articles/", {"page_size": 100})

    assert response.json()["count"] == 30


# --- throttling, schema, docs -------------------------------------------------------------------


def test_anonymous_callers_are_throttled(anonymous):
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/minute"}
    with override_settings(
        REST_FRAMEWORK={**api_settings.user_settings, "DEFAULT_THROTTLE_RATES": rates}
    ):
        statuses = [anonymous.get("/api/columns/").status_code for _ in range(4)]
        last = anonymous.get("/api/columns/")

    assert statuses == [200, 200, 200, 429]
    assert int(last["Retry-After"]) > 0
    assert last.json()["code"] == "throttled"


def test_a_made_up_forwarded_for_address_does_not_escape_the_throttle(anonymous):
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/minute"}
    with override_settings(
        REST_FRAMEWORK={**api_settings.user_settings, "DEFAULT_THROTTLE_RATES": rates}
    ):
        statuses = [
            anonymous.get("/api/columns/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
            for n in range(4)
        ]

    assert statuses == [200, 200, 200, 429]


@override_settings(REST_FRAMEWORK={**api_settings.user_settings, "NUM_PROXIES": 1})
def test_behind_one_proxy_the_forwarded_address_is_throttled_per_client(anonymous):
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "1/minute"}
    with override_settings(
        REST_FRAMEWORK={**api_settings.user_settings, "DEFAULT_THROTTLE_RATES": rates}
    ):
        first = anonymous.get("/api/columns/", HTTP_X_FORWARDED_FOR="10.0.0.1")
        second = anonymous.get("/api/columns/", HTTP_X_FORWARDED_FOR="10.0.0.1")
        other = anonymous.get("/api/columns/", HTTP_X_FORWARDED_FOR="10.0.0.2")

    assert (first.status_code, second.status_code, other.status_code) == (200, 429, 200)


def test_the_openapi_schema_describes_every_endpoint(anonymous):
    response = anonymous.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    paths = response.json()["paths"]
    for endpoint in LISTS + ["search"]:
        assert f"/api/{endpoint}/" in paths
    assert "/api/articles/{id}/publish/" in paths


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_the_api_docs_load_their_assets_from_this_server(anonymous, url):
    response = anonymous.get(url)
    html = response.content.decode()

    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/" in html
    other_hosts = [
        found
        for found in re.findall(r"(?i)\bhttps?://[^\s\"'<>)]+", html)
        if not found.lower().startswith(("http://testserver/", "https://testserver/"))
    ]
    assert other_hosts == []


def test_swagger_ui_does_not_call_the_online_validator(anonymous):
    html = anonymous.get("/api/docs/").content.decode()

    assert '"validatorUrl": null' in html
