import datetime
import unicodedata
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.filters import ArticleFilter
from articles.models import Article, Author, Column, Issue, Page, Photo, Series
from articles.search import highlight, reindex_articles, search_articles, snippet
from articles.search import text as search_text

pytestmark = pytest.mark.django_db

MAY_17 = datetime.date(2024, 5, 17)


def make_page(date=MAY_17, number=1):
    issue, _ = Issue.objects.get_or_create(date=date, defaults={"number": 1})
    return Page.objects.get_or_create(issue=issue, number=number)[0]


def make_article(headline="弘扬创新精神", body="", *, page=None, published=True, **fields):
    if published:
        fields.setdefault("status", Article.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(hours=1))
    return Article.objects.create(page=page or make_page(), headline=headline, body=body, **fields)


def found(query, **kwargs):
    return list(search_articles(query, **kwargs))


# ---- Recall: everything a substring search finds -----------------------------------------


def test_two_characters_are_found_inside_a_longer_word():
    article = make_article(body="平城区委党校开展培训。")
    assert found("平城") == [article]
    assert found("委党") == [article]


def test_a_query_not_in_the_text_finds_nothing_even_when_its_characters_are():
    make_article(body="平城区委党校开展培训。")
    assert found("城平") == []
    assert found("平区") == []


def test_one_character_is_found():
    article = make_article(body="今天下雪。")
    make_article(body="今天晴朗。")
    assert found("雪") == [article]


def test_latin_letters_and_digits_are_found_whatever_their_case_or_width():
    article = make_article(body="２０２１年，ＫＴＶ场所整治")
    assert found("2021年") == [article]
    assert found("ktv") == [article]
    assert found("Ktv场所") == [article]


def test_every_field_is_searched():
    overline = make_article(overline="迎宾街道", headline="甲")
    subheadline = make_article(subheadline="——访水泊寺街道书记", headline="乙")
    caption = make_article(headline="丙")
    Photo.objects.create(article=caption, caption="图为志愿者在清扫积雪。")
    assert found("迎宾") == [overline]
    assert found("水泊寺") == [subheadline]
    assert found("清扫积雪") == [caption]


def test_a_hit_never_spans_two_fields_or_lines():
    make_article(headline="平城", body="区委\n党校")
    assert found("城区") == []
    assert found("委党") == []


def test_several_words_must_all_be_present():
    both = make_article(body="疫情防控中，志愿者坚守一线。")
    make_article(body="疫情防控持续加强。")
    make_article(body="志愿者服务队成立。")
    assert found("疫情 志愿者") == [both]
    assert found("疫情　志愿者") == [both]


def test_readers_find_only_published_articles_and_editors_find_drafts_too():
    published = make_article(body="双百工程")
    draft = make_article(body="双百工程", published=False)
    scheduled = make_article(body="双百工程", published_at=timezone.now() + datetime.timedelta(1))
    assert found("双百") == [published]
    assert set(found("双百", queryset=Article.objects.all())) == {published, draft, scheduled}


