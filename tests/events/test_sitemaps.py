"""Search engines find every public event, in each language it exists in."""

import pytest

from events.models import Event
from tests.news.test_sitemaps import NS, SITEMAP, sections, valid

pytestmark = pytest.mark.django_db


def test_events_section_lists_public_events_with_their_languages(client, make_event):
    """Published events are in the sitemap with hreflang for their versions; drafts are not."""
    translated = make_event(title_uk="Форум громад", title_en="Forum", lead_en="Mayors.",
                            body_en="<p>Programme.</p>", venue_en="Ukrainian House",
                            address_en="Kyiv")  # fmt: skip
    ukrainian = make_event(title_uk="Лише українською")
    draft = make_event(title_uk="Чернетка", status=Event.Status.DRAFT, published_at=None)
    assert "http://testserver/sitemap-events.xml" in sections(client)
    document = valid(client.get("/sitemap-events.xml").content, SITEMAP)
    urls = {
        url.find("s:loc", NS).text: {link.get("hreflang") for link in url.findall("x:link", NS)}
        for url in document.xpath("//s:url", namespaces=NS)
    }
    base = "http://testserver"
    assert urls[base + translated.url_in("uk")] == {"uk", "en", "x-default"}
    assert base + translated.url_in("en") in urls
    assert urls[base + ukrainian.url_in("uk")] == {"uk", "x-default"}
    assert base + draft.url_in("uk") not in urls
    assert base + "/podii/" in {
        url.find("s:loc", NS).text
        for url in valid(client.get("/sitemap-sections.xml").content, SITEMAP).xpath(
            "//s:url", namespaces=NS
        )
    }
