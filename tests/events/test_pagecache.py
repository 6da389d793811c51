"""Cached event pages change on time: an event leaves «upcoming» at its end, no cron job."""

from datetime import date, datetime, time, timedelta

import pytest

from editorial.workflow import KYIV

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_cached_lists_drop_an_event_at_its_end(client, make_event, time_machine):
    """The home page and the list, cached for ten minutes, drop an event the second it ends."""
    time_machine.move_to(datetime(2030, 3, 12, 10, tzinfo=KYIV), tick=False)
    event = make_event(
        title_uk="Короткий вебінар",
        starts_on=date(2030, 3, 12),
        start_time=time(10, 1),
        end_time=time(10, 4),
    )
    for url in ("/", "/podii/"):
        assert "Короткий вебінар" in html(client, url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    time_machine.move_to(event.ends_at - timedelta(seconds=1), tick=False)
    assert "Короткий вебінар" in html(client, "/podii/")
    time_machine.move_to(event.ends_at + timedelta(seconds=1), tick=False)
    for url in ("/", "/podii/"):
        assert "Короткий вебінар" not in html(client, url), url
    assert "Короткий вебінар" in html(client, event.get_absolute_url())


def test_publishing_an_event_shows_on_cached_pages(client, make_event):
    """An editor's publish shows on the cached home page and list at once."""
    event = make_event(title_uk="Новий форум", status="draft", published_at=None)
    for url in ("/", "/podii/"):
        assert "Новий форум" not in html(client, url)
    event.status = "published"
    event.save()
    for url in ("/", "/podii/", "/podii.ics"):
        assert "Новий форум" in html(client, url), url
