"""The event page's JSON-LD: schema.org Event with its required and recommended properties."""

from datetime import date, time

import pytest
from django.utils import timezone

from events.models import Event
from pages.models import SiteSettings
from tests.news.test_metadata import by_type
from tests.security.checks import PAYLOADS, csp_nonce, injected_markup

pytestmark = pytest.mark.django_db

# Google's Event rich result: required, then recommended properties.
REQUIRED = {"name", "startDate", "location"}
RECOMMENDED = {
    "description",
    "endDate",
    "eventAttendanceMode",
    "eventStatus",
    "image",
    "offers",
    "organizer",
}


@pytest.fixture(autouse=True)
def association(db):
    SiteSettings.objects.update_or_create(
        pk=SiteSettings.SINGLETON_PK,
        defaults={"name_uk": "Асоціація міст України", "short_name_uk": "АМУ"},
    )


def test_event_json_ld_has_required_and_recommended_properties(client, make_event):
    """Search engines read an in-person event with its place, times and organiser."""
    event = make_event(
        title_uk="Форум громад",
        lead_uk="Міські голови обговорять бюджети.",
        starts_on=date(2030, 3, 12),
        start_time=time(10),
        end_time=time(13),
        registration_url="https://example.org/register",
        registration_deadline=timezone.make_aware(timezone.datetime(2030, 3, 10, 18)),
    )
    data = by_type(client.get(event.get_absolute_url()).content.decode())
    assert set(data) == {"Organization", "BreadcrumbList", "Event"}
    found = data["Event"]
    assert REQUIRED | RECOMMENDED <= set(found)
    url = f"http://testserver{event.get_absolute_url()}"
    assert found["@context"] == "https://schema.org"
    assert found["name"] == "Форум громад"
    assert found["description"] == "Міські голови обговорять бюджети."
    assert found["url"] == url
    assert found["startDate"] == "2030-03-12T10:00:00+02:00"
    assert found["endDate"] == "2030-03-12T13:00:00+02:00"
    assert found["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert found["eventStatus"] == "https://schema.org/EventScheduled"
    assert found["location"] == {
        "@type": "Place",
        "name": "Український дім",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "м. Київ, вул. Хрещатик, 2",
            "addressCountry": "UA",
        },
    }
    assert found["organizer"]["@type"] == "Organization"
    assert found["organizer"]["name"] == "Асоціація міст України"
    assert found["image"][0].startswith("http://testserver/")
    assert found["offers"]["url"] == "https://example.org/register"
    assert found["offers"]["validThrough"] == "2030-03-10T18:00:00+02:00"
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [(c["name"], c["item"]) for c in crumbs] == [
        ("Головна", "http://testserver/"),
        ("Події", "http://testserver/podii/"),
        ("Форум громад", url),
    ]


def test_online_all_day_event_by_an_initiative(client, make_event, initiative):
    """An online event is a VirtualLocation; whole days are dates; an initiative organises."""
    event = make_event(
        attendance=Event.Attendance.ONLINE,
        venue_uk="",
        address_uk="",
        online_url="https://example.org/webinar",
        starts_on=date(2030, 3, 12),
        ends_on=date(2030, 3, 13),
        start_time=None,
        end_time=None,
        initiative=initiative,
        cancelled=True,
    )
    found = by_type(client.get(event.get_absolute_url()).content.decode())["Event"]
    assert found["location"] == {"@type": "VirtualLocation", "url": "https://example.org/webinar"}
    assert found["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert found["eventStatus"] == "https://schema.org/EventCancelled"
    assert (found["startDate"], found["endDate"]) == ("2030-03-12", "2030-03-13")
    assert found["organizer"]["name"] == initiative.name
    assert found["organizer"]["url"] == f"http://testserver{initiative.get_absolute_url()}"


def test_mixed_event_has_both_locations(client, make_event):
    """An event in a hall and online names both places."""
    event = make_event(attendance=Event.Attendance.MIXED, online_url="https://example.org/s")
    found = by_type(client.get(event.get_absolute_url()).content.decode())["Event"]
    assert [place["@type"] for place in found["location"]] == ["Place", "VirtualLocation"]
    assert found["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_titles_stay_text(client, make_event, payload):
    """Markup typed into an event's title or place is shown as text, in the page and its data."""
    event = make_event(title_uk=payload, venue_uk=payload, lead_uk=payload)
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert injected_markup(html, csp_nonce(response)) == []
    assert by_type(html)["Event"]["name"] == payload
