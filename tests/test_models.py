import datetime
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Column,
    Issue,
    Page,
    Photo,
)

pytestmark = pytest.mark.django_db


def make_issue(date=datetime.date(2024, 5, 17), number=1):
    return Issue.objects.create(date=date, number=number)


def make_page(issue=None, number=1, name="平城头条"):
    return Page.objects.create(issue=issue or make_issue(), number=number, name=name)


def make_article(page=None, **fields):
    fields.setdefault("headline", "弘扬创新精神")
    return Article.objects.create(page=page, **fields)


def png_bytes(width=800, height=600):
    buffer = BytesIO()
    Image.new("RGB", (width, height), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_second_issue_on_the_same_date_is_refused():
    make_issue()
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.create(date=datetime.date(2024, 5, 17), number=2)


def test_a_second_page_3_in_one_issue_is_refused():
    issue = make_issue()
    make_page(issue, number=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Page.objects.create(issue=issue, number=3, name="另一个第3版")


def test_the_same_page_number_is_fine_in_another_issue():
    make_page(make_issue(), number=3)
    make_page(make_issue(datetime.date(2024, 5, 18), 2), number=3)
    assert Page.objects.filter(number=3).count() == 2


def test_spaced_and_unspaced_names_resolve_to_one_author():
    spaced, created = Author.objects.get_or_create_by_name("孙 权")
    plain, created_again = Author.objects.get_or_create_by_name("孙权")
    assert created and not created_again
    assert spaced == plain
    assert spaced.name == "孙权"
    assert Author.objects.count() == 1


def test_author_names_are_normalised_on_save():
    author = Author.objects.create(name=" 邱　东芳 ")  # ideographic space inside
    assert author.name == "邱东芳"


def test_an_author_can_write_one_article_and_photograph_another():
    sun_lu, _ = Author.objects.get_or_create_by_name("孙露")
    story, picture = make_article(), make_article(headline="图片新闻", kind="photo")
    ArticleAuthor.objects.create(article=story, author=sun_lu, role="writer")
    ArticleAuthor.objects.create(article=picture, author=sun_lu, role="photographer")
    assert set(sun_lu.articles.all()) == {story, picture}
    assert story.byline_authors() == [sun_lu]
    assert picture.byline_authors() == []


def test_published_shows_only_published_articles_whose_time_has_come():
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    visible = make_article(status="published", published_at=now - hour)
    make_article(status="draft", published_at=now - hour)
    make_article(status="review", published_at=now - hour)
    make_article(status="published", published_at=now + hour)
    make_article(status="published", published_at=None)
    assert list(Article.objects.published()) == [visible]


def test_publish_keeps_a_scheduled_time_and_fills_a_missing_one():
    scheduled = timezone.now() + datetime.timedelta(days=1)
    article = make_article(published_at=scheduled)
    article.publish()
    assert (article.status, article.published_at) == ("published", scheduled)
    fresh = make_article()
    fresh.publish()
    assert fresh.published_at is not None


def test_needs_review_follows_the_review_reasons():
    article = make_article(review_reasons=["没有主标题"])
    assert article.needs_review
    assert list(Article.objects.needing_review()) == [article]
    article.review_reasons = []
    article.save()
    assert not Article.objects.needing_review().exists()


def test_on_page_lists_a_pages_articles_in_printed_order():
    page = make_page()
    second = make_article(page, order=2)
    first = make_article(page, order=1)
    make_article(make_page(page.issue, number=2), order=0)
    assert list(Article.objects.on_page(page)) == [first, second]


def test_body_blocks_mark_section_heads():
    article = make_article(body="第一段。\n## 集体经济思路宽\n\n第二段。")
    assert article.body_blocks() == [
        {"type": "paragraph", "text": "第一段。"},
        {"type": "subhead", "text": "集体经济思路宽"},
        {"type": "paragraph", "text": "第二段。"},
    ]


def test_an_article_without_headline_is_shown_as_untitled():
    assert make_article(headline="").display_headline == "（无标题）"


def test_page_label_uses_the_papers_style():
    assert make_page(number=1, name="平城头条").label == "第01版：平城头条"


def test_column_migration_created_pingcheng_xinyu():
    column = Column.objects.get(name="平城新语")
    assert column.slug == "平城新语"
    assert "孙权" in column.description
    assert column.get_absolute_url() == "/columns/%E5%B9%B3%E5%9F%8E%E6%96%B0%E8%AF%AD/"


def test_urls_of_the_papers_parts():
    page = make_page(number=2)
    article = make_article(page)
    assert page.issue.get_absolute_url() == "/issues/2024-05-17/"
    assert page.get_absolute_url() == "/issues/2024-05-17/2/"
    assert article.get_absolute_url() == f"/articles/{article.pk}/"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_photo_renditions_are_resized_jpegs_made_once(media_root):
    photo = Photo(article=make_article())
    photo.image.save("front.png", ContentFile(png_bytes(800, 600)))
    assert (photo.width, photo.height) == (800, 600)

    urls = photo.rendition_urls()

    assert set(urls) == {320, 640, 1280}
    renditions = media_root / "renditions"
    small = renditions / photo.image.name.replace(".png", "-320w.jpg")
    assert urls[320].endswith("-320w.jpg")
    with Image.open(small) as image:
        assert (image.format, image.size) == ("JPEG", (320, 240))
    with Image.open(renditions / photo.image.name.replace(".png", "-1280w.jpg")) as big:
        assert big.size == (800, 600)  # never upscaled
    made = small.stat().st_mtime_ns
    assert photo.rendition_urls() == urls
    assert small.stat().st_mtime_ns == made


def test_a_page_scan_gets_a_thumbnail(media_root):
    page = make_page()
    page.scan.save("page1.png", ContentFile(png_bytes(1200, 1800)))
    page.refresh_from_db()
    with Image.open(page.scan_thumbnail.path) as thumbnail:
        assert (thumbnail.format, thumbnail.size) == ("JPEG", (400, 600))
