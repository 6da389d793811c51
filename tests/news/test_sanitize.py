import pytest
from django.urls import reverse

from editorial.text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES, sanitize_html
from news.models import Article

PAYLOADS = [
    '<script>alert("xss")</script>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">посилання</a>',
    '<a href="JaVaScRiPt:alert(1)">посилання</a>',
    '<a href="&#106;avascript:alert(1)">посилання</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">посилання</a>',
    '<svg onload="alert(1)"></svg>',
    '<p onclick="alert(1)" style="color:red">текст</p>',
    '<iframe src="https://example.com"></iframe>',
]
DANGEROUS = [
    "<script",
    "onerror",
    "javascript:",
    "onload",
    "onclick",
    "<svg",
    "<iframe",
    "data:",
    "style=",
]


def assert_clean(html):
    lowered = html.lower()
    for marker in DANGEROUS:
        assert marker not in lowered, f"{marker!r} survived in {html!r}"


def test_allowlist_is_exactly_what_the_design_says():
    """Editors get paragraphs, h2–h4, bold/italic, links, lists, quotes, figures with
    the site's own images and tables — nothing more."""
    assert ALLOWED_TAGS == {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "strong",
        "em",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "figure",
        "figcaption",
        "img",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
    assert ALLOWED_ATTRIBUTES == {
        "a": {"href", "title"},
        "img": {"src", "alt", "width", "height"},
        "th": {"colspan", "rowspan"},
        "td": {"colspan", "rowspan"},
    }
    assert ALLOWED_URL_SCHEMES == {"http", "https", "mailto"}


def test_allowed_markup_survives():
    """Ordinary formatting an editor writes is kept as it is."""
    html = (
        "<h2>Підсумки</h2><p><strong>Жирний</strong> і <em>курсив</em>, "
        '<a href="https://auc.org.ua/">посилання</a>, '
        '<a href="mailto:info@auc.org.ua">пошта</a>.</p>'
        "<ul><li>один</li></ul><ol><li>два</li></ol><blockquote><p>цитата</p></blockquote>"
    )
    cleaned = sanitize_html(html)
    for fragment in [
        "<h2>Підсумки</h2>",
        "<strong>Жирний</strong>",
        "<em>курсив</em>",
        'href="https://auc.org.ua/"',
        'href="mailto:info@auc.org.ua"',
        "<ul><li>один</li></ul>",
        "<blockquote>",
    ]:
        assert fragment in cleaned


def test_h1_and_h5_are_reduced_to_text():
    """An <h1> in the body would give the page a second main heading."""
    assert sanitize_html("<h1>Заголовок</h1><h5>мало</h5>") == "Заголовокмало"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_orm_save_sanitizes(payload, make_article):
    """A plain ORM save stores no script, handler or dangerous link."""
    article = make_article(body_uk=f"<p>Текст</p>{payload}", body_en=payload)
    article.refresh_from_db()
    assert_clean(article.body_uk)
    assert_clean(article.body_en)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rendered_page_has_no_payload(payload, client, make_article):
    """A visitor's page carries none of it, even if a row was written around save()."""
    article = make_article()
    Article.objects.filter(pk=article.pk).update(body_uk=f"<p>Текст</p>{payload}")
    html = client.get(article.get_absolute_url()).content.decode()
    body = html.split('class="article__body prose">')[1].split("</div>")[0]
    assert_clean(body)
    assert "Текст" in body


def test_raw_admin_post_is_sanitized(admin_client, category):
    """A POST to the admin that bypasses the editor still stores clean HTML."""
    response = admin_client.post(
        reverse("admin:news_article_add"),
        {
            "title_uk": "Тест безпеки",
            "lead_uk": "",
            "body_uk": "<p>Добре</p>" + "".join(PAYLOADS),
            "body_en": '<a href="javascript:alert(1)">x</a>',
            "category": category.pk,
            "status": "draft",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title_uk="Тест безпеки")
    assert "<p>Добре</p>" in article.body_uk
    assert_clean(article.body_uk)
    assert_clean(article.body_en)


def test_empty_editor_paragraph_is_no_body():
    """The editor's empty "<p></p>" counts as no text at all."""
    assert sanitize_html("<p></p>") == ""
