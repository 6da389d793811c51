"""Item 5 of the security issue: what an editor types is shown as text wherever it appears."""

import io

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from news.models import Article, Category, Tag
from tests.security.checks import PAYLOADS, csp_nonce, injected_markup, shows_as_text

pytestmark = pytest.mark.django_db

RICH_TEXT_ATTACKS = [
    '<a href="javascript:alert(1)">a</a>',
    '<a href="JaVaScRiPt:alert(1)">b</a>',
    '<a href="&#106;avascript:alert(1)">c</a>',
    '<a href="java&#x09;script:alert(1)">d</a>',
    '<a href=" javascript:alert(1)">e</a>',
    '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">f</a>',
    '<a href="vbscript:msgbox(1)">g</a>',
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><p>h</p></svg>",
    '<p onclick="alert(1)">i</p>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "<script>alert(1)</script>",
    '<form action="javascript:alert(1)"><button>j</button></form>',
]


def tiny_png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#0b4f8a").save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="cover.png")


@pytest.fixture
def hostile_article(make_article):
    """An article whose every editor-typed field is the payload."""

    def make(payload):
        category = Category.objects.create(name_uk=payload, name_en=payload)
        tag = Tag.objects.create(name_uk=payload, name_en=payload)
        article = make_article(
            title_uk=payload,
            title_en=payload,
            lead_uk=payload,
            meta_description=payload[:160],
            category=category,
            tags=[tag],
            cover_alt_uk=payload,
            cover_image=tiny_png(),
            featured=True,
        )
        return article

    return make


def assert_only_text(response, payload):
    assert response.status_code == 200
    html = response.content.decode()
    assert injected_markup(html, csp_nonce(response)) == []
    assert shows_as_text(html, payload), "the payload should be on the page, as text"


def test_public_pages_show_typed_fields_as_text(client, hostile_article):
    """Titles, leads, descriptions, alt text and names never become markup or links."""
    articles = {payload: hostile_article(payload) for payload in PAYLOADS}
    for url in ["/", "/novyny/", "/en/"]:
        response = client.get(url)
        for payload in PAYLOADS[:3]:  # the newest, on the first page
            assert_only_text(response, payload)
    for payload, article in articles.items():
        for url in [
            article.get_absolute_url(),
            article.category.get_absolute_url(),
            article.tags.get().get_absolute_url(),
            f"/en/news/{article.slug}/",
        ]:
            assert_only_text(client.get(url), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_title_meta_and_open_graph_hold_the_payload_as_text(client, hostile_article, payload):
    """<title>, the description and Open Graph tags carry the text, escaped, not markup."""
    article = hostile_article(payload)
    html = client.get(article.get_absolute_url()).content.decode()
    head = html[: html.index("</head>")]
    assert injected_markup(head) == []
    for escaped_fragment in ("<img", "<svg", "<script>alert", '"><'):
        if escaped_fragment in payload:
            assert escaped_fragment not in head
    if "<" in payload:
        assert "&lt;" in head.split("<title>")[1].split("</title>")[0]


@pytest.mark.parametrize("attack", RICH_TEXT_ATTACKS)
def test_rich_text_attacks_leave_no_code_on_the_page(client, make_article, attack):
    """A dangerous link or element typed into the body never reaches a reader's browser."""
    article = make_article(body_uk=f"<p>Текст.</p>{attack}")
    Article.objects.filter(pk=article.pk).update(body_uk=f"<p>Текст.</p>{attack}")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert injected_markup(response.content.decode(), csp_nonce(response)) == []


def test_admin_lists_forms_and_history_show_typed_fields_as_text(
    admin_client, admin_user, hostile_article
):
    """Editors browsing the admin cannot be attacked through a colleague's titles or names."""
    articles = [hostile_article(payload) for payload in PAYLOADS]
    LogEntry.objects.log_actions(
        user_id=admin_user.pk,
        queryset=articles,
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": PAYLOADS}}],
    )
    # A colleague whose name is a payload wrote the first article's revisions.
    admin_user.first_name = PAYLOADS[1]
    admin_user.save()
    article = articles[0]
    article.history.update(history_user=admin_user)
    article.status = Article.Status.REVIEW
    article.save()
    revision = article.history.first().history_id
    category, tag = article.category, article.tags.get()
    pages = {
        reverse("admin:index"): PAYLOADS[-1:],  # recent actions
        reverse("admin:news_article_changelist"): PAYLOADS,
        reverse("admin:news_article_coming_up"): PAYLOADS[:1],
        reverse("admin:news_category_changelist"): PAYLOADS,
        reverse("admin:news_tag_changelist"): PAYLOADS,
        reverse("admin:news_article_change", args=[article.pk]): PAYLOADS[:1],
        reverse("admin:news_article_history", args=[article.pk]): PAYLOADS[:2],
        reverse("admin:news_article_revision", args=[article.pk, revision]): PAYLOADS[:1],
        reverse("admin:news_article_revision_preview", args=[article.pk, revision]): [],
        reverse("admin:news_article_preview", args=[article.pk]): PAYLOADS[:1],
        reverse("admin:news_article_share", args=[article.pk]): PAYLOADS[:1],
        reverse("admin:news_article_delete", args=[article.pk]): PAYLOADS[:1],
        reverse("admin:news_category_change", args=[category.pk]): PAYLOADS[:1],
        reverse("admin:news_category_delete", args=[category.pk]): PAYLOADS[:1],
        reverse("admin:news_tag_history", args=[tag.pk]): [],
        reverse("admin:auth_user_changelist"): PAYLOADS[1:2],
    }
    for url, expected in pages.items():
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert injected_markup(html, csp_nonce(response)) == [], url
        for payload in expected:
            assert shows_as_text(html, payload), (url, payload)


def test_admin_autocomplete_returns_names_as_json_text(admin_client, hostile_article):
    """The autocomplete answers with JSON data; the browser inserts it as text."""
    payload = PAYLOADS[0]
    hostile_article(payload)
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "img", "app_label": "news", "model_name": "article", "field_name": "tags"},
    )
    assert response.headers["Content-Type"] == "application/json"
    assert [result["text"] for result in response.json()["results"]] == [payload]
