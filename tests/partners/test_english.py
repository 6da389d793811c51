"""The English edition of the partner pages (issue 7): initiatives, programmes and hromadas
follow the articles' language rule (editorial/languages.py), with one translated and one
untranslated item each."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from editorial.typography import typograph
from news.models import Article, Tag
from pages.models import Page
from partners.models import Initiative, Municipality, Organization, Programme
from tests.news.test_english import hreflang, switcher

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile(r"[А-Яа-яІіЇїЄєҐґ]")


def url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def uk_url(obj):
    """obj's Ukrainian address (a request to /en/… leaves English active in the thread)."""
    with translation.override("uk"):
        return obj.get_absolute_url()


def page(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


@pytest.fixture
def translated(initiative):
    """OGP Local, with its English name and description."""
    initiative.description_en = "<p>Local action plans for openness.</p>"
    initiative.save()
    return initiative


@pytest.fixture
def untranslated(db):
    return Initiative.objects.create(
        name_uk="Мережа громад, дружніх до дітей",
        acronym="ДДГ",
        description_uk="<p>Лише українською.</p>",
    )


@pytest.fixture
def programmes(programme):
    """ПУЛЬС in English as PULSE, and a programme that has only its Ukrainian name."""
    programme.name_en = "Policy for Ukraine Local Self-Governance"
    programme.acronym_en = "PULSE"
    programme.description_uk = "<p>Проєкт підтримував децентралізацію.</p>"
    programme.description_en = "<p>The project supported decentralisation.</p>"
    programme.save()
    ukrainian_only = Programme.objects.create(
        name_uk="Децентралізація приносить кращі результати та ефективність",
        acronym_uk="ДОБРЕ",
        donor=programme.donor,
    )
    return programme, ukrainian_only


def without_original_names(html):
    """The HTML without elements marked lang="uk" (names shown in the original, the
    switcher's «Українська»): what is left on an English page must be English."""
    return re.sub(r'<(\w+)[^>]*\blang="uk"[^>]*>.*?</\1>', "", html, flags=re.S)


def chrome(html):
    """The parts every page shares: title, header, breadcrumbs, footer."""
    parts = re.findall(
        r"<title>.*?</title>|<header class=\"site-header\".*?</header>"
        r"|<nav class=\"breadcrumbs.*?</nav>|<footer class=\"site-footer\".*?</footer>",
        html,
        re.S,
    )
    assert len(parts) >= 3, parts  # the home page has no breadcrumbs
    return "\n".join(parts)


# --- Lists ------------------------------------------------------------------------


def test_english_initiative_list_shows_only_translated(client, translated, untranslated):
    """English readers are offered only initiatives that have an English page."""
    html = page(client, "/en/initiatives/")
    assert "Open Government Partnership Local" in html
    assert untranslated.name_uk not in html and "ДДГ" not in html
    html = page(client, "/initsiatyvy/")
    assert typograph(translated.name_uk) in html and typograph(untranslated.name_uk) in html


def test_english_programme_list_shows_only_translated(client, programmes):
    """The English programme list has PULSE, not the programme without English."""
    pulse, ukrainian_only = programmes
    html = page(client, "/en/programmes/")
    assert "Policy for Ukraine Local Self-Governance" in html and "PULSE" in html
    assert "ДОБРЕ" not in html and "ПУЛЬС" not in html
    html = page(client, "/prohramy/")
    assert "ПУЛЬС" in html and "ДОБРЕ" in html


def test_english_directory_offers_only_translated_initiatives(
    client, translated, untranslated, make_municipality, join
):
    """The directory's initiative filter and badges name no initiative without English."""
    hromada = make_municipality("Тернопільська", name_en="Ternopilska")
    join(translated, hromada)
    join(untranslated, hromada)
    html = page(client, "/en/hromadas/")
    assert f'<option value="{translated.slug}">OGP Local (1)</option>' in html
    assert f'value="{untranslated.slug}"' not in html
    assert "ДДГ" not in html
    html = page(client, "/hromady/")
    assert f'value="{untranslated.slug}"' in html and ">ДДГ</a>" in html


@pytest.mark.parametrize(
    ("address", "intro", "abbreviation"),
    [
        ("/en/hromadas/", "codifier of administrative-territorial units", "KATOTTG"),
        ("/hromady/", "Кодифікатором адміністративно-територіальних одиниць", "КАТОТТГ"),
    ],
)
def test_directory_names_the_codifier_in_the_readers_language(
    client, address, intro, abbreviation
):
    """The codifier's abbreviation in the page's own language and script: «KATOTTG» in
    English, not «КАТОТТГ» in Cyrillic (issue 26)."""
    html = page(client, address)
    assert re.search(intro + rf"[^<]*\(<abbr>{abbreviation}</abbr>\)\. ", html), html


def test_english_hromada_page_names_only_translated_initiatives(
    client, translated, untranslated, make_municipality, join
):
    """A hromada's English page lists the initiatives that have English pages."""
    hromada = make_municipality("Тернопільська", name_en="Ternopilska")
    join(translated, hromada)
    join(untranslated, hromada)
    html = page(client, url("partners:municipality", "en", slug=hromada.slug))
    assert "Open Government Partnership Local" in html
    assert untranslated.name_uk not in html
    html = page(client, uk_url(hromada))
    assert untranslated.name_uk in html


def test_english_partner_pages_list_only_english_news(
    client, translated, make_article, make_municipality
):
    """News on an English initiative or hromada page are English articles only."""
    hromada = make_municipality("Тернопільська")
    english = make_article(
        title_en="Ternopil adopted an open data plan",
        lead_en="A lead.",
        body_en="<p>Text.</p>",
    )
    ukrainian = make_article(title_uk="Тернопіль ухвалив план відкритих даних")
    for article in (english, ukrainian):
        article.initiatives.add(translated)
        article.municipalities.add(hromada)
    for address in (
        url("partners:initiative", "en", slug=translated.slug),
        url("partners:municipality", "en", slug=hromada.slug),
    ):
        html = page(client, address)
        assert "Ternopil adopted an open data plan" in html
        assert ukrainian.title_uk not in html
    assert ukrainian.title_uk in page(client, uk_url(translated))


def test_english_article_links_only_translated_initiatives(
    client, translated, untranslated, make_article
):
    """An English article does not name an initiative by its Ukrainian name."""
    article = make_article(title_en="Open government", lead_en="A lead.", body_en="<p>T.</p>")
    article.initiatives.add(translated, untranslated)
    html = page(client, url("news:article", "en", slug=article.slug_en))
    assert "Open Government Partnership Local" in html
    assert untranslated.name_uk not in html


# --- Untranslated addresses --------------------------------------------------------


@pytest.mark.parametrize("kind", ["initiative", "programme"])
def test_untranslated_english_address_leads_to_ukrainian_with_a_note(
    client, untranslated, programmes, kind
):
    """/en/… of an initiative or programme without English is the Ukrainian page with the
    articles' English note, never an English page of Ukrainian text."""
    obj = untranslated if kind == "initiative" else programmes[1]
    response = client.get(url(f"partners:{kind}", "en", slug=obj.slug))
    assert response.status_code == 302
    assert response["Location"] == f"{uk_url(obj)}?untranslated=en"
    html = page(client, response["Location"])
    assert '<html lang="uk">' in html
    assert 'lang="en">This page has no English version yet, so here it is in Ukrainian.' in html


@pytest.mark.parametrize("kind", ["initiative", "programme"])
def test_translated_english_address_is_english(client, translated, programmes, kind):
    """A translated initiative or programme has its English page at /en/…."""
    obj = translated if kind == "initiative" else programmes[0]
    with translation.override("en"):
        html = page(client, obj.get_absolute_url())
    assert '<html lang="en">' in html
    with translation.override("en"):
        assert f"<h1>{obj.name}</h1>" in html


# --- Switcher and hreflang ---------------------------------------------------------


def test_switcher_and_hreflang_on_a_translated_initiative(client, translated):
    """The switcher and hreflang lead to the same initiative in the other language."""
    ukrainian = uk_url(translated)
    english = url("partners:initiative", "en", slug=translated.slug)
    assert english == f"/en/initiatives/{translated.slug}/"
    html = page(client, ukrainian)
    assert switcher(html) == {"en": english}
    assert hreflang(html) == {
        "uk": f"http://testserver{ukrainian}",
        "x-default": f"http://testserver{ukrainian}",
        "en": f"http://testserver{english}",
    }
    assert switcher(page(client, english)) == {"uk": ukrainian}


@pytest.mark.parametrize("kind", ["initiative", "programme"])
def test_switcher_and_hreflang_leave_out_a_missing_english(client, untranslated, programmes, kind):
    """No switch and no alternate to an English page that does not exist."""
    obj = untranslated if kind == "initiative" else programmes[1]
    html = page(client, uk_url(obj))
    assert switcher(html) == {}
    assert 'class="lang-switch__missing"' in html
    assert hreflang(html) == {
        "uk": f"http://testserver{uk_url(obj)}",
        "x-default": f"http://testserver{uk_url(obj)}",
    }


def test_switcher_on_a_translated_programme(client, programmes):
    """PULSE switches between its Ukrainian and English pages."""
    pulse = programmes[0]
    english = url("partners:programme", "en", slug=pulse.slug_en)
    assert switcher(page(client, uk_url(pulse))) == {"en": english}
    assert switcher(page(client, english)) == {"uk": uk_url(pulse)}


def test_switcher_on_a_hromada_page(client, make_municipality):
    """A hromada exists in both languages: its pages switch to each other."""
    hromada = make_municipality("Тернопільська", name_en="Ternopilska")
    english = url("partners:municipality", "en", slug=hromada.slug)
    html = page(client, uk_url(hromada))
    assert switcher(html) == {"en": english}
    assert hreflang(html)["en"] == f"http://testserver{english}"


# --- Hromadas: proper nouns, always in English -------------------------------------


def test_hromada_made_by_hand_gets_the_official_transliteration(make_municipality):
    """A hromada added in the admin without English names still has an English version."""
    hromada = make_municipality("Підгаєцька", centre_uk="Підгайці")
    assert (hromada.name_en, hromada.centre_en) == ("Pidhaietska", "Pidhaitsi")
    assert hromada.has_language("en")
    assert " pidhaietska " in hromada.search_text


def test_editors_english_name_is_kept(make_municipality):
    """An English name an editor wrote is not replaced by the transliteration."""
    hromada = make_municipality("Київська", name_en="Kyiv", centre_uk="Київ", centre_en="Kyiv")
    assert hromada.name_en == "Kyiv"


def test_hromada_without_english_name_is_not_passed_off_as_english(client, make_municipality):
    """A row written around save() with no English name stays out of the English directory
    and its English address leads to the Ukrainian page, not to Ukrainian text as English."""
    named = make_municipality("Тернопільська", name_en="Ternopilska")
    blank = make_municipality("Збаразька")
    Municipality.objects.filter(pk=blank.pk).update(name_en="")
    html = page(client, "/en/hromadas/")
    assert "Ternopilska urban hromada" in html
    assert "Збаразька" not in html
    assert "1 hromada" in html
    response = client.get(url("partners:municipality", "en", slug=blank.slug))
    assert response["Location"] == f"{uk_url(blank)}?untranslated=en"
    assert named.has_language("en")


def test_partner_without_english_name_is_marked_as_ukrainian(client, translated):
    """A partner organization shown by its Ukrainian name says so to screen readers."""
    translated.partners.add(Organization.objects.create(name_uk="Фонд «Відкрите місто»"))
    html = page(client, url("partners:initiative", "en", slug=translated.slug))
    assert '<span lang="uk">Фонд «Відкрите місто»</span>' in html
    assert 'rel="noopener">Open Government Partnership</a>' in html


def test_programme_attribution_names_an_untranslated_programme_as_ukrainian(
    client, programmes, make_article
):
    """An English article keeps its donor attribution; a programme without English is
    named in Ukrainian inside the English sentence, marked lang="uk"."""
    article = make_article(
        title_en="Hromadas' own revenue", lead_en="A lead.", body_en="<p>T.</p>"
    )
    article.programme = programmes[1]
    article.save()
    html = page(client, url("news:article", "en", slug=article.slug_en))
    assert (
        'This page was developed within the project “<span lang="uk">Децентралізація '
        "приносить кращі результати та ефективність</span>” "
        '(<span lang="uk">ДОБРЕ</span>)' in html
    )


# --- Dates, numbers, plurals -------------------------------------------------------


def test_programme_dates_follow_the_language(client, programmes):
    """ "14 грудня 2015" in Ukrainian, "14 December 2015" in English."""
    pulse = programmes[0]
    assert "14\xa0грудня\xa02015" in page(client, uk_url(pulse))
    html = page(client, url("partners:programme", "en", slug=pulse.slug_en))
    assert "14\xa0December\xa02015" in html and "13\xa0December\xa02020" in html


def test_member_counts_use_each_languages_plurals(client, translated, make_municipality, join):
    """Ukrainian has three plural forms, English two."""
    for name in ("Тернопільська", "Збаразька"):
        join(translated, make_municipality(name))
    assert "2\xa0громади-учасниці" in page(client, "/initsiatyvy/")
    assert "2 member hromadas" in page(client, "/en/initiatives/")


def test_directory_count_and_population_follow_the_language(client, directory):
    """ "1 469 громад" and "1,469 hromadas"; populations are grouped the same way."""
    ukrainian, english = page(client, "/hromady/"), page(client, "/en/hromadas/")
    assert "1\xa0469\xa0територіальних громад" in ukrainian and "1\xa0471\xa0громада" in ukrainian
    assert "1,469 territorial hromadas" in english and "1,471 hromadas" in english
    hromada = Municipality.objects.get(code="UA61040490000035010")
    hromada.population = 225879
    hromada.save()
    assert "225\xa0879" in page(client, uk_url(hromada))
    assert "225,879" in page(client, url("partners:municipality", "en", slug=hromada.slug))


# --- Every public page type in both languages --------------------------------------


@pytest.fixture
def site(translated, programmes, make_article, make_municipality, join):
    """One translated object of every kind a public page is about."""
    hromada = make_municipality("Тернопільська", name_en="Ternopilska", population=225879)
    join(translated, hromada)
    tag = Tag.objects.create(name_uk="відкритість", name_en="openness")
    article = make_article(
        title_en="Open government in Ternopil",
        lead_en="A lead.",
        body_en="<p>The text.</p>",
        tags=[tag],
    )
    article.initiatives.add(translated)
    article.municipalities.add(hromada)
    article.programme = programmes[0]
    article.save()
    about = Page.objects.create(
        title_uk="Про асоціацію",
        title_en="About the association",
        body_uk="<p>Текст.</p>",
        body_en="<p>The text.</p>",
        status=Page.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    return {
        "news:home": {},
        "news:list": {},
        "news:article": {"slug": article.slug},
        "news:category": {"slug": article.category.slug},
        "news:tag": {"slug": tag.slug},
        "partners:initiative_list": {},
        "partners:initiative": {"slug": translated.slug},
        "partners:programme_list": {},
        "partners:programme": {"slug": programmes[0].slug},
        "partners:municipality_list": {},
        "partners:municipality": {"slug": hromada.slug},
        "pages:documents": {},
        "pages:page": {"path": about.path},
        "news:search": {},
    }


PAGE_TYPES = [
    "news:home",
    "news:list",
    "news:article",
    "news:category",
    "news:tag",
    "partners:initiative_list",
    "partners:initiative",
    "partners:programme_list",
    "partners:programme",
    "partners:municipality_list",
    "partners:municipality",
    "pages:documents",
    "pages:page",
    "news:search",
]


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_every_public_page_type_renders_in_both_languages(client, site, name):
    """Each kind of public page answers in Ukrainian and in English, marked with its
    language, and the English one's title, header, breadcrumbs and footer are English."""
    kwargs = site[name]
    html = page(client, url(name, "uk", **kwargs))
    assert '<html lang="uk">' in html
    address = url(name, "en", **kwargs)
    if name in {"news:article", "news:category", "news:tag", "partners:programme", "pages:page"}:
        address = client.get(address)["Location"]  # the English slug's address
    html = page(client, address)
    assert '<html lang="en">' in html
    assert html.count("<h1") == 1
    english_chrome = without_original_names(chrome(html))
    assert not CYRILLIC.search(english_chrome), CYRILLIC.findall(english_chrome)
    assert "lang-switch" in html


def test_english_footer_names_the_default_programme_in_english(client, programmes, site):
    """The site-wide project footer is English on English pages when the programme is."""
    from pages.models import SiteSettings

    settings_row = SiteSettings.objects.get_or_create(pk=1)[0]
    settings_row.default_programme = programmes[0]
    settings_row.save()
    html = page(client, "/en/initiatives/")
    assert "developed within the project “Policy for Ukraine Local Self-Governance” (PULSE)" in (
        html
    )
    assert not CYRILLIC.search(without_original_names(chrome(html)))


def test_query_filters_match_the_rule(translated, untranslated, programmes):
    """in_language() and has_language() agree for partners, as for articles."""
    with translation.override("en"):
        assert list(Initiative.objects.in_language()) == [translated]
        assert list(Programme.objects.in_language()) == [programmes[0]]
    assert translated.has_language("en") and not untranslated.has_language("en")
    assert programmes[0].has_language("en") and not programmes[1].has_language("en")


# --- Admin ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model", ["partners/initiative", "partners/programme", "partners/organization", "pages/page"]
)
def test_admin_forms_mark_the_missing_language(admin_client, model):
    """Partner and page forms mark an empty English tab as the article form does."""
    html = admin_client.get(f"/admin/{model}/add/").content.decode()
    assert "js/admin-translation-status.js" in html
    assert 'data-missing="не перекладено"' in html
    assert 'id="id_name_en"' in html or 'id="id_title_en"' in html


@pytest.mark.parametrize("model", ["initiative", "programme", "page"])
def test_admin_lists_filter_items_without_english(admin_client, translated, programmes, model):
    """The English filter's «Немає» finds the initiatives, programmes and pages an editor
    still has to translate; the column says which fields are missing."""
    if model == "page":
        Page.objects.create(title_uk="Статут", body_uk="<p>Текст.</p>")
        Page.objects.create(title_uk="Контакти", title_en="Contacts")
        done, missing, address = "Контакти", "Статут", "/admin/pages/page/"
    elif model == "initiative":
        Initiative.objects.create(name_uk="Мережа громад", description_uk="<p>Т.</p>")
        done, missing, address = "OGP Local", "Мережа громад", "/admin/partners/initiative/"
    else:
        done, missing, address = "ПУЛЬС", "ДОБРЕ", "/admin/partners/programme/"
    html = admin_client.get(f"{address}?english=missing").content.decode()
    assert missing in html and done not in html
    html = admin_client.get(f"{address}?english=complete").content.decode()
    assert done in html and missing not in html
    assert "англійський переклад" in admin_client.get(address).content.decode()


def test_admin_column_names_the_missing_english_fields(admin_client, translated):
    """A partial translation says which fields still lack English."""
    Initiative.objects.create(
        name_uk="Мережа громад", name_en="Hromadas network", description_uk="<p>Т.</p>"
    )
    html = admin_client.get("/admin/partners/initiative/?english=partial").content.decode()
    assert "Мережа громад" in html and "OGP Local" not in html
    assert "Частковий" in html and "бракує: опис" in html


def test_demo_english_pages_show_no_ukrainian_text_as_english(client, directory):
    """On the demo site, every English page is English throughout: Ukrainian appears only
    as names marked lang="uk", the codifier's name and the search box's example."""
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    with translation.override("en"):
        article = Article.objects.published().in_language().first()
        pulse = Programme.objects.get(acronym_uk="ПУЛЬС")
        about = Page.objects.published().in_language().first()
        addresses = [
            reverse("news:home"),
            reverse("news:list"),
            article.get_absolute_url(),
            reverse("partners:initiative_list"),
            reverse("partners:initiative", kwargs={"slug": "ogp-local"}),
            reverse("partners:programme_list"),
            pulse.get_absolute_url(),
            reverse("partners:municipality_list"),
            Municipality.objects.get(code="UA61040490000035010").get_absolute_url(),
            reverse("pages:documents"),
            about.get_absolute_url(),
        ]
    for address in addresses:
        html = without_original_names(page(client, address))
        html = re.sub(r'placeholder="[^"]*"', "", html).replace("(КАТОТТГ)", "")
        assert not CYRILLIC.search(html), (address, CYRILLIC.findall(html)[:10])


# --- Feeds and sitemap (issue 6's, under the language rule) ------------------------


@pytest.mark.parametrize("kind", ["initiative", "category", "tag"])
def test_no_english_feed_of_an_object_without_english(client, untranslated, make_article, kind):
    """An English feed of an initiative, category or tag with no English version would be
    titled in Ukrainian: it does not exist; the Ukrainian feed does."""
    from news.models import Category

    if kind == "initiative":
        obj, name = untranslated, "partners:initiative_feed"
    elif kind == "category":
        obj, name = Category.objects.create(name_uk="Лише українською"), "news:category_feed"
    else:
        obj, name = Tag.objects.create(name_uk="лише українська тема"), "news:tag_feed"
    for format in ("rss", "atom"):
        assert client.get(url(name, "en", slug=obj.slug, format=format)).status_code == 404
        assert client.get(url(name, "uk", slug=obj.slug, format=format)).status_code == 200


def test_english_feed_of_a_translated_initiative(client, translated, make_article):
    """The English feed of OGP Local is English throughout and lists English news only."""
    english = make_article(title_en="Open data in Ternopil", lead_en="L.", body_en="<p>T.</p>")
    ukrainian = make_article(title_uk="Лише українською")
    for article in (english, ukrainian):
        article.initiatives.add(translated)
    xml = page(client, url("partners:initiative_feed", "en", slug=translated.slug, format="rss"))
    assert "<title>Association of Ukrainian Cities: OGP Local</title>" in xml
    assert "Open data in Ternopil" in xml
    assert not CYRILLIC.search(xml)


def sitemap_urls(client):
    """{loc: {hreflang: href}} over every section of the sitemap."""
    from lxml import etree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    index = etree.fromstring(client.get("/sitemap.xml").content)
    urls = {}
    for section in index.findall("s:sitemap/s:loc", ns):
        tree = etree.fromstring(client.get(section.text.replace("http://testserver", "")).content)
        for entry in tree.findall("s:url", ns):
            urls[entry.findtext("s:loc", namespaces=ns)] = {
                link.get("hreflang"): link.get("href") for link in entry.findall("x:link", ns)
            }
    return urls


def test_sitemap_lists_programmes_and_hromadas_in_the_languages_they_exist_in(
    client, programmes, make_municipality
):
    """PULSE is listed in both languages, the Ukrainian-only programme in Ukrainian only,
    a hromada (always transliterated) in both."""
    pulse, ukrainian_only = programmes
    hromada = make_municipality("Тернопільська")
    urls = sitemap_urls(client)
    base = "http://testserver"
    for obj in (pulse, hromada):
        english = base + obj.url_in("en")
        assert urls[base + obj.url_in("uk")] == {
            "uk": base + obj.url_in("uk"),
            "en": english,
            "x-default": base + obj.url_in("uk"),
        }
        assert english in urls
    assert set(urls[base + ukrainian_only.url_in("uk")]) == {"uk", "x-default"}
    assert base + ukrainian_only.url_in("en") not in urls
