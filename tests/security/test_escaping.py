"""Item 5 of the security issue: what an editor types is shown as text wherever it appears."""

import csv
import io
from datetime import date

import feedparser
import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import translation
from lxml import etree
from PIL import Image

from news.models import Article, Category, Tag
from partners.models import (
    Initiative,
    Membership,
    Municipality,
    Oblast,
    Organization,
    Programme,
    Raion,
)
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
            lead_en=payload,
            body_en="<p>The news.</p>",
            meta_description=payload[:160],
            category=category,
            tags=[tag],
            cover_alt_uk=payload,
            cover_alt_en=payload,
            cover_image=tiny_png(),
            featured=True,
        )
        return article

    return make


def english_url(article):
    with translation.override("en"):
        return article.get_absolute_url()


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
            english_url(article),
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


LINK_ATTACKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/%0a",
]


def every_url_field():
    return [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.URLField)
    ]


@pytest.mark.parametrize("attack", LINK_ATTACKS)
def test_every_link_field_refuses_script_and_data_links(attack):
    """No link an editor enters (menus, social networks, partner sites) can run a script."""
    fields = every_url_field()
    assert fields, "the site has link fields; this test must see them"
    for field in fields:
        with pytest.raises(ValidationError):
            field.clean(attack, None)


def test_partner_and_hromada_names_show_as_text(client, admin_client, make_article):
    """Names of initiatives, organisations, programmes and hromadas never become markup."""
    oblast = Oblast.objects.create(code="UA61000000000060328", name_uk=PAYLOADS[2])
    raion = Raion.objects.create(code="UA61040000000042587", name_uk=PAYLOADS[1], oblast=oblast)
    hromada = Municipality.objects.create(
        name_uk=PAYLOADS[0],  # a name's ' becomes the Ukrainian apostrophe ’ on save
        code="UA61040270000084588",
        kind=Municipality.Kind.URBAN,
        oblast=oblast,
        raion=raion,
        centre_uk=PAYLOADS[3],
        slug="hromada",
    )
    donor = Organization.objects.create(name_uk=PAYLOADS[4], acronym_uk=PAYLOADS[5], kind="donor")
    programme = Programme.objects.create(
        name_uk=PAYLOADS[6], acronym_uk="ПУЛЬС", donor=donor, start_date=date(2015, 12, 14)
    )
    initiative = Initiative.objects.create(
        name_uk=PAYLOADS[8], acronym=PAYLOADS[7][:50], start_year=2016
    )
    initiative.partners.add(donor)
    Membership.objects.create(initiative=initiative, municipality=hromada, joined_year=2020)
    article = make_article(programme=programme)
    article.municipalities.add(hromada)
    article.initiatives.add(initiative)
    pages = [
        reverse("partners:initiative_list"),
        initiative.get_absolute_url(),
        reverse("partners:municipality_list"),
        reverse("partners:municipality_list") + f"?oblast={oblast.pk}",
        hromada.get_absolute_url(),
        reverse("partners:programme_list"),
        programme.get_absolute_url(),
        article.get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert injected_markup(response.content.decode(), csp_nonce(response)) == [], url
    html = client.get(hromada.get_absolute_url()).content.decode()
    assert shows_as_text(html, PAYLOADS[0])
    html = client.get(article.get_absolute_url()).content.decode()
    assert shows_as_text(html, PAYLOADS[6])  # «Сторінку розроблено в рамках проекту …»
    for obj in (hromada, donor, programme, initiative):
        meta = obj._meta
        for url in (
            reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
            reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]),
        ):
            response = admin_client.get(url)
            assert response.status_code == 200, url
            assert injected_markup(response.content.decode(), csp_nonce(response)) == [], url


def test_open_data_csv_cells_never_start_a_formula(client):
    """A hromada name typed as a formula stays text when the CSV is opened in a spreadsheet."""
    oblast = Oblast.objects.create(code="UA61000000000060328", name_uk="Тернопільська")
    raion = Raion.objects.create(
        code="UA61040000000042587", name_uk="Тернопільський", oblast=oblast
    )
    Municipality.objects.create(
        name_uk='=HYPERLINK("https://evil.example","Тернопіль")',
        code="UA61040270000084588",
        kind=Municipality.Kind.URBAN,
        oblast=oblast,
        raion=raion,
        centre_uk="@SUM(1+1)",
        slug="hromada",
    )
    content = client.get(reverse("partners:municipalities_csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells and not [cell for cell in cells if cell.startswith(("=", "+", "@"))]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)


def test_feeds_and_sitemap_hold_typed_fields_as_text(client, hostile_article):
    """Feeds and the sitemap stay well-formed XML with every payload as text, never elements."""
    atom = "{http://www.w3.org/2005/Atom}"
    articles = [hostile_article(payload) for payload in PAYLOADS]
    for article in articles:
        for format in ("rss", "atom"):
            for url in (
                reverse("news:feed", kwargs={"format": format}),
                reverse(
                    "news:category_feed", kwargs={"slug": article.category.slug, "format": format}
                ),
                reverse(
                    "news:tag_feed", kwargs={"slug": article.tags.get().slug, "format": format}
                ),
            ):
                content = client.get(url).content
                assert not feedparser.parse(content).bozo, url
                document = etree.fromstring(content)
                # Titles, categories and summaries are text nodes: no element a payload made.
                tags = {element.tag for element in document.iter()}
                assert not {"script", "img", "svg", f"{atom}script"} & tags, url
        titles = etree.fromstring(
            client.get(reverse("news:feed", kwargs={"format": "atom"})).content
        )
        assert article.title_uk in [t.text for t in titles.iter(f"{atom}title")]
    for url in ("/sitemap.xml", "/sitemap-articles.xml", "/sitemap-categories.xml"):
        etree.fromstring(client.get(url).content)  # well-formed
