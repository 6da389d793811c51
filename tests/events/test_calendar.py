"""iCalendar feeds: what a calendar app reads from one event's .ics and from the list's."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from events.models import Event

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def test_timed_event_has_kyiv_times_with_a_vtimezone(client, make_event):
    """A calendar app puts a 10:00–13:00 event at 10:00 Kyiv time, wherever it is."""
    event = make_event(
        title_uk="Вебінар; бюджети, громади",
        starts_on=date(2030, 3, 12),
        start_time=time(10),
        end_time=time(13),
    )
    calendar, (entry,) = parse(client.get(f"/podii/{event.slug}.ics"))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert str(entry["UID"]) == f"event-{event.pk}@testserver"
    assert entry.decoded("DTSTAMP").tzinfo is not None
    assert str(entry["SUMMARY"]) == "Вебінар; бюджети, громади"
    assert str(entry["URL"]) == f"http://testserver{event.get_absolute_url()}"
    assert entry["DTSTART"].params["TZID"] == "Europe/Kyiv"
    assert entry["DTEND"].params["TZID"] == "Europe/Kyiv"
    assert entry.decoded("DTSTART") == datetime(2030, 3, 12, 10, tzinfo=KYIV)
    assert entry.decoded("DTEND") == datetime(2030, 3, 12, 13, tzinfo=KYIV)
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Kyiv"
    assert b"DTSTART;TZID=Europe/Kyiv:20300312T100000" in client.get(
        f"/podii/{event.slug}.ics"
    ).content.replace(b"\r\n ", b"")
    assert "Український дім" in str(entry["LOCATION"])
    assert str(entry["STATUS"]) == "CONFIRMED"


def test_all_day_event_has_dates(client, make_event):
    """A three-day training shows as whole days: DATE values, the end the day after."""
    event = make_event(
        starts_on=date(2030, 3, 12), ends_on=date(2030, 3, 14), start_time=None, end_time=None
    )
    calendar, (entry,) = parse(client.get(f"/podii/{event.slug}.ics"))
    assert entry["DTSTART"].params.get("VALUE") == "DATE"
    assert entry.decoded("DTSTART") == date(2030, 3, 12)
    assert entry.decoded("DTEND") == date(2030, 3, 15)
    assert calendar.walk("VTIMEZONE") == []


def test_online_and_cancelled_event(client, make_event):
    """An online event gives its link as the place; a cancelled one says CANCELLED."""
    event = make_event(
        attendance=Event.Attendance.ONLINE,
        venue_uk="",
        address_uk="",
        online_url="https://example.org/webinar",
        cancelled=True,
    )
    _calendar, (entry,) = parse(client.get(f"/podii/{event.slug}.ics"))
    assert str(entry["LOCATION"]) == "https://example.org/webinar"
    assert str(entry["STATUS"]) == "CANCELLED"


def test_whole_list_calendar(client, make_event):
    """A subscription carries every public event once, with stable UIDs; no drafts."""
    today = timezone.localdate()
    upcoming = make_event(title_uk="Майбутній форум")
    past = make_event(title_uk="Минулий з’їзд", starts_on=today - timedelta(days=40))
    make_event(title_uk="Чернетка", status=Event.Status.DRAFT, published_at=None)
    calendar, entries = parse(client.get("/podii.ics"))
    assert {str(entry["SUMMARY"]) for entry in entries} == {"Майбутній форум", "Минулий з’їзд"}
    assert {str(entry["UID"]) for entry in entries} == {
        f"event-{upcoming.pk}@testserver",
        f"event-{past.pk}@testserver",
    }
    assert str(calendar["X-WR-CALNAME"]) == "Події Асоціації міст України"
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_english_calendar_and_missing_events(client, make_event):
    """The English feed has English titles and addresses; an unknown or untranslated
    event's .ics is 404, not an error."""
    translated = make_event(
        title_uk="Форум громад",
        title_en="Forum of Hromadas",
        lead_en="Mayors discuss budgets.",
        body_en="<p>The programme.</p>",
        venue_en="Ukrainian House",
        address_en="Kyiv",
    )
    ukrainian_only = make_event(title_uk="Лише українською")
    _calendar, entries = parse(client.get("/en/events.ics"))
    assert [str(entry["SUMMARY"]) for entry in entries] == ["Forum of Hromadas"]
    assert str(entries[0]["URL"]) == f"http://testserver/en/events/{translated.slug_en}/"
    assert client.get(f"/en/events/{ukrainian_only.slug}.ics").status_code == 404
    assert client.get("/podii/nemaie-takoi.ics").status_code == 404
