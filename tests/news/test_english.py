"""The English edition (issue 7): one translated and one untranslated article, and the
rules for lists, the untranslated address, slugs, the switcher and hreflang."""

import json
import re
from datetime import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation

from editorial.typography import typograph
from news.models import Article, Category, Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def tag(db):
    return Tag.objects.create(name_uk="громади", name_en="municipalities")


@pytest.fixture
def translated(make_article, tag):
    return make_article(
        title_en="Municipalities discussed the new budget",
        lead_en="A short introduction.",
        body_en="<p>The text of the news.</p>",
        tags=[tag],
    )


@pytest.fixture
def untranslated(make_article, tag):
    return make_article(title_uk="Лише українською: громади й бюджет", tags=[tag])


def titles(response):
    return response.content.decode()


def switcher(html):
    """The language switcher's links: {code: href}."""
    nav = re.search(r'<nav class="lang-switch".*?</nav>', html, re.S).group(0)
    return {code: href for href, code in re.findall(r'<a href="([^"]*)" lang="(\w+)"', nav)}


def hreflang(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html))


@pytest.mark.parametrize(
    "url", ["/en/", "/en/news/", "/en/news/category/{category}/", "/en/news/tag/{tag}/"]
)
def test_english_lists_show_only_translated_articles(
    client, translated, untranslated, category, tag, url
):
    """An English reader's lists never offer an article that has no English version."""
    english = "/en/" in url
    slugs = {"category": category.slug_en if english else category.slug}
    slugs["tag"] = tag.slug_en if english else tag.slug
    html = client.get(url.format(**slugs)).content.decode()
    assert "Municipalities discussed the new budget" in html
    assert untranslated.title_uk not in html
    assert translated.title_uk not in html


@pytest.mark.parametrize("url", ["/", "/novyny/", "/novyny/tema/{tag}/"])
def test_ukrainian_lists_show_every_article(client, translated, untranslated, tag, url):
    """Ukrainian readers see all articles, translated or not."""
    html = client.get(url.format(tag=tag.slug)).content.decode()
    assert typograph(translated.title_uk) in html
    assert typograph(untranslated.title_uk) in html


def test_untranslated_article_in_english_leads_to_ukrainian_with_a_note(client, untranslated):
    """/en/… of an untranslated article is the Ukrainian article with an English note,
    never an English page of Ukrainian text."""
    response = client.get(f"/en/news/{untranslated.slug}/")
    assert response.status_code == 302
    assert response["Location"] == f"/novyny/{untranslated.slug}/?untranslated=en"
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="uk">' in html
    assert "This page has no English version yet, so here it is in Ukrainian." in html
    assert 'lang="en">This page' in html


def test_note_is_not_shown_without_the_redirect(client, untranslated):
    """The Ukrainian page reached directly carries no English note."""
    html = client.get(f"/novyny/{untranslated.slug}/").content.decode()
    assert "no English version" not in html
    html = client.get(f"/novyny/{untranslated.slug}/?untranslated=xx").content.decode()
    assert "no English version" not in html


def test_translated_article_has_an_english_slug_and_both_resolve(client, translated):
    """The English version lives at an English address; the other language's slug leads
    to it, and the Ukrainian page keeps its own address."""
    assert translated.slug_en == "municipalities-discussed-the-new-budget"
    english = f"/en/news/{translated.slug_en}/"
    response = client.get(english)
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert client.get(f"/en/news/{translated.slug}/")["Location"] == english
    ukrainian = f"/novyny/{translated.slug}/"
    assert client.get(f"/novyny/{translated.slug_en}/")["Location"] == ukrainian
    assert client.get(ukrainian).status_code == 200


def test_english_slug_is_made_once_and_kept(translated):
    """Correcting the English title later does not break shared English links."""
    translated.title_en = "Municipalities debated the new budget"
    translated.save()
    translated.refresh_from_db()
    assert translated.slug_en == "municipalities-discussed-the-new-budget"


def test_untranslated_article_has_no_english_slug(untranslated):
    """Articles without English keep NULL, so any number of them fit the unique column."""
    assert untranslated.slug_en is None


def test_switcher_leads_to_the_same_article(client, translated):
    """From a Ukrainian article the EN link opens the same article in English, and back."""
    ukrainian = f"/novyny/{translated.slug}/"
    english = f"/en/news/{translated.slug_en}/"
    assert switcher(client.get(ukrainian).content.decode()) == {"en": english}
    assert switcher(client.get(english).content.decode()) == {"uk": ukrainian}


def test_switcher_offers_no_english_for_an_untranslated_article(client, untranslated):
    """The switcher does not send a reader to an English page that does not exist."""
    html = client.get(f"/novyny/{untranslated.slug}/").content.decode()
    assert switcher(html) == {}
    assert 'class="lang-switch__missing"' in html


