"""Who may open and do what in the article admin: anonymous, an author, an editor."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from news.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(make_article, author, make_staff):
    other = make_staff("author", "mykola")
    own_draft = make_article(title_uk="Моя чернетка", status="draft", published_at=None)
    own_draft.author = author
    own_draft.save()
    others_draft = make_article(title_uk="Чужа чернетка", status="draft", published_at=None)
    others_draft.author = other
    others_draft.save()
    return {"own": own_draft, "other": others_draft}


def revision_of(article):
    return article.history.first().history_id


# (name, method, url(articles), POST data or None)
ADMIN_URLS = [
    ("list", "get", lambda a: reverse("admin:news_article_changelist"), None),
    ("add", "get", lambda a: reverse("admin:news_article_add"), None),
    ("coming up", "get", lambda a: reverse("admin:news_article_coming_up"), None),
    (
        "change own",
        "get",
        lambda a: reverse("admin:news_article_change", args=[a["own"].pk]),
        None,
    ),
    (
        "change other's",
        "get",
        lambda a: reverse("admin:news_article_change", args=[a["other"].pk]),
        None,
    ),
    (
        "history other's",
        "get",
        lambda a: reverse("admin:news_article_history", args=[a["other"].pk]),
        None,
    ),
    (
        "revision other's",
        "get",
        lambda a: reverse(
            "admin:news_article_revision", args=[a["other"].pk, revision_of(a["other"])]
        ),
        None,
    ),
    (
        "restore other's",
        "post",
        lambda a: reverse(
            "admin:news_article_revision_restore",
            args=[a["other"].pk, revision_of(a["other"])],
        ),
        {},
    ),
    (
        "delete other's",
        "get",
        lambda a: reverse("admin:news_article_delete", args=[a["other"].pk]),
        None,
    ),
    (
        "preview other's",
        "get",
        lambda a: reverse("admin:news_article_preview", args=[a["other"].pk]),
        None,
    ),
    ("share own", "get", lambda a: reverse("admin:news_article_share", args=[a["own"].pk]), None),
    (
        "publish action",
        "post",
        lambda a: reverse("admin:news_article_changelist"),
        lambda a: {"action": "publish", "_selected_action": [a["own"].pk]},
    ),
    (
        "purge action",
        "post",
        lambda a: reverse("admin:news_article_changelist"),
        lambda a: {"action": "purge", "_selected_action": [a["own"].pk], "post": "yes"},
    ),
    (
        "trash action",
        "post",
        lambda a: reverse("admin:news_article_changelist"),
        lambda a: {"action": "move_to_trash", "_selected_action": [a["own"].pk]},
    ),
]

EXPECTED = {
    # name: (anonymous, author, editor)
    "list": (302, 200, 200),
    "add": (302, 200, 200),
    "coming up": (302, 200, 200),
    "change own": (302, 200, 200),
    "change other's": (302, 403, 200),
    "history other's": (302, 403, 200),
    "revision other's": (302, 403, 200),
    "restore other's": (302, 403, 302),
    "delete other's": (302, 403, 200),
    "preview other's": (302, 403, 200),
    "share own": (302, 403, 200),
    "publish action": (302, 403, 302),
    "purge action": (302, 403, 302),
    "trash action": (302, 302, 302),
}


@pytest.mark.parametrize("role_index, role", [(0, "anonymous"), (1, "author"), (2, "editor")])
@pytest.mark.parametrize("name, method, url, data", ADMIN_URLS, ids=[u[0] for u in ADMIN_URLS])
def test_every_article_admin_url_checks_the_role(
    client, author, editor, articles, role_index, role, name, method, url, data
):
    """Authors reach only their own work and never publish; anonymous visitors log in first."""
    if role == "author":
        client.force_login(author)
    elif role == "editor":
        client.force_login(editor)
    target = url(articles)
    if method == "get":
        response = client.get(target)
    else:
        response = client.post(target, data(articles) if callable(data) else data)
    assert response.status_code == EXPECTED[name][role_index], (name, role)
    if role == "anonymous":
        assert reverse("admin:login") in response["Location"]


def test_roles_come_from_the_data_migration(roles):
    """Authors cannot publish; editors can publish and purge."""
    author_perms = set(roles["author"].permissions.values_list("codename", flat=True))
    editor_perms = set(roles["editor"].permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "view_article"} <= author_perms
    assert "publish_article" not in author_perms and "purge_article" not in author_perms
    assert {"publish_article", "purge_article", "change_article"} <= editor_perms
    assert set(Group.objects.values_list("name", flat=True)) >= {"Автор", "Редактор"}


def test_author_sees_only_own_articles_and_no_publishing(author_client, articles):
    """An author's list holds their own articles; the status menu stops at «На перевірці»."""
    response = author_client.get(reverse("admin:news_article_changelist"))
    assert list(response.context["cl"].result_list) == [articles["own"]]
    actions = dict(response.context["action_form"].fields["action"].choices)
    assert "publish" not in actions and "purge" not in actions
    assert "submit_for_review" in actions
    form = author_client.get(reverse("admin:news_article_change", args=[articles["own"].pk]))
    choices = [value for value, _label in form.context["adminform"].form.fields["status"].choices]
    assert choices == ["draft", "review"]
    assert "featured" not in form.context["adminform"].form.fields


def test_author_posting_publish_in_the_form_gets_403(author_client, articles, category):
    """An author who forges a «published» status is refused and nothing changes."""
    own = articles["own"]
    url = reverse("admin:news_article_change", args=[own.pk])
    data = {
        "title_uk": own.title_uk,
        "category": category.pk,
        "status": "published",
        "base_version": own.version,
    }
    assert author_client.post(url, data).status_code == 403
    assert author_client.post(reverse("admin:news_article_add"), data).status_code == 403
    own.refresh_from_db()
    assert own.status == "draft"
    assert Article.objects.count() == 2


def test_author_submits_for_review(author_client, articles, category):
    """An author sends a draft to the editors; it waits in «coming up» as in review."""
    own = articles["own"]
    url = reverse("admin:news_article_change", args=[own.pk])
    response = author_client.post(
        url,
        {
            "title_uk": own.title_uk,
            "category": category.pk,
            "status": "review",
            "base_version": own.version,
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == "review"
    coming_up = author_client.get(reverse("admin:news_article_coming_up"))
    assert list(coming_up.context["in_review"]) == [own]
    # In review an author may still correct it; once published it is the editors'.
    own.status = "published"
    own.save()
    assert author_client.get(url).context["has_change_permission"] is False
    assert author_client.post(url, {"title_uk": "x", "status": "review"}).status_code == 403


def test_editor_publishes_with_the_action(editor_client, articles):
    """An editor publishes anyone's draft from the list."""
    response = editor_client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish", "_selected_action": [articles["other"].pk]},
    )
    assert response.status_code == 302
    articles["other"].refresh_from_db()
    assert articles["other"].status == "published"
    assert articles["other"].published_at is not None


def test_refusal_page_is_in_ukrainian(author_client, articles):
    """An author who opens someone else's draft reads why, in Ukrainian, not «403 Forbidden»."""
    response = author_client.get(reverse("admin:news_article_change", args=[articles["other"].pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Доступ заборонено</h1>" in html
    assert "Forbidden" not in html
