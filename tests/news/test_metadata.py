"""Canonical address, Open Graph, Twitter card and JSON-LD on public pages (issue 6)."""

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from news.models import Article
from pages.models import Page, SiteSettings
from tests.security.checks import PAYLOADS, csp_nonce, injected_markup, json_ld, parse


def meta(html):
    """{property or name: content} of the page's <meta> tags, and its <link rel> tags."""
    page = parse(html)
    found = {}
    for tag, attrs in page.elements:
        if tag == "meta" and "content" in attrs:
            found[attrs.get("property") or attrs.get("name")] = attrs["content"]
        if tag == "link" and attrs.get("rel") == "canonical":
            found["canonical"] = attrs["href"]
    return found


def by_type(html):
    return {block["@type"]: block for block in json_ld(html)}


@pytest.fixture
def cover(make_article):
    article = make_article(title_uk="Громади і бюджет", lead_uk="Про бюджет громад.")
    Article.objects.filter(pk=article.pk).update(
        cover_image="covers/2026/01/photo.jpg",
        cover_width=1600,
        cover_height=900,
        cover_alt_uk="Зала засідань",
    )
    return Article.objects.get(pk=article.pk)


def test_article_has_open_graph_twitter_and_canonical(client, cover):
    """A shared link shows the title, lead and the 1200×630 image; search engines one address."""
    url = cover.get_absolute_url()
    tags = meta(client.get(url).content.decode())
    assert tags["canonical"] == f"http://testserver{url}"
    assert tags["og:url"] == tags["canonical"]
    assert tags["og:type"] == "article"
    assert tags["og:title"] == "Громади і бюджет"
    assert tags["og:description"] == "Про бюджет громад."
    assert tags["og:site_name"] == "Асоціація міст України"
    assert tags["og:locale"] == "uk_UA"
    assert tags["og:image"].startswith("http://testserver/media/")
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:alt"] == "Зала засідань"
    assert tags["twitter:card"] == "summary_large_image"


def test_every_public_page_has_canonical_and_open_graph(
    client, make_article, make_tag, make_municipality, initiative
):
    """Lists, topics, hromadas, initiatives and pages all preview well when shared."""
    tag = make_tag("бюджет")
    article = make_article(tags=[tag])
    municipality = make_municipality()
    page = Page.objects.create(title_uk="Про АМУ", body_uk="<p>Текст.</p>", status="published")
    urls = {
        "/": "Асоціація міст України",
        "/novyny/": "Новини",
        article.category.get_absolute_url(): "Події",
        tag.get_absolute_url(): "#бюджет",
        municipality.get_absolute_url(): municipality.full_name,
        initiative.get_absolute_url(): initiative.name,
        page.get_absolute_url(): "Про АМУ",
        "/hromady/": "Громади України",
        "/en/news/": "News",
    }
    for url, title in urls.items():
        html = client.get(url).content.decode()
        tags = meta(html)
        assert tags["canonical"] == f"http://testserver{url}", url
        assert tags["og:title"] == title, url
        assert tags["og:url"] == tags["canonical"], url
        assert tags["og:type"] == "website", url
        assert tags["twitter:card"] == "summary_large_image", url
        assert tags["og:description"] == tags["description"], url
        language = "en" if url.startswith("/en/") else "uk"
        assert tags["og:image"] == f"http://testserver/static/img/open-graph-{language}.png", url
        assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630"), url
        assert tags["og:image:alt"] == tags["og:site_name"], url
        assert f"<title>{title}" in html or url == "/", url
    assert meta(client.get("/en/news/").content.decode())["og:locale"] == "en_GB"


@pytest.mark.parametrize("language", ["uk", "en"])
def test_the_site_preview_image_is_1200_by_630_in_each_language(language):
    """What a shared page without a picture of its own shows: the association's name, in the
    page's language, at the size link previews want."""
    found = finders.find(f"img/open-graph-{language}.png")
    assert found is not None
    with Image.open(found) as image:
        assert image.size == (1200, 630)


def test_an_article_without_a_cover_is_previewed_with_the_site_image(client, make_article):
    article = make_article()
    tags = meta(client.get(article.get_absolute_url()).content.decode())
    assert tags["og:image"] == "http://testserver/static/img/open-graph-uk.png"
    assert tags["og:image:alt"] == "Асоціація міст України"
    assert tags["twitter:card"] == "summary_large_image"


