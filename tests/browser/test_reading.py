"""A reader browses the paper in a real Chromium, by clicking and by keyboard."""

import io
from urllib.parse import unquote

import pytest
from django.core.cache import cache
from django.core.management import call_command

from articles.models import Article, Issue
from articles.search import search_articles
from tests.factories_reader import make_article, make_column, make_page

pytestmark = pytest.mark.django_db(transaction=True)

SCREEN_WIDTHS = (375, 1280)


def load_paper():
    """The seed pages, imported by ``import_seeds`` as ``make serve`` does.

    Each seed is one page of a different issue, so the latest issue gets a
    second page here: the reader must be able to turn the page.
    """
    # A transactional test starts from an empty database: put back the
    # column the data migration creates, so the importer recognises it.
    make_column("平城新语")
    call_command("import_seeds", stdout=io.StringIO(), stderr=io.StringIO())
    assert Article.objects.published().exists(), "import_seeds published nothing"
    latest = Issue.objects.order_by("-date").first()
    if latest.pages.count() < 2:
        add_second_page(latest)
    cache.clear()


def add_second_page(issue):
    second = make_page(issue, issue.pages.count() + 1, "综合新闻")
    make_article(second, "学以致用 融会贯通", order=1, authors=["宋芳"])
    make_article(second, "立足监督职能 开展专项整治", order=2, authors=["何婧"])


def visible_text(browser):
    return browser.find_element("tag name", "body").text


def assert_console_clean(browser, where):
    severe = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert severe == [], f"console errors on {where}: {severe}"


def click_link(browser, text, within="body"):
    """Click a link and wait until its page has replaced this one."""
    leave(
        browser,
        lambda: (
            browser.find_element("css selector", within)
            .find_element("partial link text", text)
            .click()
        ),
    )


def leave(browser, action):
    """Do ``action`` (a click, a key press) and wait until the next page has loaded.

    The page being left is marked with a flag on its ``window``; a new document starts with
    a fresh ``window``, so the flag's absence is the proof that the page was replaced. While
    the old document is torn down Chromium may answer a command with an error of its own
    ("Node with given id does not belong to the document") instead of a stale-element
    error, so any WebDriver error during the wait means "not there yet", never a failure.
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    browser.execute_script("window.pageBeingLeft = true")
    action()
    WebDriverWait(browser, 10, ignored_exceptions=(WebDriverException,)).until(
        lambda b: b.execute_script(
            "return window.pageBeingLeft !== true && document.readyState === 'complete'"
        ),
        message="the next page did not load",
    )


def screenshot(browser, path, width):
    """A full-length screenshot at a phone's or a desktop's width."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {
            "width": width,
            "height": min(height, 6000),
            "deviceScaleFactor": 1,
            "mobile": width < 600,
        },
    )
    browser.save_screenshot(str(path))
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_a_reader_browses_the_paper_by_clicking(browser, live_server, settings):
    load_paper()
    latest = Issue.objects.order_by("-date").first()
    front, second = latest.pages.order_by("number")[:2]
    browser.get(live_server.url + "/")

    text = visible_text(browser)
    assert settings.PAPER_NAME in text
    assert f"{latest.date.year}年{latest.date.month}月{latest.date.day}日" in text
    assert "版面导航" in text and second.label in text
    assert_console_clean(browser, "/")

    click_link(browser, second.label, within=".paper-pages")
    assert unquote(browser.current_url).endswith(second.get_absolute_url())
    assert f"第{second.number:02d}版" in browser.find_element("tag name", "h1").text
    assert_console_clean(browser, "page 2")

    click_link(browser, front.label, within=".paper-pages")
    assert browser.current_url.endswith(front.get_absolute_url())
    on_front = list(Article.objects.published().on_page(front))
    assert on_front[0].display_headline in visible_text(browser)

    headline = browser.find_element("css selector", ".paper-articles .teaser-headline a")
    leave(browser, headline.click)
    assert browser.find_element("tag name", "h1").text == on_front[0].display_headline
    assert "刊于" in visible_text(browser)
    assert_console_clean(browser, "article")

    click_link(browser, "下一篇", within=".article-steps")
    assert browser.find_element("tag name", "h1").text == on_front[1].display_headline
    assert_console_clean(browser, "next article")

    click_link(browser, "平城新语", within=".site-nav")
    assert browser.find_element("tag name", "h1").text == "平城新语"
    commentary = Article.objects.published().filter(column__name="平城新语").first()
    assert commentary.display_headline in visible_text(browser)
    assert_console_clean(browser, "column")

    click_link(browser, commentary.display_headline, within=".teasers")
    writer = commentary.byline_authors()[0]
    click_link(browser, writer.name, within=".byline")
    assert browser.find_element("tag name", "h1").text == writer.name
    assert commentary.display_headline in visible_text(browser)
    assert_console_clean(browser, "author")


