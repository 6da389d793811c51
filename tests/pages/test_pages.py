import re

import pytest
import time_machine
from django.contrib.redirects.models import Redirect
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from pages.models import Page
from pages.sitemaps import PageSitemap

from .conftest import empty_menu

pytestmark = pytest.mark.django_db


def header_links(response):
    html = response.content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r">([^<>]+)</a>", nav)


def test_page_lives_at_its_tree_path(client, make_page):
    """A subpage's address follows the tree: /pro-amu/statut/, with the parent in crumbs."""
    about = make_page("Про АМУ")
    statute = make_page("Статут", parent=about, body_uk="<p>Мета асоціації.</p>")
    assert statute.get_absolute_url() == "/pro-amu/statut/"
    response = client.get("/pro-amu/statut/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Статут</h1>" in html and "Мета асоціації." in html
    assert '<a href="/pro-amu/">Про АМУ</a>' in html  # breadcrumbs
    assert "<title>Статут · Асоціація міст України</title>" in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    # The parent lists its published subpages.
    assert '<a href="/pro-amu/statut/">Статут</a>' in client.get("/pro-amu/").content.decode()
    with translation.override("en"):
        assert statute.get_absolute_url() == "/en/pro-amu/statut/"
    # Without an English version the English address leads to the Ukrainian page (issue 7).
    assert client.get("/en/pro-amu/statut/")["Location"] == "/pro-amu/statut/?untranslated=en"
    statute.title_en, statute.body_en = "Statute", "<p>The aims of the association.</p>"
    statute.save()
    # Translated, it has an English address; the Ukrainian one under /en/ leads there.
    response = client.get("/en/pro-amu/statut/")
    assert (response.status_code, response["Location"]) == (301, "/en/pro-amu/statute/")
    assert client.get("/en/pro-amu/statute/").status_code == 200


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": "draft"},
        {"published_at": timezone.now() + timezone.timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_unpublished_page_is_404_and_absent_from_menus_and_sitemap(
    client, make_page, header, footer, add_entry, overrides
):
    """A draft or scheduled page cannot be opened, nor found in a menu or the sitemap."""
    page = make_page("Таємна сторінка", **overrides)
    add_entry(header, page=page)
    add_entry(footer, page=page)
    assert client.get(page.get_absolute_url()).status_code == 404
    html = client.get("/").content.decode()
    assert "Таємна сторінка" not in html
    assert page not in PageSitemap().items()


def test_sitemap_lists_published_pages_with_english_only_when_translated(make_page):
    """The sitemap has every published page; /en/ only for pages with an English version."""
    about = make_page("Про АМУ", title_en="About AUC", body_en="<p>About the association.</p>")
    contacts = make_page("Контакти")
    sitemap = PageSitemap()
    assert list(sitemap.items()) == [contacts, about]
    assert sitemap.get_languages_for_item(about) == ["uk", "en"]
    assert sitemap.get_languages_for_item(contacts) == ["uk"]


def test_moving_a_page_redirects_its_old_address(client, make_page):
    """A moved page (and its subpages) answer at the old address with a 301 to the new one."""
    about = make_page("Про АМУ")
    documents = make_page("Документи АМУ", slug="dokumenty-amu")
    statute = make_page("Статут", parent=about)
    annex = make_page("Додаток", parent=statute)

    statute.parent = documents
    statute.save()
    annex.refresh_from_db()
    assert annex.get_absolute_url() == "/dokumenty-amu/statut/dodatok/"

    for old, new in [
        ("/pro-amu/statut/", "/dokumenty-amu/statut/"),
        ("/pro-amu/statut/dodatok/", "/dokumenty-amu/statut/dodatok/"),
        ("/en/pro-amu/statut/", "/en/dokumenty-amu/statut/"),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new
    assert client.get("/dokumenty-amu/statut/dodatok/").status_code == 200

    # A second move (a slug change) redirects the first address straight to the newest.
    statute.slug = "statut-amu"
    statute.save()
    assert client.get("/pro-amu/statut/")["Location"] == "/dokumenty-amu/statut-amu/"
    # Moving back frees the old address: the page answers there again, no redirect loop.
    statute.parent, statute.slug = about, "statut"
    statute.save()
    assert client.get("/pro-amu/statut/").status_code == 200
    assert client.get("/dokumenty-amu/statut-amu/")["Location"] == "/pro-amu/statut/"
    assert not Redirect.objects.filter(old_path="/pro-amu/statut/").exists()


def test_editor_added_redirect_for_an_old_site_address(client, make_page):
    """An address from the old site, entered in the admin, leads to its new place."""
    make_page("Контакти")
    Redirect.objects.create(site_id=1, old_path="/contacts.html", new_path="/kontakty/")
    response = client.get("/contacts.html")
    assert response.status_code == 301 and response["Location"] == "/kontakty/"
    assert client.get("/nothing-here.html").status_code == 404


def test_slug_of_a_page_is_made_from_the_ukrainian_title(make_page):
    """Page addresses use the official transliteration and stay unique per parent."""
    about = make_page("Про АМУ")
    first = make_page("Регіональні відділення", parent=about)
    second = make_page("Регіональні відділення", parent=about)
    top = make_page("Регіональні відділення")
    assert first.slug == "rehionalni-viddilennia"
    assert second.slug == "rehionalni-viddilennia-2"
    assert top.path == "rehionalni-viddilennia"


@pytest.mark.parametrize("slug", ["novyny", "admin", "en", "dokumenty", "static"])
def test_page_cannot_take_the_address_of_another_section(make_page, slug):
    """An editor cannot hide the news, documents or admin behind a page of the same name."""
    page = Page(title_uk="Сторінка", slug=slug)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "належить іншому розділу сайту" in str(error.value)


def test_page_cannot_nest_in_itself_or_too_deep(make_page):
    """The tree stays a shallow tree: no cycles, at most three levels."""
    top = make_page("Розділ")
    middle = make_page("Сторінка", parent=top)
    bottom = make_page("Підсторінка", parent=middle)
    top.parent = bottom
    with pytest.raises(ValidationError, match="не можна вкласти"):
        top.full_clean()
    top.parent = None
    fourth = Page(title_uk="Четвертий рівень", slug="chetvertyi", parent=bottom)
    with pytest.raises(ValidationError, match="не глибше"):
        fourth.full_clean()
    twin = Page(title_uk="Сторінка", slug="storinka", parent=top)
    with pytest.raises(ValidationError, match="уже має інша сторінка"):
        twin.full_clean()


def test_menus_follow_the_admin_order(admin_client, client, make_page, header):
    """Entries appear in the header in the order the editor numbered them in the admin."""
    contacts = make_page("Контакти")
    about = make_page("Про АМУ")
    url = reverse("admin:pages_menu_change", args=[header.pk])
    form = {
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "location": "header",
        "language": "uk",
        "items-0-position": "30",
        "items-0-page": str(contacts.pk),
        "items-1-position": "10",
        "items-1-section": "news",
        "items-2-position": "20",
        "items-2-page": str(about.pk),
        "items-2-label": "Асоціація",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert header_links(client.get("/")) == ["Новини", "Асоціація", "Контакти"]

    items = list(header.items.order_by("position"))
    form.update(
        {
            "items-TOTAL_FORMS": "3",
            "items-INITIAL_FORMS": "3",
        }
    )
    for index, (item, position) in enumerate(zip(items, ["30", "20", "10"], strict=True)):
        form[f"items-{index}-id"] = str(item.pk)
        form[f"items-{index}-menu"] = str(header.pk)
        form[f"items-{index}-position"] = position
        form[f"items-{index}-page"] = str(item.page_id or "")
        form[f"items-{index}-section"] = item.section
        form[f"items-{index}-label"] = item.label
    assert admin_client.post(url, form).status_code == 302
    assert header_links(client.get("/")) == ["Контакти", "Асоціація", "Новини"]


def test_menu_entry_needs_exactly_one_target(admin_client, make_page, header):
    """An entry with both a page and an address is refused with a clear message."""
    page = make_page()
    response = admin_client.post(
        reverse("admin:pages_menu_change", args=[header.pk]),
        {
            "location": "header",
            "language": "uk",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-position": "1",
            "items-0-page": str(page.pk),
            "items-0-url": "https://example.org/",
        },
    )
    assert response.status_code == 200
    assert "Оберіть щось одне: сторінку, розділ або зовнішню адресу." in response.content.decode()


def test_menu_sections_external_links_and_unknown_sections(client, header, add_entry):
    """Sections link to their lists; a section whose app is missing is silently left out."""
    add_entry(header, 1, section="news")
    add_entry(header, 2, section="documents")
    add_entry(header, 3, section="initiatives")  # no such URL until the partners app has it
    add_entry(header, 4, url="https://ogp.org.ua/", label="OGP")
    response = client.get("/novyny/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/novyny/" aria-current="page">Новини</a>' in html
    assert '<a href="/dokumenty/">Документи</a>' in html
    assert '<a href="https://ogp.org.ua/" rel="noopener">OGP</a>' in html
    expected = ["Новини", "Документи", "OGP"]
    try:
        reverse("partners:initiative_list")
    except NoReverseMatch:  # the partners app does not define it (yet)
        pass
    else:
        expected.insert(2, "Ініціативи")
    assert header_links(response) == expected


def test_the_directory_section_is_named_as_its_page(client, add_entry):
    """The menu names the directory as the directory names itself: «Громади», "Hromadas"
    (English pages say hromada, not municipality), and its English search hint gives an
    English name."""
    add_entry(empty_menu("header", "uk"), section="directory")
    add_entry(empty_menu("header", "en"), section="directory")
    assert header_links(client.get("/hromady/")) == ["Громади"]
    english = client.get("/en/hromadas/")
    assert header_links(english) == ["Hromadas"]
    html = english.content.decode()
    assert "<h1>Hromadas of Ukraine</h1>" in html
    assert 'placeholder="e.g. Ternopil"' in html


def test_menus_are_per_language(client, make_page, add_entry):
    """The English site shows the English menu, with English page titles."""
    about = make_page("Про АМУ", title_en="About AUC", body_en="<p>About the association.</p>")
    uk_menu, en_menu = empty_menu("header", "uk"), empty_menu("header", "en")
    add_entry(uk_menu, page=about)
    add_entry(en_menu, page=about)
    add_entry(en_menu, 2, section="news")
    assert header_links(client.get("/")) == ["Про АМУ"]
    assert header_links(client.get("/en/")) == ["About AUC", "News"]
    assert '<a href="/en/about-auc/" aria-current="page">About AUC</a>' in (
        client.get("/en/about-auc/").content.decode()
    )


def test_menu_change_shows_at_once_and_scheduled_page_appears_on_time(
    client, make_page, header, add_entry
):
    """Renaming a page updates the cached menu; a scheduled page appears when its time comes."""
    page = make_page("Про АМУ")
    add_entry(header, page=page)
    assert header_links(client.get("/")) == ["Про АМУ"]
    page.title_uk = "Про асоціацію"
    page.save()
    assert header_links(client.get("/")) == ["Про асоціацію"]

    later = make_page("Звіт", published_at=timezone.now() + timezone.timedelta(hours=1))
    add_entry(header, 2, page=later)
    assert header_links(client.get("/")) == ["Про асоціацію"]
    # Two hours pass; nobody touches the cache, the menu still follows the clock.
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=2), tick=False):
        assert header_links(client.get("/")) == ["Про асоціацію", "Звіт"]


def test_header_and_footer_query_budget(
    client, make_page, header, footer, add_entry, django_assert_max_num_queries
):
    """Header and footer cost the same few queries with 2 or 40 entries, and none when cached."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    about = make_page("Про АМУ")
    add_entry(header, page=about)
    add_entry(footer, section="news")
    few = count("/pro-amu/")
    for number in range(20):
        page = make_page(f"Сторінка {number}", parent=about)
        add_entry(header, number, page=page)
        add_entry(footer, number, section="documents")
    assert count("/pro-amu/") == few

    cache.clear()
    client.get("/pro-amu/")  # warms the cache
    with django_assert_max_num_queries(4):  # page, ancestors, subpages, documents
        html = client.get("/pro-amu/").content.decode()
    assert html.count('href="/pro-amu/storinka-') >= 40  # 20 in the menu, 20 as subpages


def test_footer_and_contacts_use_site_settings(client, make_page):
    """The address and phones typed in the site settings show in the footer and on Contacts."""
    from pages.models import SiteSettings
    from partners.models import Organization, Programme

    usaid = Organization.objects.create(name_uk="USAID", kind="donor")
    programme = Programme.objects.create(
        name_uk="Політика для українського місцевого самоврядування", acronym="ПУЛЬС", donor=usaid
    )
    SiteSettings.objects.update_or_create(
        pk=1,
        defaults={
            "name_uk": "Асоціація міст України",
            "address_uk": "вул. Січових Стрільців, 73",
            "phones": "+380 44 486 28 78\n",
            "emails": "info@auc.org.ua",
            "facebook_url": "https://www.facebook.com/example",
            "default_programme": programme,
        },
    )
    make_page("Контакти", show_contacts=True)
    html = client.get("/kontakty/").content.decode()
    card = re.search(r'<section class="contact-card".*?</section>', html, re.S).group(0)
    assert "вул.\xa0Січових Стрільців, 73" in card
    assert '<a href="tel:+380444862878">+380 44 486 28 78</a>' in card
    assert '<a href="mailto:info@auc.org.ua">info@auc.org.ua</a>' in card
    footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)
    assert "вул.\xa0Січових Стрільців, 73" in footer
    assert "Сторінку розроблено в\xa0межах проєкту" in footer and "(ПУЛЬС)" in footer
    assert 'href="https://www.facebook.com/example"' in footer


def test_site_settings_give_the_organization_for_json_ld(db):
    """Search engines get the association's name, contacts and profiles from one record."""
    from pages.models import SiteSettings

    settings_record = SiteSettings(
        name="Асоціація міст України",
        short_name="АМУ",
        address="вул. Січових Стрільців, 73\n04053, м. Київ",
        phones="+380 44 486 28 78",
        emails="info@auc.org.ua",
        telegram_url="https://t.me/example",
    )
    assert settings_record.organization("https://auc.example") == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Асоціація міст України",
        "alternateName": "АМУ",
        "url": "https://auc.example/",
        "address": "вул. Січових Стрільців, 73 04053, м. Київ",
        "telephone": "+380 44 486 28 78",
        "email": "info@auc.org.ua",
        "sameAs": ["https://t.me/example"],
    }