def test_article_json_ld_is_a_news_article(client, cover, make_tag):
    """Search engines read the article as NewsArticle published by the association."""
    cover.tags.add(make_tag("бюджет"))
    SiteSettings.objects.update_or_create(
        pk=SiteSettings.SINGLETON_PK,
        defaults={"name_uk": "Асоціація міст України", "short_name_uk": "АМУ"},
    )
    html = client.get(cover.get_absolute_url()).content.decode()
    data = by_type(html)
    assert set(data) == {"Organization", "BreadcrumbList", "NewsArticle"}
    news = data["NewsArticle"]
    url = f"http://testserver{cover.get_absolute_url()}"
    assert news["@context"] == "https://schema.org"
    assert news["headline"] == "Громади і бюджет"
    assert news["url"] == news["mainEntityOfPage"] == url
    assert news["inLanguage"] == "uk"
    assert news["datePublished"].startswith(cover.published_at.date().isoformat()[:4])
    assert news["articleSection"] == "Події"
    assert news["keywords"] == ["бюджет"]
    assert news["image"][0].startswith("http://testserver/media/")
    assert news["publisher"]["@type"] == "Organization"
    assert news["publisher"]["name"] == "Асоціація міст України"
    assert data["Organization"]["alternateName"] == "АМУ"
    assert data["Organization"]["url"] == "http://testserver/"
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Головна", "http://testserver/"),
        (2, "Новини", "http://testserver/novyny/"),
        (3, "Події", f"http://testserver{cover.category.get_absolute_url()}"),
        (4, "Громади і бюджет", url),
    ]


def test_breadcrumb_lists_follow_the_visible_breadcrumbs(
    client, make_article, make_tag, make_municipality, initiative
):
    """Topic, hromada, initiative and page addresses carry their trail as BreadcrumbList."""
    tag = make_tag("бюджет")
    make_article(tags=[tag])
    municipality = make_municipality()
    about = Page.objects.create(title_uk="Про АМУ", body_uk="<p>Текст.</p>", status="published")
    statute = Page.objects.create(
        title_uk="Статут", body_uk="<p>Текст.</p>", status="published", parent=about
    )
    expectations = {
        tag.get_absolute_url(): ["Головна", "Новини", "#бюджет"],
        municipality.get_absolute_url(): [
            "Головна",
            "Громади",
            "Тернопільська область",
            municipality.full_name,
        ],
        initiative.get_absolute_url(): ["Головна", "Ініціативи", initiative.name],
        statute.get_absolute_url(): ["Головна", "Про АМУ", "Статут"],
    }
    for url, names in expectations.items():
        crumbs = by_type(client.get(url).content.decode())["BreadcrumbList"]["itemListElement"]
        assert [crumb["name"] for crumb in crumbs] == names, url
        assert crumbs[-1]["item"] == f"http://testserver{url}", url
    assert "BreadcrumbList" not in by_type(client.get("/").content.decode())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_json_ld_keeps_any_title_inside(client, make_article, payload):
    """A title with </script> or markup stays a JSON string: nothing breaks out or runs."""
    article = make_article(title_uk=payload, lead_uk=payload)
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert injected_markup(html, csp_nonce(response)) == []
    data = by_type(html)
    assert data["NewsArticle"]["headline"] == payload
    assert data["NewsArticle"]["description"] == payload
    assert data["BreadcrumbList"]["itemListElement"][-1]["name"] == payload
    for attrs, content in parse(html).scripts:
        if "src" in attrs:  # the site's own scripts (share buttons), never inline code
            assert attrs["src"].startswith("/static/js/") and not content.strip()
            continue
        assert attrs == {"type": "application/ld+json"}
        assert "<" not in content


def test_json_ld_keeps_pages_cacheable(client, make_article, settings):
    """Structured data needs no nonce, so article pages still come from the page cache."""
    settings.PAGE_CACHE_SECONDS = 60
    article = make_article()
    first = client.get(article.get_absolute_url())
    assert csp_nonce(first) is None
    assert json_ld(first.content.decode())
    assert first["X-Page-Cache"] == "miss"
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_head_alternates_only_for_existing_versions(client, make_article):
    """hreflang names the English version only when the article has one."""
    translated = make_article(
        title_uk="Перекладена", title_en="Translated", lead_en="Lead.", body_en="<p>Text.</p>"
    )
    ukrainian_only = make_article(title_uk="Лише українською")

    def hreflangs(url):
        return {
            attrs["hreflang"]: attrs["href"]
            for tag, attrs in parse(client.get(url).content.decode()).elements
            if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs
        }

    assert set(hreflangs(translated.get_absolute_url())) == {"uk", "en", "x-default"}
    assert set(hreflangs(ukrainian_only.get_absolute_url())) == {"uk", "x-default"}
