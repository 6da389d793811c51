"""sitemap.xml and robots.txt (issue 6): valid, complete, published only, honest hreflang."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from lxml import etree

from news.models import Article
from pages.models import Page

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
KYIV = ZoneInfo("Europe/Kyiv")
NOW = timezone.now


def schema(name):
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


SITEINDEX = schema("siteindex.xsd")
SITEMAP = schema("sitemap-with-alternates.xsd")


def valid(content, xml_schema):
    document = etree.fromstring(content)
    assert xml_schema.validate(document), xml_schema.error_log
    return document


def sections(client):
    index = valid(client.get("/sitemap.xml").content, SITEINDEX)
    return [loc.text for loc in index.xpath("//s:sitemap/s:loc", namespaces=NS)]


def all_urls(client):
    """{loc: {hreflang: href}} over every section of the sitemap."""
    found = {}
    for location in sections(client):
        response = client.get(location.removeprefix("http://testserver"))
        assert response.status_code == 200, location
        document = valid(response.content, SITEMAP)
        for url in document.xpath("//s:url", namespaces=NS):
            loc = url.find("s:loc", NS).text
            found[loc] = {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
            }
    return found


def test_index_lists_every_section_with_content_from_the_request_host(
    client,
    make_article,
    make_tag,
    make_municipality,
    initiative,
    settings,
):
    """Search engines find articles, archives, topics, partners and pages from one index."""
    settings.ALLOWED_HOSTS = ["amu.example", "testserver"]
    make_article(tags=[make_tag()])
    make_municipality()
    response = client.get("/sitemap.xml", HTTP_HOST="amu.example")
    assert response["Content-Type"] == "application/xml"
    index = valid(response.content, SITEINDEX)
    locations = [loc.text for loc in index.xpath("//s:sitemap/s:loc", namespaces=NS)]
    names = [
        loc.removeprefix("http://amu.example/sitemap-").removesuffix(".xml") for loc in locations
    ]
    # No programme and no page yet: an empty sitemap would be invalid, so it is left out.
    assert names == [
        "sections",
        "articles",
        "archives",
        "categories",
        "tags",
        "initiatives",
        "hromadas",
    ]
    assert client.get("/sitemap-programmes.xml").status_code == 404
    lastmods = index.xpath("//s:sitemap/s:lastmod", namespaces=NS)
    assert len(lastmods) == 4, "the sections of news say when they last changed"


def test_every_section_validates_and_lists_the_content(
    client,
    make_article,
    make_tag,
    make_municipality,
    initiative,
):
    """Each section is a valid sitemap that lists what the site publishes."""
    tag = make_tag("бюджет")
    municipality = make_municipality()
    article = make_article(tags=[tag], published_at=datetime(2022, 6, 20, 12, tzinfo=KYIV))
    article.municipalities.add(municipality)
    article.initiatives.add(initiative)
    Page.objects.create(title_uk="Про АМУ", body_uk="<p>Текст.</p>", status="published")
    urls = all_urls(client)
    base = "http://testserver"
    for path in (
        "/",
        "/en/",
        "/novyny/",
        article.get_absolute_url(),
        "/novyny/2022/",
        "/novyny/2022/06/",
        article.category.get_absolute_url(),
        tag.get_absolute_url(),
        municipality.get_absolute_url(),
        initiative.get_absolute_url(),
        "/pro-amu/",
    ):
        assert base + path in urls, path
    for loc in urls:
        assert client.get(loc.removeprefix(base)).status_code == 200, loc


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"status": Article.Status.REVIEW},
        {"published_at": NOW() + timezone.timedelta(days=400)},  # scheduled
        {
            "published_at": datetime(2019, 3, 1, 12, tzinfo=KYIV),
            "expires_at": datetime(2019, 4, 1, 12, tzinfo=KYIV),
        },
        {"deleted_at": NOW()},
    ],
    ids=["draft", "review", "scheduled", "expired", "trash"],
)
def test_unpublished_articles_are_in_no_section(client, make_article, make_tag, overrides):
    """A hidden article leaves no trace: no address, no archive month, no topic of its own."""
    make_article(title_uk="Видима", published_at=datetime(2022, 6, 20, 12, tzinfo=KYIV))
    hidden_category = Article._meta.get_field("category").related_model.objects.create(
        name_uk="Прихована рубрика"
    )
    hidden_tag = make_tag("прихована тема")
    defaults = {"published_at": datetime(2019, 3, 10, 12, tzinfo=KYIV)}
    hidden = make_article(
        title_uk="Прихована", category=hidden_category, tags=[hidden_tag], **defaults | overrides
    )
    urls = all_urls(client)
    joined = "\n".join(urls)
    assert hidden.slug not in joined
    assert "/novyny/2019/" not in joined
    assert str((NOW() + timezone.timedelta(days=400)).year) + "/" not in joined.replace(
        "/novyny/2022/", ""
    )
    assert hidden_category.get_absolute_url() not in joined
    assert hidden_tag.get_absolute_url() not in joined


def test_hreflang_only_for_versions_that_exist(client, make_article):
    """An English address and alternate exist only for an article translated into English."""
    translated = make_article(
        title_uk="Перекладена",
        title_en="Translated",
        lead_en="English lead.",
        body_en="<p>English text.</p>",
    )
    ukrainian_only = make_article(title_uk="Лише українською")
    urls = all_urls(client)
    base = "http://testserver"
    uk_url = base + translated.url_in("uk")
    en_url = base + translated.url_in("en")
    assert en_url.startswith("http://testserver/en/news/")
    assert urls[uk_url] == {"uk": uk_url, "en": en_url, "x-default": uk_url}
    assert urls[en_url] == urls[uk_url]
    only = base + ukrainian_only.url_in("uk")
    assert urls[only] == {"uk": only, "x-default": only}
    assert base + ukrainian_only.url_in("en") not in urls
    # The English archive lists only months with English news.
    month = translated.published_at.astimezone(KYIV)
    assert f"{base}/en/news/{month:%Y}/{month:%m}/" in urls


def test_articles_carry_lastmod(client, make_article):
    """Search engines see when each article last changed."""
    article = make_article()
    document = etree.fromstring(client.get("/sitemap-articles.xml").content)
    (url,) = [u for u in document.xpath("//s:url", namespaces=NS) if article.slug in u[0].text]
    assert url.find("s:lastmod", NS).text == timezone.localdate(article.updated_at).isoformat()


def test_bad_section_or_page_is_404(client, db):
    """A made-up section or page number answers 404, never a 500."""
    assert client.get("/sitemap-nemaie.xml").status_code == 404
    for page in ("abc", "0", "99", "9" * 5000, "1e9"):
        assert client.get(f"/sitemap-articles.xml?p={page}").status_code == 404, page


def test_sitemap_query_budget(client, make_article, make_tag, django_assert_max_num_queries):
    """The sitemap does not make more queries because there are more articles."""
    tags = [make_tag() for _ in range(3)]
    for _ in range(30):
        make_article(tags=tags)
    for section in ("articles", "archives", "categories", "tags"):
        with django_assert_max_num_queries(4):
            assert client.get(f"/sitemap-{section}.xml").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_points_to_the_sitemap_and_keeps_private_addresses_out(client, db):
    """Crawlers find the sitemap and stay away from previews, search results and the admin."""
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for path in ("/poshuk/?", "/en/search/?", "/perehliad/", "/en/preview/", "/admin/"):
        assert f"Disallow: {path}" in lines, path
    assert "Disallow: /" not in lines


def test_custom_admin_address_is_not_published(client, db, settings):
    """A secret admin address stays secret: robots.txt does not name it."""
    settings.ADMIN_URL = "kabinet-7f3/"
    assert "kabinet" not in client.get("/robots.txt").content.decode()


def test_sitemap_and_robots_are_page_cached(client, make_article, settings):
    """Crawlers hitting the sitemap get the shared cached copy, like any public page."""
    settings.PAGE_CACHE_SECONDS = 60
    make_article()
    for url in ("/sitemap.xml", "/sitemap-articles.xml", "/robots.txt"):
        assert client.get(url)["X-Page-Cache"] == "miss", url
        assert client.get(url)["X-Page-Cache"] == "hit", url


def test_partner_pages_in_english_only_where_they_have_a_version(client, initiative):
    """An initiative without an English name is listed in Ukrainian only; one with it in both."""
    from partners.models import Initiative

    ukrainian_only = Initiative.objects.create(name_uk="Лише українською")
    initiative.description_en = "<p>Local open government action plans.</p>"
    initiative.save()
    urls = all_urls(client)
    base = "http://testserver"
    assert set(urls[base + initiative.url_in("uk")]) == {"uk", "en", "x-default"}
    assert base + initiative.url_in("en") in urls
    assert set(urls[base + ukrainian_only.url_in("uk")]) == {"uk", "x-default"}
    assert base + ukrainian_only.url_in("en") not in urls


def test_draft_and_scheduled_pages_stay_out_of_the_sitemap(client, db):
    """An unpublished page has no address in the sitemap; a published one has (issue 12)."""
    Page.objects.create(title_uk="Опублікована", body_uk="<p>Т.</p>", status="published")
    Page.objects.create(title_uk="Чернетка", body_uk="<p>Т.</p>", status="draft")
    Page.objects.create(
        title_uk="Запланована",
        body_uk="<p>Т.</p>",
        status="published",
        published_at=NOW() + timezone.timedelta(days=1),
    )
    joined = "\n".join(all_urls(client))
    assert "/opublikovana/" in joined
    assert "/chernetka/" not in joined and "/zaplanovana/" not in joined


def test_feeds_are_page_cached(client, make_article, settings):
    """Feed readers polling every few minutes get the shared cached copy."""
    settings.PAGE_CACHE_SECONDS = 60
    make_article()
    for url in ("/novyny/rss.xml", "/novyny/atom.xml"):
        assert client.get(url)["X-Page-Cache"] == "miss", url
        assert client.get(url)["X-Page-Cache"] == "hit", url