ALPHABET = st.sampled_from(
    list("平城区委党校双百工程志愿者疫情的一是了街道社区村")
    + list("abcKTV2021０１ＡＢ，。“”《》()!* -\"'\\")
    + ["😀", "\n", "é", "ﬁ"]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_substring_of_any_article_finds_exactly_the_articles_containing_it(data):
    with transaction.atomic():
        texts = data.draw(
            st.lists(st.text(ALPHABET, min_size=1, max_size=40), min_size=1, max_size=4)
        )
        articles = [make_article(headline=t[:20], body=t, order=i) for i, t in enumerate(texts)]
        chosen = data.draw(st.sampled_from(texts))
        normal = search_text.normalize(chosen)
        start = data.draw(st.integers(0, len(normal) - 1))
        end = data.draw(st.integers(start + 1, min(len(normal), start + 8)))
        query = normal[start:end]
        if query.split() == [query]:
            expected = {a for a in articles if query in search_text.normalize(a.body)}
            assert expected
            assert set(found(query)) == expected
        transaction.set_rollback(True)


# ---- Ranking ------------------------------------------------------------------------------


def test_newest_order_is_issue_date_then_page_then_order_on_the_page():
    old = make_article(body="双百", page=make_page(datetime.date(2023, 1, 1)))
    front_second = make_article(body="双百", order=2)
    front_first = make_article(body="双百", order=1)
    back = make_article(body="双百", page=make_page(number=2))
    assert found("双百") == [front_first, front_second, back, old]


def test_relevance_puts_headline_hits_above_body_hits_and_newer_first_on_ties():
    body_hit = make_article(headline="甲", body="双百工程")
    old_headline = make_article(headline="双百工程", page=make_page(datetime.date(2023, 1, 1)))
    new_headline = make_article(headline="双百工程巡礼")
    assert found("双百", order="relevance") == [new_headline, old_headline, body_hit]


def test_relevance_puts_words_side_by_side_above_scattered_words():
    scattered = make_article(headline="甲", body="疫情期间，许多志愿者上岗。")
    together = make_article(
        headline="乙", body="疫情志愿者上岗。", page=make_page(datetime.date(2023, 1, 1))
    )
    assert found("疫情 志愿者", order="relevance") == [together, scattered]


def test_relevance_puts_a_whole_word_above_a_word_that_only_contains_the_query():
    part = make_article(headline="平城区召开会议")
    whole = make_article(headline="平城 召开会议", page=make_page(datetime.date(2023, 1, 1)))
    assert found("平城", order="relevance") == [whole, part]


def test_relevance_puts_a_whole_word_in_the_body_above_part_of_a_word():
    part = make_article(headline="甲", body="平城区召开会议。")
    whole = make_article(
        headline="乙", body="平城召开会议。", page=make_page(datetime.date(2023, 1, 1))
    )
    assert found("平城", order="relevance") == [whole, part]


def test_relevance_ranks_headline_then_overline_or_subheadline_then_body():
    body = make_article(headline="甲", body="双百工程启动")
    overline = make_article(
        overline="双百工程", headline="乙", page=make_page(datetime.date(2023, 6, 1))
    )
    subheadline = make_article(
        subheadline="双百工程", headline="丙", page=make_page(datetime.date(2023, 3, 1))
    )
    headline = make_article(headline="双百工程", page=make_page(datetime.date(2022, 1, 1)))
    assert found("双百", order="relevance") == [headline, overline, subheadline, body]


def test_relevance_keeps_a_headline_hit_above_a_whole_word_in_the_body():
    body_word = make_article(headline="甲", body="平城 召开会议")
    headline_part = make_article(
        headline="平城区召开会议", page=make_page(datetime.date(2023, 1, 1))
    )
    assert found("平城", order="relevance") == [headline_part, body_word]


def test_relevance_counts_every_term_of_a_query():
    one = make_article(headline="疫情防控", body="志愿者上岗")
    both = make_article(
        headline="疫情防控志愿者", body="上岗", page=make_page(datetime.date(2023, 1, 1))
    )
    assert found("疫情 志愿者", order="relevance") == [both, one]


FRAGMENTS = ["平城", "平城区", "城", "双百", "工程", "会议", "召开", "，", " ", "甲"]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_results_page_is_that_slice_of_every_hit_in_order(data):
    """A one-word query's relevance page is read tier by tier (title hits ranked,
    then body hits by whole word and date), and where the backend has windows
    each tier from the newest documents first; in either order a page must be
    exactly the slice of reading every hit."""
    from django.db import connection

    from articles.search.backends import backend_for

    windows = data.draw(st.sampled_from([(), (1,), (2, 5), (3, 100)]))
    backend = type(backend_for(connection))
    pieces = st.lists(st.sampled_from(FRAGMENTS), max_size=5).map("".join)
    with transaction.atomic():
        for n in range(data.draw(st.integers(1, 12))):
            make_article(
                headline=data.draw(pieces) or "甲",
                overline=data.draw(pieces),
                body=data.draw(pieces),
                page=make_page(MAY_17 - datetime.timedelta(days=data.draw(st.integers(0, 3)))),
                order=n,
                published=data.draw(st.booleans()),
            )
        query = data.draw(st.sampled_from(["平城", "城", "双百", "城区", "召开会议", "平城 会议"]))
        order = data.draw(st.sampled_from(["relevance", "newest"]))
        cache.clear()  # the windows' bounds of this example's articles
        with mock.patch.multiple(backend, windows=windows, relevance_windows=windows):
            results = search_articles(query, order=order)
            everything = list(results)
            start = data.draw(st.integers(0, len(everything)))
            stop = data.draw(st.integers(start, len(everything) + 2))
            page = results[start:stop]
        assert list(page) == everything[start:stop]
        if order == "relevance":
            assert [a.search_rank for a in page] == [a.search_rank for a in everything[start:stop]]
        transaction.set_rollback(True)


def test_a_results_page_in_relevance_order_reads_the_tiers_in_turn():
    body_part = make_article(headline="甲", body="平城区召开会议。")
    body_word = make_article(
        headline="乙", body="平城召开会议。", page=make_page(MAY_17 - datetime.timedelta(days=9))
    )
    title = make_article(
        headline="平城区召开会议", page=make_page(MAY_17 - datetime.timedelta(days=5))
    )
    results = search_articles("平城", order="relevance")
    assert list(results[:1]) == [title]
    assert list(results[1:3]) == [body_word, body_part]
    assert list(results[2:10]) == [body_part]
    assert list(results[3:10]) == []
    assert list(results.order_by("-search_document__sort_key")[:3]) == [body_part, title, body_word]


def test_a_results_page_reads_the_newest_documents_first_where_the_backend_has_windows():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.search.backends import backend_for

    older = [make_article(body="双百", page=make_page(datetime.date(2022, 1, n))) for n in (1, 2)]
    newer = [make_article(body="双百", order=n) for n in range(3)]
    backend = backend_for(connection)
    with mock.patch.multiple(type(backend), windows=(3,), relevance_windows=(3,)):
        cache.clear()  # the windows' bounds
        bound = max(index_keys(newer[2:]))
        with CaptureQueriesContext(connection) as queries:
            assert search_articles("双百")[:2] == newer[:2]
        # The bound of the 3rd newest document, then the page from the window alone.
        assert len(queries) == 2 and str(bound) in queries[1]["sql"]
        assert search_articles("双百")[2:5] == [newer[2], *reversed(older)]


@pytest.mark.parametrize("order", ["newest", "relevance"])
def test_a_results_page_read_the_short_way_keeps_what_the_queryset_can_do(order):
    """Reversed, re-sliced, combined with ``|`` or given ArticleQuerySet's own
    methods, the hits must give what the plain QuerySet gives."""
    from django.db import connection

    from articles.search.backends import backend_for

    for n in range(4):
        make_article(headline="双百" if n % 2 else "工作", body=f"双百工程第{n}", order=n)
    elsewhere = make_article(headline="别的", body="无关")
    cache.clear()  # the windows' bounds
    with mock.patch.multiple(type(backend_for(connection)), windows=(2,), relevance_windows=(2,)):
        hits = search_articles("双百", order=order)
        everything = list(hits)
        assert len(everything) == 4
        assert list(hits.reverse()[:2]) == everything[::-1][:2]
        assert hits.last() == everything[-1]
        assert list(hits[1:3][:1]) == everything[1:2]
        assert list(hits.with_related()[:3]) == everything[:3]
        assert list(hits.in_column(None)[:3]) == list(hits.filter(column=None))[:3]
        combined = hits | Article.objects.filter(pk=elsewhere.pk)
        assert list(combined[:10]) == list(combined) and elsewhere in combined[:10]


def test_a_stale_bound_changes_how_a_page_is_read_never_what_it_holds():
    """The windows' bounds are kept for a minute: articles added or deleted since
    must still be on the page, in their place."""
    from django.db import connection

    from articles.search.backends import backend_for

    first = [make_article(body="双百", order=n) for n in range(3)]
    with mock.patch.multiple(type(backend_for(connection)), windows=(2,), relevance_windows=(2,)):
        cache.clear()  # the windows' bounds
        assert search_articles("双百")[:2] == first[:2]  # the bound: first[1]'s
        newer = make_article(body="双百", page=make_page(datetime.date(2027, 1, 1)))
        first[1].delete()
        for order in ("newest", "relevance"):
            results = search_articles("双百", order=order)
            assert results[:3] == list(results) == [newer, first[0], first[2]]
            assert results[1:2] == [first[0]]


def index_keys(articles):
    from articles.search.index import documents

    return [row[0] for row in documents([a.pk for a in articles])]


def test_tiers_inside_the_hits_are_read_without_the_match_but_with_every_filter():
    make_article(headline="平城召开会议")
    results = search_articles("平城", order="relevance").filter(kind=Article.Kind.NEWS)
    without = results._without_match()
    assert len(without.query.where.children) == len(results.query.where.children) - 1
    assert "kind" in str(without.query) and "published_at" in str(without.query)


def test_whole_words_change_the_order_never_which_articles_match():
    make_article(body="平城 召开会议")
    make_article(body="平城区召开会议")
    make_article(body="平 城")
    assert len(found("平城", order="relevance")) == len(found("平城")) == 2


def test_search_results_compose_with_other_filters_and_counts():
    column = Column.objects.get(name="平城新语")
    inside = make_article(body="双百", column=column)
    make_article(body="双百")
    results = search_articles("双百", order="relevance").filter(column=column)
    assert list(results) == [inside]
    assert results.count() == 1


def test_changing_an_issue_date_moves_its_articles_in_the_newest_order():
    older_issue = make_article(body="双百", page=make_page(datetime.date(2023, 1, 1)))
    newer_issue = make_article(body="双百")
    assert found("双百") == [newer_issue, older_issue]
    issue = older_issue.page.issue
    issue.date = datetime.date(2025, 1, 1)
    issue.save()
    assert found("双百") == [older_issue, newer_issue]


def test_renumbering_a_page_moves_its_articles_in_the_newest_order():
    first = make_article(body="双百")
    second = make_article(body="双百", page=make_page(number=2))
    page = first.page
    page.number = 3
    page.save()
    assert found("双百") == [second, first]


def test_web_only_articles_sort_by_their_publish_day():
    printed = make_article(body="双百", page=make_page(datetime.date(2023, 1, 1)))
    web = Article.objects.create(
        headline="网络独发",
        body="双百",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )
    assert found("双百") == [web, printed]


# ---- The index follows every write ----------------------------------------------------------


def test_an_edit_replaces_the_old_text_in_the_index():
    article = make_article(body="旧的内容")
    article.body = "新的文字"
    article.save()
    assert found("旧的") == []
    assert found("新的") == [article]


def test_a_deleted_article_leaves_the_index():
    article = make_article(body="双百工程")
    article.delete()
    assert found("双百", queryset=Article.objects.all()) == []


def test_publishing_a_draft_makes_it_findable():
    article = make_article(body="双百工程", published=False)
    assert found("双百") == []
    article.publish()
    article.save()
    assert found("双百") == [article]


def test_photo_captions_follow_their_saves_and_deletes():
    article = make_article()
    photo = Photo.objects.create(article=article, caption="图为志愿者")
    assert found("志愿者") == [article]
    photo.caption = "图为清洁工"
    photo.save()
    assert found("志愿者") == [] and found("清洁工") == [article]
    photo.delete()
    assert found("清洁工") == []


def test_reindex_articles_catches_up_after_a_bulk_update():
    article = make_article(body="旧的内容")
    Article.objects.filter(pk=article.pk).update(body="新的文字")
    assert found("新的") == []
    reindex_articles([article.pk])
    assert found("新的") == [article]


def test_an_edit_rolled_back_leaves_the_index_as_it_was():
    article = make_article(body="旧的内容")
    with pytest.raises(RuntimeError), transaction.atomic():
        article.body = "新的文字"
        article.save()
        raise RuntimeError
    assert found("旧的") == [article]
    assert found("新的") == []


def test_a_failing_index_write_rolls_back_the_article_save(monkeypatch):
    from articles.search import index

    article = make_article(body="旧的内容")

    def broken(article_ids):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(index, "reindex_articles", broken)
    article.body = "新的文字"
    with pytest.raises(RuntimeError):
        article.save()
    article.refresh_from_db()
    assert article.body == "旧的内容"
    with pytest.raises(RuntimeError):
        make_article(headline="未入索引的新稿")
    assert not Article.objects.filter(headline="未入索引的新稿").exists()


def test_a_failing_index_write_rolls_back_the_photo_save(monkeypatch):
    from articles.search import index

    article = make_article()

    def broken(article_ids):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(index, "reindex_articles", broken)
    with pytest.raises(RuntimeError):
        Photo.objects.create(article=article, caption="图为志愿者")
    assert not Photo.objects.filter(article=article).exists()


def test_a_failing_index_removal_keeps_the_article(monkeypatch):
    from articles.search import index

    article = make_article(body="双百工程")

    def broken(article_ids):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(index, "remove_articles", broken)
    with pytest.raises(RuntimeError):
        article.delete()
    assert Article.objects.filter(pk=article.pk).exists()
    assert found("双百") == [article]


def test_a_very_long_body_of_varied_text_is_found_anywhere():
    # 200,000 random characters: far more distinct bigrams than a PostgreSQL
    # tsvector holds (1 MB of lexemes).
    import random

    chars = [chr(c) for c in range(0x4E00, 0x9FA6)]
    body = "".join(random.Random(5).choices(chars, k=200_000))
    long = make_article(headline="长文", body=body)
    short = make_article(body=body[150_000:150_010])
    assert found(body[150_000:150_006]) == [short, long]
    assert found(body[199_990:]) == [long]
    assert found(body[:2]) == [long]
    assert found(body[100_000:100_008] + "甲") == []
    assert found("长文") == [long]
    assert search_articles("长文", order="relevance")[:5] == [long]  # the headline's tier
    long.body = "短了"
    long.save()
    assert found(body[199_990:]) == []
    assert found("短了") == [long]


def test_rebuild_search_index_indexes_what_signals_missed(capsys):
    article = make_article(body="旧的内容")
    Article.objects.filter(pk=article.pk).update(body="新的文字")
    call_command("rebuild_search_index")
    assert found("新的") == [article]
    assert found("旧的") == []
    assert "1" in capsys.readouterr().out


# ---- Any input is safe ------------------------------------------------------------------------

BAD_QUERIES = [
    "",
    "   ",
    '"',
    '"双百',
    "'",
    "*",
    "双*",
    "NEAR",
    "NEAR(双百 工程)",
    "AND",
    "OR",
    "NOT",
    "双百 AND 工程",
    "双百 OR NOT 工程",
    "(",
    ")",
    "(双百",
    "\\",
    "双百\\",
    "^双百",
    "title:双百",
    "{title}:双百",
    "😀",
    "双百😀",
    "\x00",
    "双\x00百",
    "\x1b[0m",
    "\ud800",
    "'; DROP TABLE articles_article; --",
    "%_",
    "双" * 5000,
    "双百 " * 2500,
]


@pytest.mark.parametrize("query", BAD_QUERIES)
@pytest.mark.parametrize("order", ["newest", "relevance"])
def test_any_query_is_answered_without_error(query, order):
    article = make_article(body="双百工程 NEAR AND OR NOT (括号) \\ * 😀 title:")
    results = found(query, order=order)
    assert results in ([], [article])


def test_operators_are_searched_as_plain_text():
    article = make_article(body="使用NEAR和AND等词")
    make_article(body="双百工程")
    assert found("NEAR") == [article]
    assert found("AND") == [article]


# ---- The results page ---------------------------------------------------------------------


def search_page(client, query=None, **params):
    """GET /search/ with ``query`` encoded as is (lone surrogates too) and other parameters."""
    from urllib.parse import quote, urlencode

    url = "/search/?"
    if query is not None:
        url += "q=" + quote(query, safe="", errors="surrogatepass") + "&"
    return client.get(url + urlencode(params))


def summary_count(response):
    import re

    match = re.search(r"共找到 (\d+) 篇文章", response.content.decode())
    return int(match.group(1)) if match else None


def result_links(response):
    import re

    return re.findall(
        r'<h3 class="teaser-headline"><a href="/articles/(\d+)/', response.content.decode()
    )


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_any_query_on_the_results_page_is_answered_without_error(client, query):
    make_article(body="双百工程 NEAR AND OR NOT (括号) \\ * 😀 title:")
    response = search_page(client, query)
    assert response.status_code == 200
    assert "Traceback" not in response.content.decode()
    filtered = search_page(client, query, column="平城新语", date_after="2024-01-01", page_number=1)
    assert filtered.status_code == 200


def test_the_second_results_page_shows_the_next_hits_with_the_same_total(client):
    for n in range(25):
        make_article(headline=f"第{n}篇", body="双百工程", order=n)
    first, second = search_page(client, "双百"), search_page(client, "双百", page=2)
    assert summary_count(first) == summary_count(second) == 25
    ids_first, ids_second = result_links(first), result_links(second)
    assert len(ids_first) == 20 and len(ids_second) == 5
    assert not set(ids_first) & set(ids_second)
    expected = {str(a.pk) for a in Article.objects.filter(body="双百工程")}
    assert set(ids_first) | set(ids_second) == expected
    assert (
        'rel="next"' in first.content.decode() and "q=%E5%8F%8C%E7%99%BE" in first.content.decode()
    )


def test_the_results_page_applies_the_filters_to_the_hits(client):
    column = Column.objects.get(name="平城新语")
    in_column = make_article(headline="评论", body="双百工程", column=column)
    old = make_article(headline="旧闻", body="双百工程", page=make_page(datetime.date(2023, 1, 1)))
    back_page = make_article(headline="二版", body="双百工程", page=make_page(number=2))
    make_article(headline="无关", body="别的事", column=column)
    assert result_links(search_page(client, "双百", column="平城新语")) == [str(in_column.pk)]
    assert result_links(search_page(client, "双百", date_before="2023-12-31")) == [str(old.pk)]
    assert result_links(search_page(client, "双百", page_number=2)) == [str(back_page.pk)]
    assert summary_count(search_page(client, "双百", date_after="2024-01-01")) == 2


def test_a_hit_only_in_a_caption_or_subheadline_shows_a_marked_snippet(client):
    import re

    captioned = make_article(headline="甲", body="今天天气很好。")
    Photo.objects.create(article=captioned, caption="图为志愿者在清扫积雪。")
    make_article(headline="乙", subheadline="——记社区志愿者服务队", body="他们每天早起。")
    html = search_page(client, "志愿者").content.decode()
    leads = re.findall(r'<p class="teaser-lead">(.*?)</p>', html, re.S)
    assert len(leads) == 2
    assert all("<mark>志愿者</mark>" in lead for lead in leads)


# ---- Highlighting ---------------------------------------------------------------------------


def test_highlight_marks_every_term_and_escapes_the_rest():
    html = highlight("<b>疫情</b>期间志愿者", "疫情 志愿者")
    assert html == "&lt;b&gt;<mark>疫情</mark>&lt;/b&gt;期间<mark>志愿者</mark>"


def test_highlight_marks_full_width_text_for_a_half_width_query():
    assert highlight("ＫＴＶ包间", "ktv") == "<mark>ＫＴＶ</mark>包间"


def test_highlight_of_markup_in_the_query_marks_nothing_dangerous():
    assert highlight("a<b", "<b") == "a<mark>&lt;b</mark>"
    assert highlight("平城", "<script>") == "平城"


def test_snippet_centres_on_the_first_hit_and_marks_the_cuts():
    value = "前" * 100 + "双百工程" + "后" * 100
    html = snippet(value, "双百", width=40)
    assert "<mark>双百</mark>" in html
    assert html.startswith("……") and html.endswith("……")
    assert len(html.replace("<mark>", "").replace("</mark>", "")) == 44


def test_snippet_without_a_hit_is_the_opening():
    assert snippet("平城区新闻", "双百", width=3) == "平城区……"


# ---- Filters shared by the search page and the API --------------------------------------------


def filtered(**params):
    filterset = ArticleFilter(params, queryset=Article.objects.published())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs)