def test_a_reader_uses_the_back_issue_calendar_by_keyboard(browser, live_server):
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    load_paper()
    earlier = Issue.objects.order_by("date").first()
    browser.get(live_server.url + "/")

    click_link(browser, "往期回顾", within=".site-nav")
    assert "往期回顾" in browser.find_element("tag name", "h1").text
    month = f"{earlier.date.year}年{earlier.date.month}月"
    if month not in browser.find_element("id", "calendar-title").text:
        Select(browser.find_element("id", "archive-year")).select_by_value(str(earlier.date.year))
        Select(browser.find_element("id", "archive-month")).select_by_value(str(earlier.date.month))
        button = browser.find_element("css selector", ".month-form button")
        leave(browser, lambda: button.send_keys(Keys.ENTER))
    assert browser.find_element("id", "calendar-title").text == month
    label = f"{earlier.date.year}年{earlier.date.month}月{earlier.date.day}日"
    day = browser.find_element("css selector", f'.days a[aria-label^="{label} "]')
    assert "day" in day.get_attribute("class")
    no_issue_days = browser.find_elements("css selector", ".days span.day")
    assert no_issue_days, "days without an issue are plain text"
    leave(browser, lambda: day.send_keys(Keys.ENTER))

    assert browser.current_url.endswith(earlier.get_absolute_url())
    assert label in visible_text(browser)
    assert_console_clean(browser, "calendar")


def test_a_reader_searches_and_opens_a_result_with_the_words_marked(browser, live_server):
    from selenium.webdriver.common.keys import Keys

    load_paper()
    query = "平城"
    expected = search_articles(query).count()
    assert expected > 20, "enough hits to need a second results page"
    browser.get(live_server.url + "/")

    box = browser.find_element("id", "site-q")
    box.send_keys(query)
    leave(browser, lambda: box.send_keys(Keys.ENTER))
    assert (
        f"共找到 {expected} 篇文章" in browser.find_element("css selector", ".search-summary").text
    )
    teasers = browser.find_elements("css selector", ".teasers .teaser")
    assert len(teasers) == 20
    assert all(query in t.text for t in teasers[:3])
    assert browser.find_elements("css selector", ".teasers mark")
    assert_console_clean(browser, "search results")

    click_link(browser, "下一页", within=".pager")
    assert len(browser.find_elements("css selector", ".teasers .teaser")) == min(20, expected - 20)
    assert_console_clean(browser, "second results page")

    first = browser.find_element("css selector", ".teasers .teaser-headline a")
    leave(browser, first.click)
    marks = browser.find_elements("css selector", "article mark")
    assert marks and {m.text for m in marks} == {query}
    assert_console_clean(browser, "article from search")


@pytest.mark.parametrize("width", SCREEN_WIDTHS)
def test_screenshots_of_home_and_an_article(browser, live_server, artifacts, width):
    load_paper()
    article = (
        Article.objects.published()
        .filter(page__number=1)
        .order_by("-page__issue__date", "order")
        .first()
    )
    for name, path in (("home", "/"), ("article", article.get_absolute_url())):
        browser.get(live_server.url + path)
        assert browser.find_element("tag name", "h1").is_displayed()
        screenshot(browser, artifacts / f"{name}-{width}.png", width)
        assert (artifacts / f"{name}-{width}.png").stat().st_size > 10_000
        assert_console_clean(browser, f"{name} at {width}px")


@pytest.mark.parametrize("width", SCREEN_WIDTHS)
def test_no_page_scrolls_sideways(browser, live_server, width):
    load_paper()
    article = Article.objects.published().first()
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    try:
        for path in ("/", article.get_absolute_url(), "/archive/", "/search/?q=平城"):
            browser.get(live_server.url + path)
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{path} is {overflow}px wider than {width}px"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