def test_hreflang_alternates_only_for_versions_that_exist(client, translated, untranslated):
    """Search engines learn of the English address only where there is one."""
    html = client.get(f"/novyny/{translated.slug}/").content.decode()
    assert hreflang(html) == {
        "uk": f"http://testserver/novyny/{translated.slug}/",
        "x-default": f"http://testserver/novyny/{translated.slug}/",
        "en": f"http://testserver/en/news/{translated.slug_en}/",
    }
    html = client.get(f"/novyny/{untranslated.slug}/").content.decode()
    assert hreflang(html) == {
        "uk": f"http://testserver/novyny/{untranslated.slug}/",
        "x-default": f"http://testserver/novyny/{untranslated.slug}/",
    }


def test_list_pages_switch_to_the_same_list(client, translated):
    """On the news list the switcher leads to the news list, not to the home page."""
    assert switcher(client.get("/novyny/?page=1").content.decode()) == {"en": "/en/news/"}


def test_language_links_are_worked_out_once_a_page(client, translated, monkeypatch):
    """The head's hreflang links and the header's switcher share one computation, though
    the header is an included template (a page's cost, issue 13)."""
    from editorial.templatetags import site_tags

    calls = []
    original = site_tags.translate_url
    monkeypatch.setattr(
        site_tags, "translate_url", lambda *args: calls.append(args) or original(*args)
    )
    html = client.get("/novyny/?page=1").content.decode()
    assert len(calls) == 2  # one address a language
    assert switcher(html) == {"en": "/en/news/"}
    assert hreflang(html)["en"] == "http://testserver/en/news/"


def test_category_without_english_name_leads_to_ukrainian(client, translated):
    """A category that has no English name has no English page either."""
    plain = Category.objects.create(name_uk="Без перекладу")
    response = client.get(f"/en/news/category/{plain.slug}/")
    assert response["Location"] == f"/novyny/rubryka/{plain.slug}/?untranslated=en"


def test_english_page_shows_only_tags_with_english_names(client, translated):
    """Tags without an English name are left out of an English article."""
    translated.tags.add(Tag.objects.create(name_uk="лише українська тема"))
    html = client.get(f"/en/news/{translated.slug_en}/").content.decode()
    assert "#municipalities" in html
    assert "лише українська тема" not in html


def test_english_fields_never_fall_back_to_ukrainian(untranslated):
    """Code that forgets the rule shows an empty English title, not Ukrainian text."""
    with translation.override("en"):
        assert untranslated.title == ""
        assert untranslated.category.name == "Events"


def test_partial_translation_is_not_an_english_version(make_article, client):
    """An English title without the English text is work in progress, not published."""
    article = make_article(title_en="Only the title is English")
    assert not article.has_language("en")
    assert not Article.objects.published().in_language("en").filter(pk=article.pk).exists()
    assert client.get(f"/en/news/{article.slug_en}/").status_code == 302


@pytest.mark.parametrize(
    ("language", "date", "number"),
    [("uk", "20\xa0червня\xa02022", "1\xa0469"), ("en", "20\xa0June\xa02022", "1,469")],
)
def test_dates_and_numbers_follow_the_language(language, date, number):
    """Dates and numbers read as each language writes them."""
    template = Template("{% load humanize %}{{ day|date }}|{{ count|intcomma }}")
    with translation.override(language):
        text = template.render(Context({"day": datetime(2022, 6, 20, 12), "count": 1469}))
    assert text == f"{date}|{number}"


def test_demo_english_articles_are_complete(client):
    """The demo's English articles appear in English, with English categories and tags."""
    call_command("load_demo_content", "--no-admin")
    demo = json.loads((settings.BASE_DIR / "news/demo/articles.json").read_text())
    translated = [a for a in demo if a.get("title_en") and a["status"] == "published"]
    english = Article.objects.published().in_language("en")
    assert english.count() == len(translated) > 0
    for article in english:
        assert article.category.has_language("en"), article.category
        assert all(tag.has_language("en") for tag in article.tags.all())
    html = client.get("/en/").content.decode()
    assert "AUC Executive Director meets OGP Local Deputy Director in Brussels" in html


def test_admin_marks_missing_english_and_requires_only_ukrainian(admin_client, category):
    """Editors see which language tab lacks text; an article saves without any English."""
    html = admin_client.get("/admin/news/article/add/").content.decode()
    assert "js/admin-translation-status.js" in html
    assert 'data-missing="не перекладено"' in html
    assert 'name="slug_en"' in html
    response = admin_client.post(
        "/admin/news/article/add/",
        {
            "title_uk": "Лише українською",
            "category": category.pk,
            "status": "draft",
            "base_version": "",
            "import_record-TOTAL_FORMS": "0",
            "import_record-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(title_uk="Лише українською")
    assert not article.title_en and article.slug_en is None
    missing = admin_client.get("/admin/news/article/?english=missing").content.decode()
    assert "Лише українською" in missing