def test_filters_by_issue_date_range():
    old = make_article(page=make_page(datetime.date(2023, 1, 1)))
    new = make_article()
    assert filtered(date_after="2024-01-01") == [new]
    assert filtered(date_before="2023-12-31") == [old]


def test_filters_by_column_author_series_kind_and_page_number():
    column = Column.objects.get(name="平城新语")
    series = Series.objects.create(name="平城区“双百工程”巡礼", slug="shuangbai")
    article = make_article(
        column=column, series=series, kind=Article.Kind.COMMENTARY, page=make_page(number=2)
    )
    article.credits.create(author=Author.objects.create(name="孙权"))
    make_article()
    assert filtered(column="平城新语") == [article]
    assert filtered(author="孙 权") == [article]
    assert filtered(series="平城区“双百工程”巡礼") == [article]
    assert filtered(series="shuangbai") == [article]
    assert filtered(kind="commentary") == [article]
    assert filtered(page_number="2") == [article]


def test_filter_q_searches_and_combines_with_the_other_filters():
    hit = make_article(body="双百工程", page=make_page(number=2))
    make_article(body="双百工程")
    assert filtered(q="双百", page_number="2") == [hit]


def test_a_bad_filter_value_is_a_form_error_not_an_exception():
    filterset = ArticleFilter(
        {"date_after": "yesterday", "page_number": "0"}, queryset=Article.objects.all()
    )
    assert not filterset.is_valid()
    assert set(filterset.errors) == {"date_after", "page_number"}


