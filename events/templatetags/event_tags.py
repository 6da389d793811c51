from django import template
from django.utils import formats, timezone, translation
from django.utils.html import format_html

from editorial.templatetags.site_tags import site_address
from editorial.workflow import KYIV
from images import renditions
from images.templatetags.pictures import site_open_graph_image

from ..models import Event

register = template.Library()

NBSP = "\xa0"

ATTENDANCE_MODES = {
    Event.Attendance.OFFLINE: "https://schema.org/OfflineEventAttendanceMode",
    Event.Attendance.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Event.Attendance.MIXED: "https://schema.org/MixedEventAttendanceMode",
}


def _time(machine, text):
    return format_html('<time datetime="{}">{}</time>', machine, text)


def _kyiv(moment):
    return timezone.localtime(moment, KYIV)


@register.simple_tag
def event_when(event):
    """When an event takes place, as Ukrainians write it, in <time> elements: «12 березня
    2027», «12 березня 2027, 10:00–13:00», «12 березня 2027 — 14 березня 2027»; times in
    Kyiv time."""
    if event.all_day:
        first = _time(event.starts_on.isoformat(), formats.date_format(event.starts_on))
        if event.last_day == event.starts_on:
            return first
        last = _time(event.last_day.isoformat(), formats.date_format(event.last_day))
        return format_html("{}{}— {}", first, NBSP, last)
    start, end = _kyiv(event.starts_at), _kyiv(event.ends_at)
    first = _time(start.isoformat(), formats.date_format(start, "DATETIME_FORMAT"))
    if start.date() == end.date():
        # "H:i" in both languages, as the date and time before it: «10:00–13:00».
        return format_html("{}–{}", first, _time(end.isoformat(), formats.time_format(end, "H:i")))
    last = _time(end.isoformat(), formats.date_format(end, "DATETIME_FORMAT"))
    return format_html("{}{}— {}", first, NBSP, last)


@register.inclusion_tag("events/includes/upcoming_block.html", takes_context=True)
def upcoming_events(context, count=3):
    """The home page's block: the next events in the reader's language (one query)."""
    events = list(Event.objects.upcoming().in_language().for_cards()[:count])
    return {"events": events, "request": context.get("request")}


def _organizer(event, request, site_settings):
    organiser = event.organiser
    if organiser is None:
        association = site_settings.organization(site_address(request))
        association.pop("@context")
        return association
    data = {
        "@type": "Organization",
        "name": organiser.name,
        "url": request.build_absolute_uri(organiser.get_absolute_url()),
    }
    if organiser.acronym:
        data["alternateName"] = organiser.acronym
    return data


def _locations(event):
    locations = []
    if event.in_person:
        place = {"@type": "Place", "name": event.venue}
        place["address"] = {
            "@type": "PostalAddress",
            "streetAddress": event.address or event.venue,
            "addressCountry": "UA",
        }
        locations.append(place)
    if event.online and event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    return locations[0] if len(locations) == 1 else locations


@register.simple_tag(takes_context=True)
def event_data(context, event):
    """The event as schema.org Event (with the properties search engines require and
    recommend), organised by the association unless a programme or initiative is named."""
    request = context["request"]
    url = request.build_absolute_uri(event.get_absolute_url())
    if event.all_day:
        start, end = event.starts_on.isoformat(), event.last_day.isoformat()
    else:
        start, end = _kyiv(event.starts_at).isoformat(), _kyiv(event.ends_at).isoformat()
    cancelled = "EventCancelled" if event.cancelled else "EventScheduled"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description,
        "url": url,
        "inLanguage": translation.get_language(),
        "startDate": start,
        "endDate": end,
        "eventAttendanceMode": ATTENDANCE_MODES[event.attendance],
        "eventStatus": f"https://schema.org/{cancelled}",
        "location": _locations(event),
        "organizer": _organizer(event, request, context["site_settings"]),
    }
    # Without a cover, the site's own link-preview image: search engines require one.
    image = renditions.open_graph_url(event.cover_image) or site_open_graph_image(context)
    data["image"] = [request.build_absolute_uri(image)]
    if event.registration_url:
        offer = {"@type": "Offer", "url": event.registration_url}
        if event.registration_deadline:
            offer["validThrough"] = _kyiv(event.registration_deadline).isoformat()
        data["offers"] = offer
    return data
