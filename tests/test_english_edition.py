"""The English edition, English all the way down (issue 26)."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.views import defaults

from amu_site.views import server_error
from tests import public_pages as public_pages_module
from tests.news.test_english import switcher
from tests.public_pages import load_demo_site, public_pages


def test_switching_language_on_a_later_page_starts_at_the_first(client, make_article, settings):
    """EN on page 2 of the Ukrainian news leads to the English list, not to a 404."""
    for number in range(settings.NEWS_PAGE_SIZE + 1):
        make_article(title_en=f"Budget {number}" if number == 0 else "")
    html = client.get("/novyny/?page=2").content.decode()
    assert switcher(html)["en"] == "/en/news/"
    assert client.get(switcher(html)["en"]).status_code == 200
    # Other parameters (a search's words) are kept.
    html = client.get("/poshuk/?q=бюджет&page=2").content.decode()
    assert switcher(html)["en"] == "/en/search/?q=%D0%B1%D1%8E%D0%B4%D0%B6%D0%B5%D1%82"


def test_admin_title_names_the_association_in_english():
    """ "AUC", as the association is called in English everywhere else, not "AMU"."""
    with translation.override("en"):
        assert str(admin.site.site_header) == "AUC newsroom"


@pytest.mark.django_db
def test_english_pages_call_the_association_auc(client):
    """No "AMU" or «АМУ» for an English reader: the association is the AUC; and the codifier
    is the KATOTTG, not «КАТОТТГ» in Cyrillic."""
    load_demo_site()
    found = []
    for page in public_pages(languages=["en"]):
        html = client.get(page.url).content.decode()
        found += [f"{page.id}: КАТОТТГ" for _ in re.findall("КАТОТТГ", html)]
        # Text and attributes a reader meets; the Ukrainian original's own name is allowed
        # where it is marked lang="uk".
        html = re.sub(r'<[^>]+lang="uk"[^>]*>[^<]*<', "<", html)
        found += [f"{page.id}: {word}" for word in re.findall(r"\bAMU\b|\bАМУ\b", html)]
    assert found == []


@pytest.mark.parametrize(
    ("handler", "status", "english"),
    [(defaults.bad_request, 400, "Bad request"), (server_error, 500, "Server error")],
)
def test_error_pages_speak_both_languages(rf, handler, status, english):
    """A reader of /en/ who meets a 400 or a 500 can read it: both languages are there."""
    request = rf.get("/en/news/")
    response = handler(request, Exception()) if status == 400 else handler(request)
    html = response.content.decode()
    assert response.status_code == status
    assert '<html lang="uk">' in html and 'lang="en"' in html
    assert english in html and 'href="/en/"' in html


@pytest.mark.django_db
def test_english_footer_offers_what_exists_in_english(client):
    """Statute and Regional offices have English pages, so the English footer lists them."""
    load_demo_site()
    html = client.get("/en/").content.decode()
    footer = re.search(r'<nav class="site-footer__nav".*?</nav>', html, re.S).group(0)
    labels = re.findall(r">([^<>]+)</a>", footer)
    assert "Statute" in labels and "Regional offices" in labels


@pytest.mark.django_db
def test_english_addresses_are_english_and_ukrainian_ones_redirect(client):
    """Pages, categories, tags and programmes have English addresses under /en/, as
    articles do; their Ukrainian addresses under /en/ lead there with a 301."""
    load_demo_site()
    objects = {
        "page": (public_pages_module._page("en"), "pages:page", "path"),
        "category": (public_pages_module._article("en").category, "news:category", "slug"),
        "tag": (public_pages_module._tag("en"), "news:tag", "slug"),
        "programme": (public_pages_module._programme("en"), "partners:programme", "slug"),
    }
    for obj, url_name, key in objects.values():
        with translation.override("en"):
            address = obj.get_absolute_url()
            old = reverse(url_name, kwargs={key: getattr(obj, key)})
        assert address != old and not CYRILLIC_SLUG.search(address), address
        assert client.get(address).status_code == 200, address
        response = client.get(old)
        assert (response.status_code, response.get("Location")) == (301, address), old
        # And the English slug in a Ukrainian address leads to the Ukrainian one.
        ukrainian = obj.url_in("uk")
        wrong = ukrainian.replace(getattr(obj, key), address.rstrip("/").split("/")[-1])
        if key == "slug":
            assert client.get(wrong)["Location"] == ukrainian
    assert objects["page"][0].url_in("en") == "/en/about-auc/"


# Transliterated Ukrainian words the demo's Ukrainian slugs are made of.
CYRILLIC_SLUG = re.compile(r"pro-amu|podii|vidkrytist|puls\b")