def test_normalize_drops_control_characters_and_folds_width_and_case():
    assert search_text.normalize("Ａ\x00b\x1bＣ") == "abc"
    assert unicodedata.normalize("NFKC", "ﬁ") == search_text.normalize("ﬁ")


# ---- The newsroom's user dictionary -----------------------------------------------------------


def test_place_names_are_the_recurring_words_before_a_place_suffix():
    from articles.search.dictionary import place_names

    names = place_names(["平城区迎宾街道开展活动。", "迎宾街道居民", "偶见新华社区"])
    assert set(names) == {"迎宾街道"}


@pytest.fixture
def user_dictionary(settings, tmp_path):
    """A user dictionary in ``tmp_path``; this process's jieba is put back afterwards."""
    from articles import tokenize
    from articles.search import dictionary

    original = dictionary.path()
    settings.USER_DICTIONARY_PATH = tmp_path / "userdict.txt"
    yield settings.USER_DICTIONARY_PATH
    tokenize.use_user_dictionary(original)


def dictionary_words(path):
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def test_rebuild_user_dictionary_writes_the_newsroom_words(user_dictionary):
    from articles.search.models import SearchWord
    from articles.tokenize import tokenize

    Author.objects.create(name="邱东芳")
    SearchWord.objects.create(word="双百工程")
    make_article(body="水泊寺街道党工委书记。水泊寺街道的干部。")
    assert tokenize("水泊寺街道") != ["水泊寺街道"]
    call_command("rebuild_user_dictionary")
    words = dictionary_words(user_dictionary)
    assert {"邱东芳", "双百工程", "平城新语", "水泊寺街道"} <= set(words)
    assert tokenize("水泊寺街道") == ["水泊寺街道"]


