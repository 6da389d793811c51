"""RSS and Atom feeds (issue 6): published news only, in the reader's language."""

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from lxml import etree

from news.models import Article
from tests.security.checks import PAYLOADS

ATOM = "{http://www.w3.org/2005/Atom}"
NOW = timezone.now


def feed_addresses(article, tag, municipality, initiative):
    """Every feed that could show the article, in both formats."""
    urls = []
    for format in ("rss", "atom"):
        urls += [
            reverse("news:feed", kwargs={"format": format}),
            reverse(
                "news:category_feed", kwargs={"slug": article.category.slug, "format": format}
            ),
            reverse("news:tag_feed", kwargs={"slug": tag.slug, "format": format}),
            reverse(
                "partners:municipality_feed", kwargs={"slug": municipality.slug, "format": format}
            ),
            reverse(
                "partners:initiative_feed", kwargs={"slug": initiative.slug, "format": format}
            ),
        ]
    return urls


@pytest.fixture
def linked(make_tag, make_municipality, initiative):
    """A tag, a hromada and an initiative to link articles to."""
    return make_tag("бюджет"), make_municipality(), initiative


def link_all(article, tag, municipality, initiative):
    article.tags.add(tag)
    article.municipalities.add(municipality)
    article.initiatives.add(initiative)
    return article


def parse(response):
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_every_feed_parses_and_lists_the_published_article(client, make_article, linked):
    """Feed readers can read every feed, and each lists the article linked to its subject."""
    article = link_all(make_article(title_uk="Бюджет громад"), *linked)
    for url in feed_addresses(article, *linked):
        parsed = parse(client.get(url))
        assert [entry.title for entry in parsed.entries] == ["Бюджет громад"], url
        assert parsed.entries[0].link == f"http://testserver{article.get_absolute_url()}", url


def test_ukrainian_feed_addresses_use_the_url_words(client, make_article):
    """Feeds live next to what they follow: /novyny/rss.xml, /novyny/rubryka/…/atom.xml."""
    article = make_article()
    assert reverse("news:feed", kwargs={"format": "rss"}) == "/novyny/rss.xml"
    assert (
        reverse("news:category_feed", kwargs={"slug": article.category.slug, "format": "atom"})
        == f"/novyny/rubryka/{article.category.slug}/atom.xml"
    )
    response = client.get("/novyny/rss.xml")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert client.get("/novyny/atom.xml")["Content-Type"].startswith("application/atom+xml")


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.ARCHIVED},
        {"published_at": NOW() + timezone.timedelta(days=1)},  # scheduled
        {
            "published_at": NOW() - timezone.timedelta(days=2),
            "expires_at": NOW() - timezone.timedelta(days=1),
        },
        {"deleted_at": NOW()},  # in the trash
    ],
    ids=["draft", "review", "archived", "scheduled", "expired", "trash"],
)
def test_unpublished_articles_never_appear_in_any_feed(client, make_article, linked, overrides):
    """A draft, scheduled, expired or trashed article is in no feed, whatever it is about."""
    visible = link_all(make_article(title_uk="Видима новина"), *linked)
    link_all(make_article(title_uk="Прихована новина", **overrides), *linked)
    for url in feed_addresses(visible, *linked):
        titles = [entry.title for entry in parse(client.get(url)).entries]
        assert titles == ["Видима новина"], url


def test_english_feeds_carry_only_translated_articles(client, make_article, linked):
    """The English feed shows English articles in English, and no Ukrainian-only ones."""
    tag, _municipality, initiative = linked
    # Feeds of a tag or initiative exist in English when they do (tests/partners/test_english.py).
    tag.name_en = "budget"
    tag.save()
    initiative.description_en = "<p>Local action plans for openness.</p>"
    initiative.save()
    translated = link_all(
        make_article(
            title_uk="Перекладена",
            title_en="Translated",
            lead_en="An English lead.",
            body_en="<p>English text.</p>",
        ),
        *linked,
    )
    link_all(make_article(title_uk="Лише українською"), *linked)
    with translation.override("en"):
        urls = feed_addresses(translated, *linked)
    for url in urls:
        assert url.startswith("/en/"), url
        parsed = parse(client.get(url))
        assert [entry.title for entry in parsed.entries] == ["Translated"], url
        assert parsed.entries[0].link.startswith("http://testserver/en/news/"), url
        assert parsed.feed.language == "en", url


