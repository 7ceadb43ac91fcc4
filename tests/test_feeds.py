"""RSS/Atom feeds and sitemap.xml carry published articles only."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Author
from tests.factories_reader import make_article, make_column, make_page

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def paper():
    column = make_column()
    page = make_page()
    now = timezone.now()
    older = make_article(
        page,
        "推进社会治理 打造美好平城",
        column=column,
        authors=["孙 权"],
        published_at=now - datetime.timedelta(days=2),
    )
    newer = make_article(
        page,
        "开展全员核酸检测桌面推演",
        subheadline="——全区联动",
        authors=["有力"],
        published_at=now - datetime.timedelta(hours=1),
    )
    draft = make_article(page, "还在审的稿子", published=False, column=column, authors=["孙权"])
    return {"column": column, "older": older, "newer": newer, "draft": draft}


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def test_latest_rss_lists_published_articles_newest_first(client, paper):
    channel, items = rss_items(client, "/feeds/latest/")

    assert "平城报" in channel.findtext("title")
    assert [item.findtext("title") for item in items] == [
        "开展全员核酸检测桌面推演",
        "推进社会治理 打造美好平城",
    ]
    assert items[0].findtext("link") == f"http://testserver{paper['newer'].get_absolute_url()}"
    assert "——全区联动" in items[0].findtext("description")


def test_latest_atom_feed_is_valid_atom_with_authors(client, paper):
    response = client.get("/feeds/latest/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "开展全员核酸检测桌面推演",
        "推进社会治理 打造美好平城",
    ]
    assert entries[1].find(f"{ATOM}author").findtext(f"{ATOM}name") == "孙权"


def test_column_feed_has_only_that_columns_published_articles(client, paper):
    channel, items = rss_items(client, f"/feeds/columns/{paper['column'].slug}/")

    assert "平城新语" in channel.findtext("title")
    assert [item.findtext("title") for item in items] == ["推进社会治理 打造美好平城"]


def test_author_feed_has_only_that_authors_published_articles(client, paper):
    author = Author.objects.get(name="孙权")

    channel, items = rss_items(client, f"/feeds/authors/{author.pk}/")

    assert "孙权" in channel.findtext("title")
    assert [item.findtext("title") for item in items] == ["推进社会治理 打造美好平城"]


def test_feeds_for_unknown_columns_and_authors_are_404(client, paper):
    assert client.get("/feeds/columns/不存在/").status_code == 404
    assert client.get("/feeds/authors/424242/").status_code == 404


def test_sitemap_lists_issue_and_published_articles_but_not_drafts(client, paper):
    response = client.get("/sitemap.xml")

    root = ET.fromstring(response.content)
    locations = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    assert "http://testserver/" in locations
    assert "http://testserver/issues/2022-01-07/" in locations
    assert f"http://testserver{paper['newer'].get_absolute_url()}" in locations
    assert f"http://testserver{paper['older'].get_absolute_url()}" in locations
    assert f"http://testserver{paper['draft'].get_absolute_url()}" not in locations


def test_publishing_a_draft_adds_it_to_feed_and_sitemap(client, paper):
    client.get("/feeds/latest/")
    client.get("/sitemap.xml")
    draft = paper["draft"]

    draft.publish()
    draft.save()

    _, items = rss_items(client, "/feeds/latest/")
    assert "还在审的稿子" in [item.findtext("title") for item in items]
    assert draft.get_absolute_url() in client.get("/sitemap.xml").content.decode()


def test_feed_queries_do_not_grow_with_the_number_of_articles(
    client, paper, django_assert_max_num_queries
):
    page = paper["newer"].page
    for number in range(20):
        make_article(page, f"又一篇{number}", column=paper["column"], authors=["孙权", "有力"])

    for url in ("/feeds/latest/", "/feeds/latest/atom/", f"/feeds/columns/{paper['column'].slug}/"):
        cache.clear()
        with django_assert_max_num_queries(4):
            assert client.get(url).status_code == 200