def test_a_word_added_by_an_editor_is_kept_whole_by_the_segmenter(
    user_dictionary, django_capture_on_commit_callbacks
):
    from articles.search.models import SearchWord
    from articles.tokenize import tokenize

    assert tokenize("甲乙丙丁戊己") != ["甲乙丙丁戊己"]
    with django_capture_on_commit_callbacks(execute=True):
        SearchWord.objects.create(word="甲乙丙丁戊己")
    assert tokenize("甲乙丙丁戊己") == ["甲乙丙丁戊己"]
    assert "甲乙丙丁戊己" in dictionary_words(user_dictionary)


def test_a_deleted_word_leaves_the_dictionary_and_the_segmenter(
    user_dictionary, django_capture_on_commit_callbacks
):
    from articles.search.models import SearchWord
    from articles.tokenize import tokenize

    with django_capture_on_commit_callbacks(execute=True):
        word = SearchWord.objects.create(word="甲乙丙丁戊己")
        author = Author.objects.create(name="庚辛壬癸")
    assert tokenize("甲乙丙丁戊己庚辛壬癸") == ["甲乙丙丁戊己", "庚辛壬癸"]
    with django_capture_on_commit_callbacks(execute=True):
        word.delete()
        author.delete()
    assert not {"甲乙丙丁戊己", "庚辛壬癸"} & set(dictionary_words(user_dictionary))
    assert "甲乙丙丁戊己" not in tokenize("甲乙丙丁戊己庚辛壬癸")
    assert "庚辛壬癸" not in tokenize("甲乙丙丁戊己庚辛壬癸")