def test_feed_links_come_from_the_request_host(client, make_article, settings):
    """Links point to the host the reader used, not to the Sites framework's example.com."""
    settings.ALLOWED_HOSTS = ["amu.example", "testserver"]
    make_article()
    parsed = parse(client.get("/novyny/atom.xml", HTTP_HOST="amu.example"))
    assert parsed.feed.link == "http://amu.example/novyny/"
    assert parsed.entries[0].link.startswith("http://amu.example/novyny/")
    assert b"example.com" not in client.get("/novyny/rss.xml").content


def test_cover_image_is_an_enclosure(client, make_article):
    """A feed reader shows the 1200×630 link-preview image of an article with a cover."""
    article = make_article()
    Article.objects.filter(pk=article.pk).update(
        cover_image="covers/2026/01/photo.jpg", cover_width=1600, cover_height=900
    )
    for url in ("/novyny/rss.xml", "/novyny/atom.xml"):
        (enclosure,) = parse(client.get(url)).entries[0].enclosures
        assert enclosure.type == "image/jpeg"
        assert enclosure.href.startswith("http://testserver/media/")
        assert enclosure.href.endswith(".jpg")


def test_unknown_subject_is_404(client, db):
    """A feed of a category that does not exist answers 404, not an empty feed or a 500."""
    assert client.get("/novyny/rubryka/nemaie/rss.xml").status_code == 404
    assert client.get("/hromady/nemaie/atom.xml").status_code == 404


@pytest.mark.parametrize("payload", PAYLOADS)
def test_titles_stay_text_in_feed_xml(client, make_article, payload):
    """A title with markup or </script> is text inside the feed, never elements of it."""
    make_article(title_uk=payload, lead_uk=payload)
    atom = etree.fromstring(client.get("/novyny/atom.xml").content)
    (entry,) = atom.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == payload
    assert entry.find(f"{ATOM}title").get("type") in (None, "text")
    # The summary is HTML: the lead's markup arrives escaped, as text.
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert len(summary) == 0
    rss = etree.fromstring(client.get("/novyny/rss.xml").content)
    (item,) = rss.iter("item")
    # RSS readers render titles and descriptions as HTML: both are escaped once more.
    assert len(item.find("title")) == 0
    assert "<" not in item.find("title").text
    assert "<" not in item.find("description").text
    for content in (client.get("/novyny/rss.xml").content, client.get("/novyny/atom.xml").content):
        assert not parse_bozo(content)


def parse_bozo(content):
    return feedparser.parse(content).bozo


def test_feeds_are_autodiscoverable(client, make_article, linked):
    """Feed readers find the news feed on every page and the subject's feed on its page."""
    article = link_all(make_article(), *linked)
    tag, municipality, initiative = linked
    html = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/novyny/rss.xml"' in html and 'href="/novyny/atom.xml"' in html
    pages = {
        article.category.get_absolute_url(): "news:category_feed",
        tag.get_absolute_url(): "news:tag_feed",
        municipality.get_absolute_url(): "partners:municipality_feed",
        initiative.get_absolute_url(): "partners:initiative_feed",
    }
    slugs = {
        "news:category_feed": article.category.slug,
        "news:tag_feed": tag.slug,
        "partners:municipality_feed": municipality.slug,
        "partners:initiative_feed": initiative.slug,
    }
    for page, name in pages.items():
        html = client.get(page).content.decode()
        for format in ("rss", "atom"):
            feed = reverse(name, kwargs={"slug": slugs[name], "format": format})
            assert f'href="{feed}"' in html, (page, feed)


def test_feed_query_budget(client, make_article, make_tag, django_assert_max_num_queries):
    """A feed does not make more queries because it carries more articles."""
    tags = [make_tag() for _ in range(5)]
    for _ in range(25):
        make_article(tags=tags)
    for url in ("/novyny/rss.xml", f"/novyny/tema/{tags[0].slug}/atom.xml"):
        with django_assert_max_num_queries(4):
            assert client.get(url).status_code == 200
