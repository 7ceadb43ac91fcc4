import datetime

import pytest
import reversion
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

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
    Withdrawal,
)

pytestmark = pytest.mark.django_db


def make_one_of_each():
    """One row of every model, so every change page has something to show."""
    issue = Issue.objects.create(date=datetime.date(2024, 5, 17), number=1)
    page = Page.objects.create(issue=issue, number=1, name="平城头条")
    series = Series.objects.create(name="平城区“双百工程”巡礼")
    article = Article.objects.create(
        page=page,
        headline="弘扬创新精神",
        column=Column.objects.get(name="平城新语"),
        series=series,
        installment=5,
        review_reasons=["署名存疑"],
    )
    author, _ = Author.objects.get_or_create_by_name("孙 权")
    ArticleAuthor.objects.create(article=article, author=author)
    keyword = Keyword.objects.create(name="双百工程")
    ArticleKeyword.objects.create(article=article, keyword=keyword, weight=0.5)
    Photo.objects.create(article=article, caption="图为志愿者在服务。", credit="孙露")
    return article


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("editor", "", "secret-pass-123")
    client.force_login(user)
    return client


# Records the system keeps, which editors read and delete but never write.
READ_ONLY = (Withdrawal,)


def admin_urls():
    for model in admin.site._registry:
        opts = model._meta
        obj = model.objects.first()
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        if model not in READ_ONLY:
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        if obj is not None:
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])


def test_every_admin_changelist_add_and_change_page_answers_200(editor_client):
    make_one_of_each()
    urls = list(admin_urls())
    for model in (Issue, Page, Article, Author, Column, Series, Keyword, Photo):
        assert f"/admin/articles/{model._meta.model_name}/1/change/" in " ".join(urls) or (
            model is Column
        )
    for url in urls:
        response = editor_client.get(url)
        assert response.status_code == 200, url


def test_a_withdrawal_is_read_and_deleted_in_the_admin_never_written(editor_client):
    make_one_of_each()
    imported = Article.objects.create(
        page=Page.objects.first(), headline="撤下的稿件", import_snapshot={"headline": "撤下的稿件"}
    )
    editor_client.post(
        reverse("admin:articles_article_delete", args=[imported.pk]), {"post": "yes"}
    )
    withdrawal = Withdrawal.objects.get()
    change = reverse("admin:articles_withdrawal_change", args=[withdrawal.pk])

    listed = editor_client.get(reverse("admin:articles_withdrawal_changelist"))
    assert "撤下的稿件" in listed.content.decode()
    assert editor_client.get(reverse("admin:articles_withdrawal_add")).status_code == 403
    editor_client.post(change, {"headline": "改过的标题"})
    withdrawal.refresh_from_db()
    assert withdrawal.headline == "撤下的稿件"
    editor_client.post(
        reverse("admin:articles_withdrawal_delete", args=[withdrawal.pk]), {"post": "yes"}
    )
    assert not Withdrawal.objects.exists()


def test_anonymous_users_are_redirected_to_login(client):
    make_one_of_each()
    for url in admin_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_the_login_page_is_chinese_and_names_the_paper(client):
    response = client.get(reverse("admin:login"))
    content = response.content.decode()
    assert "平城报 采编系统" in content
    assert "用户名" in content


def test_review_filter_and_reasons_in_the_article_list(editor_client):
    flagged = make_one_of_each()
    Article.objects.create(headline="干净的稿件")
    url = reverse("admin:articles_article_changelist")

    response = editor_client.get(url, {"needs_review": "yes"})

    assert [a.pk for a in response.context["cl"].result_list] == [flagged.pk]
    assert "署名存疑" in response.content.decode()


def test_an_issues_pages_link_to_their_articles_in_one_click(editor_client):
    article = make_one_of_each()
    page = article.page
    response = editor_client.get(reverse("admin:articles_issue_change", args=[page.issue.pk]))
    link = f"{reverse('admin:articles_article_changelist')}?page__id__exact={page.pk}"
    assert link in response.content.decode()

    listed = editor_client.get(link)

    assert listed.status_code == 200
    assert [a.pk for a in listed.context["cl"].result_list] == [article.pk]


def test_publish_action_sets_status_time_and_keeps_a_version(editor_client):
    article = make_one_of_each()
    url = reverse("admin:articles_article_changelist")

    editor_client.post(url, {"action": "publish", "_selected_action": [article.pk]})

    article.refresh_from_db()
    assert article.status == "published"
    assert article.published_at <= timezone.now()
    assert Version.objects.get_for_object(article).count() == 1


def test_send_to_review_and_back_to_draft_actions(editor_client):
    article = make_one_of_each()
    url = reverse("admin:articles_article_changelist")
    editor_client.post(url, {"action": "send_to_review", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == "review"
    editor_client.post(url, {"action": "back_to_draft", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == "draft"


def test_an_earlier_version_of_an_article_can_be_viewed_for_restoring(editor_client):
    article = make_one_of_each()
    with reversion.create_revision():
        article.save()
    article.headline = "改过的标题"
    with reversion.create_revision():
        article.save()
    first = Version.objects.get_for_object(article).order_by("pk").first()

    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    revision = editor_client.get(
        reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    )

    assert history.status_code == 200
    assert revision.status_code == 200
    assert 'value="弘扬创新精神"' in revision.content.decode()