def test_authors_columns_series_and_words_rewrite_the_dictionary_once_per_transaction(
    user_dictionary, django_capture_on_commit_callbacks, monkeypatch
):
    from articles.search import dictionary
    from articles.search.models import SearchWord

    with django_capture_on_commit_callbacks() as callbacks:
        SearchWord.objects.create(word="甲乙丙丁戊己")
        SearchWord.objects.create(word="两个 词")
        Author.objects.create(name="邱东芳")
        Column.objects.create(name="晨钟暮鼓", slug="chenzhong")
        Series.objects.create(name="走基层看变化", slug="zoujiceng")
    assert not user_dictionary.exists()
    refreshes = []
    with monkeypatch.context() as patch:
        patch.setattr(dictionary, "refresh", lambda: refreshes.append(1))
        for callback in callbacks:
            callback()
    assert refreshes == [1]
    dictionary.refresh()
    words = dictionary_words(user_dictionary)
    assert {"甲乙丙丁戊己", "邱东芳", "晨钟暮鼓", "走基层看变化"} <= set(words)
    assert not [word for word in words if " " in word]


def test_an_edit_keeps_the_place_names_of_the_last_rebuild(
    user_dictionary, django_capture_on_commit_callbacks
):
    from articles.search import dictionary

    make_article(body="水泊寺街道党工委书记。水泊寺街道的干部。")
    dictionary.rebuild_user_dictionary()
    with django_capture_on_commit_callbacks(execute=True):
        Author.objects.create(name="邱东芳")
    assert {"水泊寺街道", "邱东芳"} <= set(dictionary_words(user_dictionary))


