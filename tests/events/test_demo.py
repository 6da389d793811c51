"""Demo content (`make run`) has events to come and past ones with their reports."""

import pytest
from django.core.management import call_command

from events.models import Event

pytestmark = pytest.mark.django_db


def test_demo_has_upcoming_and_past_events_and_is_idempotent(client):
    """A newcomer sees announced events and an archive; loading twice creates nothing new."""
    call_command("load_demo_content", "--no-admin")
    count = Event.objects.count()
    call_command("load_demo_content", "--no-admin")
    assert Event.objects.count() == count
    upcoming, past = Event.objects.upcoming(), Event.objects.past()
    assert upcoming.count() >= 3
    assert past.count() >= 2
    assert upcoming.in_language("en").exists() and past.in_language("en").exists()
    assert {event.attendance for event in upcoming} == {"offline", "online", "mixed"}
    assert past.filter(articles__isnull=False).exists()
    assert upcoming.filter(initiative__isnull=False).exists()
    assert past.filter(programme__isnull=False).exists()
    assert Event.objects.exclude(cover_image="").exists()
    home = client.get("/").content.decode()
    assert upcoming.first().get_absolute_url() in home
    # The header's menu leads to the events in both languages.
    header = home.split("</header>")[0]
    assert 'href="/podii/"' in header
    assert 'href="/en/events/"' in client.get("/en/").content.decode().split("</header>")[0]
