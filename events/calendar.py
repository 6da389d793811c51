"""Events as iCalendar (RFC 5545) that calendar apps subscribe to or import.

The icalendar package writes it: escaping, line folding, and the VTIMEZONE of Europe/Kyiv
from the time zone database, so a change of Ukraine's clock rules needs no code here."""

from datetime import UTC, timedelta

from django.http import HttpResponse
from django.utils import translation
from django.utils.text import Truncator
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from editorial.text import html_to_text
from editorial.workflow import KYIV

PRODUCT = "-//Асоціація міст України//Новини//UK"


def calendar_event(event, request):
    url = request.build_absolute_uri(event.get_absolute_url())
    entry = CalendarEvent()
    # Stable across languages and edits: the same event is updated, never duplicated.
    entry.add("uid", f"event-{event.pk}@{request.get_host()}")
    entry.add("dtstamp", event.updated_at.astimezone(UTC))
    entry.add("last-modified", event.updated_at.astimezone(UTC))
    entry.add("summary", event.title)
    entry.add("url", url)
    if event.all_day:
        # DTEND of a whole-day event is the day after its last (RFC 5545, 3.6.1).
        entry.add("dtstart", event.starts_on)
        entry.add("dtend", event.last_day + timedelta(days=1))
    else:
        entry.add("dtstart", event.starts_at.astimezone(KYIV))
        entry.add("dtend", event.ends_at.astimezone(KYIV))
    entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    where = [part for part in (event.venue, event.address) if part] if event.in_person else []
    if event.online and event.online_url:
        where.append(event.online_url)
    if where:
        entry.add("location", ", ".join(where))
    text = event.lead or Truncator(html_to_text(event.body)).words(60)
    entry.add("description", f"{text}\n\n{url}".strip())
    return entry


def calendar_response(events, request, name, filename):
    """An .ics of the events; one VTIMEZONE for the span of the timed ones."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Kyiv")
    days = []
    for event in events:
        calendar.add_component(calendar_event(event, request))
        if not event.all_day:
            days += [event.starts_on, event.last_day + timedelta(days=1)]
    if days:
        calendar.add_missing_timezones(first_date=min(days), last_date=max(days))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Content-Language"] = translation.get_language()
    return response