def test_an_edit_before_any_rebuild_keeps_the_place_names_already_in_the_file(
    user_dictionary, django_capture_on_commit_callbacks
):
    user_dictionary.write_text("水泊寺街道\n已删除的作者\n", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        Author.objects.create(name="邱东芳")
    words = dictionary_words(user_dictionary)
    assert {"水泊寺街道", "邱东芳"} <= set(words)
    assert "已删除的作者" not in words


def test_a_dictionary_rewritten_by_another_process_is_reloaded(user_dictionary, monkeypatch):
    from articles import tokenize

    tokenize.use_user_dictionary(user_dictionary)
    word = "庚辛壬癸子丑"
    assert tokenize.tokenize(word) != [word]
    # Looked at only every few seconds: a rewrite right after a look waits.
    monkeypatch.setattr(tokenize, "RELOAD_CHECK_SECONDS", 3600)
    user_dictionary.write_text(word + "\n", encoding="utf-8")
    assert tokenize.tokenize(word) != [word]
    monkeypatch.setattr(tokenize, "RELOAD_CHECK_SECONDS", 0)
    assert tokenize.tokenize(word) == [word]
    user_dictionary.write_text("子丑寅卯辰\n", encoding="utf-8")
    assert tokenize.tokenize(word) != [word]
    assert tokenize.tokenize("子丑寅卯辰") == ["子丑寅卯辰"]


def test_keywords_learned_from_the_archive_leave_out_the_papers_everyday_words(
    settings, tmp_path, monkeypatch
):
    from articles import tokenize

    settings.KEYWORD_IDF_PATH = tmp_path / "idf.txt"
    monkeypatch.setitem(tokenize._idf_file, "path", str(settings.KEYWORD_IDF_PATH))
    for n in range(30):
        make_article(body=f"首善城市建设第{n}期，首善城市成效显著。")
    text = "首善城市建设，首善城市，首善城市。反邪教宣传进校园。"
    assert tokenize.extract_keywords(text, topk=1)[0][0] == "首善"
    call_command("rebuild_keyword_idf")
    assert tokenize.extract_keywords(text, topk=1)[0][0] != "首善"


TOPICS = [
    "老旧小区改造",
    "垃圾分类宣传",
    "反邪教宣传进校园",
    "冬季供暖保障",
    "义务植树活动",
    "消防安全演练",
    "防汛应急演练",
    "文明城市创建",
    "养老服务驿站",
    "便民市场开业",
]


def test_keywords_of_a_typical_article_leave_out_the_papers_everyday_words(
    settings, tmp_path, monkeypatch
):
    from articles import tokenize

    settings.KEYWORD_IDF_PATH = tmp_path / "idf.txt"
    monkeypatch.setitem(tokenize._idf_file, "path", str(settings.KEYWORD_IDF_PATH))
    # A community name from the user dictionary: jieba's own IDF does not know it.
    tokenize.add_words(["晨曦苑社区"])
    for n in range(40):
        make_article(
            body=f"本报讯（记者 张明）近日，平城区晨曦苑社区开展{TOPICS[n % 10]}工作，"
            f"晨曦苑社区居民积极参与。平城区有关部门第{n}次到晨曦苑社区检查。"
        )
    call_command("rebuild_keyword_idf")
    text = (
        "本报讯（记者 王芳）平城区晨曦苑社区近日举办消防安全演练。晨曦苑社区组织居民"
        "学习灭火器使用方法，消防员现场讲解逃生技巧，演练结束后居民表示收获很大。"
    )
    words = [word for word, _ in tokenize.extract_keywords(text)]
    assert {"消防员", "灭火器"} <= set(words[:4])
    assert not {"记者", "本报讯", "平城区", "平城", "晨曦苑社区"} & set(words)
