"""The reader's edition: pages, navigation, drafts kept out, queries kept flat."""

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.views.defaults import server_error

from articles.models import Article, ArticleKeyword, Author, Issue, Keyword
from tests.factories_reader import (
    JAN_7,
    credit,
    make_article,
    make_column,
    make_issue,
    make_page,
    make_paper,
    make_series,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def text_of(response):
    """The visible text of a response, tags stripped, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# ---- Home, issue and page ------------------------------------------------------


def test_home_shows_the_latest_issue_with_masthead_date_and_number(client, settings):
    settings.PAPER_NAME = "平城报"
    make_paper(datetime.date(2021, 12, 31), number=700)
    make_paper(JAN_7, number=701)

    response = client.get("/")

    text = text_of(response)
    assert response.status_code == 200
    assert "平城报" in text
    assert "2022年1月7日" in text
    assert "星期五" in text
    assert "第701期" in text
    assert "2021年12月31日 星期五" not in text


def test_home_lists_the_pages_and_the_first_pages_articles(client):
    make_paper(pages=("平城头条", "综合新闻"))

    text = text_of(client.get("/"))

    assert "第01版：平城头条" in text
    assert "第02版：综合新闻" in text
    assert "第1版文章1" in text
    assert "第2版文章1" not in text


def test_home_without_any_issue_says_so_instead_of_failing(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "还没有出版的报纸" in text_of(response)


def test_page_view_shows_that_pages_articles_with_overline_and_subheadline(client):
    issue = make_issue()
    make_page(issue, 1)
    second = make_page(issue, 2, "综合新闻")
    make_article(second, "开展全员核酸检测桌面推演", overline="平城区", subheadline="——副题")

    text = text_of(client.get("/issues/2022-01-07/2/"))

    assert "第02版：综合新闻" in text
    assert "平城区 开展全员核酸检测桌面推演 ——副题" in text


def test_page_view_links_previous_and_next_page(client):
    make_paper(pages=("平城头条", "综合新闻", "社区"))

    html = client.get("/issues/2022-01-07/2/").content.decode()

    assert 'href="/issues/2022-01-07/1/" rel="prev"' in html
    assert 'href="/issues/2022-01-07/3/" rel="next"' in html


def test_first_page_has_no_previous_page_link(client):
    make_paper(pages=("平城头条", "综合新闻"))

    html = client.get("/issues/2022-01-07/1/").content.decode()

    assert 'rel="prev"' not in html.split("版面导航")[0]
    assert 'href="/issues/2022-01-07/2/" rel="next"' in html


def test_issue_view_opens_on_its_first_page(client):
    make_paper(pages=("平城头条", "综合新闻"))

    response = client.get("/issues/2022-01-07/")

    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert "第1版文章2" in text_of(response)


def test_page_without_scan_draws_a_text_page_map_of_its_articles(client):
    page = make_page()
    lead = make_article(page, "平城区委党校改革蝶变走好新征程", order=0)

    html = client.get("/issues/2022-01-07/1/").content.decode()

    assert 'class="page-map"' in html
    assert f'<li class="span-wide"><a href="{lead.get_absolute_url()}">' in html


def test_page_links_its_original_text_which_shows_the_source(client):
    page = make_page(source_text="平城头条\n\n编者按：始终牢记")
    make_article(page)

    html = client.get("/issues/2022-01-07/1/").content.decode()
    response = client.get("/issues/2022-01-07/1/text/")

    assert 'href="/issues/2022-01-07/1/text/"' in html
    assert response.status_code == 200
    assert "编者按：始终牢记" in text_of(response)


def test_original_text_is_withheld_while_a_draft_is_on_the_page(client):
    page = make_page(source_text="未发布的稿子全文")
    make_article(page)
    make_article(page, "尚未发布的稿子", published=False)

    html = client.get("/issues/2022-01-07/1/").content.decode()

    assert "/text/" not in html
    assert client.get("/issues/2022-01-07/1/text/").status_code == 404


def test_on_this_day_lists_the_same_day_in_earlier_years(client):
    make_paper(datetime.date(2020, 1, 7), number=500)
    make_paper(datetime.date(2021, 1, 7), number=600)
    make_paper(datetime.date(2021, 1, 8), number=601)
    make_paper(JAN_7, number=700)

    text = text_of(client.get("/issues/2022-01-07/"))

    assert "历史上的今天" in text
    assert "2021年1月7日 第600期" in text
    assert "2020年1月7日 第500期" in text
    assert "2021年1月8日" not in text


@pytest.mark.parametrize(
    "url",
    [
        "/issues/2022-01-08/",
        "/issues/2022-02-30/",
        "/issues/2022-13-01/",
        "/issues/0000-00-00/",
        "/issues/2022-01-07/9/",
        "/issues/2022-01-07/99999999999999999999/",
        "/issues/2022-01-07/1/text/x/",
        "/issues/yesterday/",
        "/articles/999999/",
        "/articles/99999999999999999999999/",
        "/columns/没有这个栏目/",
        "/series/nope/",
        "/authors/999999/",
        "/keywords/不存在/",
        "/archive/2019/1/",
        "/archive/2022/13/",
        "/archive/2022/0/",
        "/feeds/columns/nope/",
        "/feeds/authors/999999/",
    ],
)
def test_unknown_dates_pages_and_ids_give_a_chinese_404(client, url):
    make_paper()

    response = client.get(url)

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/columns/平城新语/?page=abc",
        "/columns/平城新语/?page=-1",
        "/columns/平城新语/?page=999",
        "/columns/平城新语/?page=%C2%B2",
        "/archive/?year=%C2%B2&month=1",
        "/archive/?year=abc&month=1",
        "/archive/?year=2022&month=13",
        "/archive/?year=2022",
        "/articles/{pk}/?hl=" + "%E5%B9%B3" * 500,
        "/articles/{pk}/?hl=%00%3Cscript%3E",
        "/search/?q=%00",
        "/search/?q=" + "a" * 2000,
        "/search/?page=x",
        "/search/?q=a&column=%00&author=%00&series=%00",
        "/search/?q=a&kind=nonsense&page_number=-3",
    ],
)
def test_malformed_parameters_never_give_a_server_error(client, url):
    issue, articles = make_paper()
    articles[0].column = make_column()
    articles[0].save()

    response = client.get(url.format(pk=articles[0].pk))

    assert response.status_code in (200, 400, 404)


def test_server_error_page_is_chinese_and_self_contained():
    request = RequestFactory().get("/")

    response = server_error(request)

    body = response.content.decode()
    assert response.status_code == 500
    assert 'lang="zh-CN"' in body
    assert "服务器出了点问题" in body


def test_not_found_page_keeps_the_sites_masthead_and_navigation(client, settings):
    settings.PAPER_NAME = "平城报"
    html = client.get("/issues/1999-01-01/").content.decode()

    assert 'class="masthead"' in html
    assert "往期回顾" in html
    assert 'lang="zh-CN"' in html


# ---- Article ---------------------------------------------------------------


@pytest.fixture
def full_article():
    page = make_page()
    series = make_series()
    return make_article(
        page,
        "平城区委党校改革蝶变走好新征程",
        overline="迎宾街道",
        subheadline="——访平城区水泊寺街道党工委书记李之光",
        dateline="本报讯（记者 臧力卿）",
        editor_note="始终牢记习近平总书记视察山西重要讲话重要指示精神。",
        body="为深化全区反邪教警示教育宣传工作。\n"
        "## 集体经济思路宽\n"
        "此外，本次宣传活动还对广大师生进行了教育。",
        series=series,
        installment=5,
        authors=["邱东芳", "孙 权"],
        photographers=["孙露"],
        keywords=["党校", "双百工程"],
        captions=[("图为社区组织工作人员免费为孤寡老人送水。", "孙露 摄")],
    )


def test_article_shows_every_part_of_the_printed_piece(client, full_article):
    response = client.get(full_article.get_absolute_url())

    text = text_of(response)
    html = response.content.decode()
    assert response.status_code == 200
    assert "迎宾街道 平城区委党校改革蝶变走好新征程 ——访平城区水泊寺街道党工委书记李之光" in text
    assert "编者按： 始终牢记习近平总书记" in text
    assert "本报讯（记者 臧力卿） 为深化全区反邪教警示教育宣传工作。" in text
    assert "<h2>集体经济思路宽</h2>" in html
    assert "图为社区组织工作人员免费为孤寡老人送水。 孙露 摄" in text
    assert "平城区“双百工程”巡礼（五）" in text
    assert "刊于 2022年1月7日 第01版" in text


def test_article_byline_links_each_author_to_their_page(client, full_article):
    html = client.get(full_article.get_absolute_url()).content.decode()

    for each in full_article.credits.select_related("author"):
        assert f'href="{each.author.get_absolute_url()}">{each.author.name}</a>' in html
    assert ">孙权</a>" in html


def test_article_links_its_keywords_and_series(client, full_article):
    html = client.get(full_article.get_absolute_url()).content.decode()

    assert 'href="/keywords/%E5%85%9A%E6%A0%A1/">党校</a>' in html
    assert f'href="{full_article.series.get_absolute_url()}"' in html


def test_article_links_previous_and_next_article_on_the_same_page(client):
    page = make_page()
    first = make_article(page, "第一篇", order=1)
    second = make_article(page, "第二篇", order=2)
    make_article(page, "未发布的第三篇", order=3, published=False)
    make_article(make_page(page.issue, 2), "别的版面", order=4)

    html = client.get(second.get_absolute_url()).content.decode()
    first_html = client.get(first.get_absolute_url()).content.decode()

    assert f'href="{first.get_absolute_url()}" rel="prev"' in html
    assert 'rel="next"' not in html.split("article-footer")[1].split("</footer>")[0]
    assert f'href="{second.get_absolute_url()}" rel="next"' in first_html
    assert "别的版面" not in html


def test_related_articles_share_keywords_most_shared_first(client):
    page = make_page()
    article = make_article(page, "主文", keywords=["党校", "双百工程", "平城"])
    make_article(page, "一个共同词", keywords=["平城"])
    make_article(page, "三个共同词", keywords=["党校", "双百工程", "平城"])
    make_article(page, "毫不相干", keywords=["天气"])
    make_article(page, "未发布的相关稿", keywords=["党校", "双百工程", "平城"], published=False)

    response = client.get(article.get_absolute_url())

    headlines = [item["headline"] for item in response.context["related"]]
    assert headlines == ["三个共同词", "一个共同词"]


def test_search_words_are_highlighted_when_arriving_from_search(client, full_article):
    pytest.importorskip("articles.search")

    html = client.get(full_article.get_absolute_url() + "?hl=党校").content.decode()

    assert "<mark>党校</mark>" in html


def test_highlight_parameter_cannot_inject_markup(client, full_article):
    url = full_article.get_absolute_url() + "?hl=%3Cscript%3Ealert(1)%3C/script%3E"

    html = client.get(url).content.decode()

    assert "<script>alert(1)" not in html


def test_article_carries_news_article_json_ld(client, full_article, settings):
    settings.PAPER_NAME = "平城报"
    html = client.get(full_article.get_absolute_url()).content.decode()

    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "平城区委党校改革蝶变走好新征程"
    assert [a["name"] for a in data["author"]] == ["邱东芳", "孙权"]
    assert data["printPage"] == "1"
    assert sorted(data["keywords"]) == sorted(["党校", "双百工程"])
    assert data["publisher"]["name"] == "平城报"


def test_every_page_has_title_description_canonical_and_open_graph(client, full_article):
    column = make_column()
    full_article.column = column
    full_article.save()
    author = full_article.credits.first().author
    urls = [
        "/",
        "/issues/2022-01-07/",
        "/issues/2022-01-07/1/",
        full_article.get_absolute_url(),
        column.get_absolute_url(),
        full_article.series.get_absolute_url(),
        author.get_absolute_url(),
        "/keywords/党校/",
        "/archive/",
        "/archive/2022/1/",
        "/search/?q=党校",
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert re.search(r"<title>[^<]+</title>", html), url
        assert re.search(r'<meta name="description" content="[^"]+">', html), url
        assert re.search(r'<link rel="canonical" href="http://testserver/[^"]*">', html), url
        assert 'property="og:title"' in html, url
        assert 'property="og:url"' in html, url


def test_article_page_is_marked_as_an_open_graph_article(client, full_article):
    html = client.get(full_article.get_absolute_url()).content.decode()

    assert '<meta property="og:type" content="article">' in html
    assert (
        f'<link rel="canonical" href="http://testserver{full_article.get_absolute_url()}">' in html
    )


# ---- Drafts stay out ----------------------------------------------------------


def test_a_draft_is_invisible_on_every_reader_page(client):
    column = make_column()
    series = make_series()
    page = make_page()
    visible = make_article(page, "已发布的文章", column=column, series=series, authors=["邱东芳"])
    draft = make_article(
        page,
        "秘密草稿标题",
        published=False,
        column=column,
        series=series,
        authors=["邱东芳"],
        keywords=["党校"],
    )
    scheduled = make_article(
        page,
        "明天才发布的文章",
        published_at=timezone.now() + datetime.timedelta(days=1),
        status=Article.Status.PUBLISHED,
        column=column,
    )
    urls = [
        "/",
        "/issues/2022-01-07/",
        "/issues/2022-01-07/1/",
        visible.get_absolute_url(),
        column.get_absolute_url(),
        series.get_absolute_url(),
        visible.credits.first().author.get_absolute_url(),
        "/search/?q=秘密",
        "/feeds/latest/",
        "/feeds/latest/atom/",
        f"/feeds/columns/{column.slug}/",
        f"/feeds/authors/{visible.credits.first().author.pk}/",
        "/sitemap.xml",
    ]
    for url in urls:
        body = client.get(url).content.decode()
        assert "秘密草稿标题" not in body, url
        assert "明天才发布的文章" not in body, url
        assert draft.get_absolute_url() not in body, url
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert client.get("/keywords/党校/").status_code == 404


def test_names_known_only_from_drafts_do_not_exist_for_readers(client):
    series = make_series("尚未刊出的系列")
    draft = make_article(
        make_page(), "草稿", published=False, series=series, authors=["新记者"], keywords=["秘密"]
    )
    author = draft.credits.get().author

    for url in (
        series.get_absolute_url(),
        author.get_absolute_url(),
        "/keywords/秘密/",
        f"/feeds/authors/{author.pk}/",
    ):
        assert client.get(url).status_code == 404, url


def test_an_issue_of_drafts_only_does_not_exist_for_readers(client):
    make_paper(datetime.date(2022, 1, 6), number=1)
    draft_page = make_page(make_issue(JAN_7, number=2))
    make_article(draft_page, "整期都是草稿", published=False)

    assert client.get("/issues/2022-01-07/").status_code == 404
    assert "整期都是草稿" not in client.get("/").content.decode()
    assert "2022年1月6日" in text_of(client.get("/"))


def test_an_unpublished_issue_hides_its_articles(client):
    page = make_page(make_issue(is_published=False))
    article = make_article(page, "未出版那期的文章")

    assert client.get("/issues/2022-01-07/").status_code == 404
    assert client.get(article.get_absolute_url()).status_code == 404


# ---- Columns, series, authors, keywords ---------------------------------------------


def test_column_page_lists_newest_first_and_paginates(client):
    column = make_column()
    now = timezone.now()
    for day in range(25):
        make_article(
            None,
            f"平城新语第{day:02d}篇",
            column=column,
            published_at=now - datetime.timedelta(days=day, hours=1),
        )

    first = client.get(column.get_absolute_url())
    second = client.get(column.get_absolute_url() + "?page=2")

    first_text, second_text = text_of(first), text_of(second)
    assert first_text.index("平城新语第00篇") < first_text.index("平城新语第01篇")
    assert "平城新语第19篇" in first_text and "平城新语第20篇" not in first_text
    assert "平城新语第20篇" in second_text and "平城新语第24篇" in second_text
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert "共 25 篇" in first_text


def test_series_page_lists_installments_in_order(client):
    series = make_series()
    now = timezone.now()
    make_article(
        None, "第六篇", series=series, installment=6, published_at=now - datetime.timedelta(days=1)
    )
    make_article(
        None, "第一篇", series=series, installment=1, published_at=now - datetime.timedelta(hours=2)
    )
    make_article(
        None, "第五篇", series=series, installment=5, published_at=now - datetime.timedelta(days=3)
    )

    text = text_of(client.get(series.get_absolute_url()))

    assert text.index("第一篇") < text.index("第五篇") < text.index("第六篇")
    assert "（五）" in text


def test_author_page_lists_the_authors_articles_once_each(client):
    page = make_page()
    make_article(page, "邱东芳的稿子", authors=["邱东芳"], photographers=["邱东芳"])
    make_article(page, "别人的稿子", authors=["孙露"])
    author = Author.objects.get(name="邱东芳")

    text = text_of(client.get(author.get_absolute_url()))

    assert text.count("邱东芳的稿子") == 1
    assert "别人的稿子" not in text
    assert "共 1 篇" in text


def test_keyword_page_lists_articles_with_that_keyword(client):
    page = make_page()
    make_article(page, "关于党校", keywords=["党校"])
    make_article(page, "关于天气", keywords=["天气"])

    text = text_of(client.get("/keywords/党校/"))

    assert "关于党校" in text
    assert "关于天气" not in text


# ---- 往期回顾 ---------------------------------------------------------------


def test_archive_calendar_links_days_with_an_issue_and_only_those(client):
    make_paper(datetime.date(2022, 1, 6), number=1)
    make_paper(JAN_7, number=2)

    html = client.get("/archive/2022/1/").content.decode()

    assert (
        '<a class="day" href="/issues/2022-01-07/" aria-label="2022年1月7日 星期五 第2期">' in html
    )
    assert 'href="/issues/2022-01-06/"' in html
    assert 'href="/issues/2022-01-05/"' not in html
    assert html.count('<a class="day"') == 2
    assert "<table" not in html


def test_archive_calendar_starts_the_month_on_its_weekday(client):
    make_paper(JAN_7)

    html = client.get("/archive/2022/1/").content.decode()

    # 1 January 2022 was a Saturday: the sixth column of a Monday-first week.
    assert '<li class="start-6"><span class="day">1' in html


def test_archive_index_shows_the_latest_month(client):
    make_paper(datetime.date(2021, 12, 31))
    make_paper(JAN_7, number=2)

    response = client.get("/archive/")

    assert response.status_code == 200
    assert "2022年1月" in text_of(response)
    assert 'href="/archive/2021/12/"' in response.content.decode()


def test_archive_form_redirects_to_the_chosen_month(client):
    make_paper()

    response = client.get("/archive/?year=2022&month=1")

    assert response.status_code == 302
    assert response["Location"] == "/archive/2022/1/"


def test_month_without_issues_in_a_year_with_issues_shows_an_empty_calendar(client):
    make_paper()

    response = client.get("/archive/2022/5/")

    assert response.status_code == 200
    assert "本月共 0 期" in text_of(response)


# ---- robots.txt ----------------------------------------------------------------


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


# ---- A fixed number of queries, and a cache that follows the editors ----------------


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def reader_urls(articles):
    article = articles[0]
    return [
        "/",
        "/issues/2022-01-07/",
        "/issues/2022-01-07/2/",
        "/issues/2022-01-07/1/text/",
        article.get_absolute_url(),
        article.column.get_absolute_url(),
        article.series.get_absolute_url(),
        article.credits.first().author.get_absolute_url(),
        "/keywords/党校/",
        "/archive/",
        "/archive/2022/1/",
        "/search/?q=文章",
        "/feeds/latest/",
        "/feeds/latest/atom/",
        f"/feeds/columns/{article.column.slug}/",
        f"/feeds/authors/{article.credits.first().author.pk}/",
        "/sitemap.xml",
        "/robots.txt",
    ]


def grow_paper(per_page):
    issue, articles = make_paper(per_page=per_page)
    column, series = make_column(), make_series()
    for number, article in enumerate(articles, start=1):
        article.column, article.series, article.installment = column, series, number
        article.save()
        make_article(article.page, f"更多{number}", keywords=["党校", "平城"], authors=["记者1"])
    credit(articles[0], "孙露", role="photographer", order=9)
    return articles


@pytest.mark.parametrize("per_page", [2, 12])
def test_every_view_runs_at_most_eight_queries(client, per_page):
    articles = grow_paper(per_page)

    for url in reader_urls(articles):
        assert count_queries(client, url) <= MAX_QUERIES, url


def test_query_counts_do_not_grow_with_the_number_of_articles(client):
    small = [count_queries(client, url) for url in reader_urls(grow_paper(2))]
    Issue.objects.all().delete()
    big = [count_queries(client, url) for url in reader_urls(grow_paper(12))]

    # The ids differ between the two papers, so compare view by view in order.
    assert small == big


def test_a_warm_cache_serves_the_front_page_with_fewer_queries(client):
    grow_paper(3)
    cold = count_queries(client, "/")

    with CaptureQueriesContext(connection) as warm:
        client.get("/")

    assert len(warm) < cold


def test_saving_an_article_refreshes_the_cached_front_page(client):
    page = make_page()
    article = make_article(page, "旧标题")
    make_column()
    assert "旧标题" in text_of(client.get("/"))

    article.headline = "编辑改过的标题"
    article.save()

    assert "编辑改过的标题" in text_of(client.get("/"))


def test_publishing_a_new_issue_moves_the_front_page_and_calendar(client):
    make_paper(datetime.date(2022, 1, 6), number=1)
    client.get("/")
    client.get("/archive/2022/1/")
    page = make_page(make_issue(JAN_7, number=2))
    draft = make_article(page, "新一期头条", published=False)
    assert "新一期头条" not in text_of(client.get("/"))

    draft.publish()
    draft.save()

    assert "新一期头条" in text_of(client.get("/"))
    assert 'href="/issues/2022-01-07/"' in client.get("/archive/2022/1/").content.decode()


def test_adding_a_keyword_refreshes_related_articles(client):
    page = make_page()
    article = make_article(page, "主文", keywords=["党校"])
    other = make_article(make_page(page.issue, 2), "后来相关的稿子")
    assert "后来相关的稿子" not in text_of(client.get(article.get_absolute_url()))

    ArticleKeyword.objects.create(article=other, keyword=Keyword.objects.get(name="党校"))

    related = client.get(article.get_absolute_url()).context["related"]
    assert [item["headline"] for item in related] == ["后来相关的稿子"]


# ---- Search, photos and scans ---------------------------------------------------------


def test_search_lists_published_hits_linking_with_the_words_to_highlight(client):
    page = make_page()
    hit = make_article(page, "志愿者继续行动", body="新年伊始，志愿者走上街头。")
    make_article(page, "志愿者草稿", body="志愿者草稿正文。", published=False)
    make_article(page, "无关的文章", body="天气晴。")

    response = client.get("/search/", {"q": "志愿者"})

    html = response.content.decode()
    assert "共找到 1 篇文章" in text_of(response)
    assert f'href="{hit.get_absolute_url()}?hl=%E5%BF%97%E6%84%BF%E8%80%85"' in html
    assert "志愿者草稿" not in html
    assert "<mark>志愿者</mark>" in html


def test_search_filters_by_column_and_reports_bad_filters_in_words(client):
    column = make_column()
    page = make_page()
    commentary = make_article(page, "平城新语谈党校", column=column, body="党校。")
    news = make_article(page, "新闻里的党校", body="党校。")

    filtered = client.get("/search/", {"q": "党校", "column": "平城新语"}).content.decode()
    bad = client.get("/search/", {"q": "党校", "date_after": "not-a-date"})

    assert commentary.get_absolute_url() in filtered
    assert news.get_absolute_url() not in filtered
    assert bad.status_code == 200
    assert "筛选条件有误" in text_of(bad)


def test_a_searchs_total_is_counted_once_until_the_paper_changes(client):
    cache.clear()
    page = make_page()
    for n in range(25):
        make_article(page, f"志愿者第{n}次行动", body="志愿者走上街头。")

    def counts(params):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/search/", params)
        counted = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
        return len(counted), text_of(response)

    first = counts({"q": "志愿者"})
    again = counts({"q": "志愿者", "page": "2"})
    other_filter = counts({"q": "志愿者", "kind": "brief"})
    make_article(page, "志愿者又出发", body="志愿者。")
    after_a_change = counts({"q": "志愿者", "page": "2"})

    assert first[0] >= 1 and "共找到 25 篇文章" in first[1]
    assert again[0] == 0 and "共找到 25 篇文章" in again[1]
    assert other_filter[0] >= 1 and "共找到 25 篇文章" not in other_filter[1]
    assert after_a_change[0] >= 1 and "共找到 26 篇文章" in after_a_change[1]


def test_the_reader_cache_moves_on_again_when_an_editors_save_commits(
    django_capture_on_commit_callbacks,
):
    from articles import cache as reader_cache

    before = reader_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        make_article(make_page(), "编辑刚保存的稿件")
        during = reader_cache.generation()
    after = reader_cache.generation()

    assert before != during  # at once, for this process's next read
    assert during != after  # and after the commit, for a read made in between


def png_file(name="photo.png", size=(1600, 1000)):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_article_photo_is_served_in_renditions_with_caption_and_credit(client, settings, tmp_path):
    from articles.models import Photo

    settings.MEDIA_ROOT = tmp_path
    article = make_article(make_page())
    Photo.objects.create(
        article=article, image=png_file(), caption="图为志愿者。", credit="孙露 摄"
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert re.search(
        r'<img src="/media/renditions/photos/[^"]+-640w\.jpg" srcset="[^"]+ 320w, ', html
    )
    assert 'width="1600" height="1000"' in html
    assert '图为志愿者。<span class="credit">孙露 摄</span>' in html
    assert '<meta property="og:image" content="http://testserver/media/renditions/' in html


def test_article_whose_photo_file_is_missing_still_shows(client, settings, tmp_path):
    from pathlib import Path

    from articles.models import Photo

    settings.MEDIA_ROOT = tmp_path
    article = make_article(make_page())
    photo = Photo.objects.create(article=article, image=png_file(), caption="图为志愿者。")
    Path(photo.image.path).unlink()

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "图为志愿者。" in text_of(response)
    assert "srcset" not in response.content.decode()


def test_page_with_a_scan_shows_its_thumbnail_instead_of_the_text_map(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = make_page(scan=png_file("scan.png", (2000, 3000)))
    make_article(page)

    html = client.get(page.get_absolute_url()).content.decode()

    assert re.search(r'<img src="/media/pages/thumbs/[^"]+" alt="第01版：平城头条版面图"', html)
    assert 'class="page-map"' not in html


def test_article_continued_on_another_page_links_that_page(client):
    issue = make_issue()
    make_page(issue, 2, "综合新闻")
    article = make_article(make_page(issue, 1), "转版的文章", jump_to_page=2)

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<a href="/issues/2022-01-07/2/">（下转第2版）</a>' in html


def test_a_jump_printed_in_the_text_shows_once_as_its_link(client):
    issue = make_issue()
    make_page(issue, 2, "综合新闻")
    body = "植树活动现场，大家干劲十足，一棵棵新栽的树苗（下转第2版）"
    front = make_page(issue, 1)
    article = make_article(front, "转版的文章", jump_to_page=2, body=body)
    unlinked = make_article(front, "未记录转版的文章", body=body)

    html = client.get(article.get_absolute_url()).content.decode()
    as_printed = client.get(unlinked.get_absolute_url()).content.decode()

    assert html.count("（下转第2版）") == 1
    assert "一棵棵新栽的树苗</p>" in html
    assert '<a href="/issues/2022-01-07/2/">（下转第2版）</a>' in html
    assert "一棵棵新栽的树苗（下转第2版）</p>" in as_printed


def test_a_linked_jump_leads_to_the_rest_of_the_story_and_back(client):
    issue = make_issue()
    start = make_article(make_page(issue, 1), "转版的文章", jump_to_page=2)
    rest = make_article(make_page(issue, 2, "综合新闻"), "转版的文章（续）", jump_from_page=1)
    start.continuation = rest
    start.save()

    there = client.get(start.get_absolute_url()).content.decode()
    back = client.get(rest.get_absolute_url()).content.decode()

    assert f'<a href="{rest.get_absolute_url()}">（下转第2版）</a>' in there
    assert f'<a href="{start.get_absolute_url()}">（上接第1版）</a>' in back
    cache.clear()
    assert count_queries(client, start.get_absolute_url()) <= MAX_QUERIES


def test_a_jump_to_a_rest_readers_cannot_see_yet_leads_to_the_page(client):
    issue = make_issue()
    start = make_article(make_page(issue, 1), "转版的文章", jump_to_page=2)
    draft = make_article(make_page(issue, 2, "综合新闻"), "续文草稿", published=False)
    start.continuation = draft
    start.save()

    html = client.get(start.get_absolute_url()).content.decode()

    assert '<a href="/issues/2022-01-07/2/">（下转第2版）</a>' in html
    assert draft.get_absolute_url() not in html


def test_home_is_its_own_canonical_page_and_an_issue_points_to_its_first_page(client):
    make_paper()

    home = client.get("/").content.decode()
    issue = client.get("/issues/2022-01-07/").content.decode()

    assert '<link rel="canonical" href="http://testserver/">' in home
    assert '<link rel="canonical" href="http://testserver/issues/2022-01-07/1/">' in issue


def test_site_navigation_marks_the_column_being_read(client):
    column = make_column()
    make_article(make_page(), column=column)

    html = client.get(column.get_absolute_url()).content.decode()

    assert f'<a href="{column.get_absolute_url()}" aria-current="page">平城新语</a>' in html


def test_adding_a_keyword_through_the_relation_also_refreshes_the_cache(client):
    page = make_page()
    article = make_article(page, "主文", keywords=["党校"])
    other = make_article(make_page(page.issue, 2), "经由关系添加的相关稿")
    client.get(article.get_absolute_url())

    other.keywords.add(Keyword.objects.get(name="党校"))

    related = client.get(article.get_absolute_url()).context["related"]
    assert [item["headline"] for item in related] == ["经由关系添加的相关稿"]


def test_a_malformed_archive_form_gets_a_chinese_400_page(client):
    make_paper()

    response = client.get("/archive/", {"year": "二〇二二", "month": "1"})

    assert response.status_code == 400
    assert "请求的参数有误" in text_of(response)
