"""Events in the site search (editorial.search.Source), found by the words of their texts and
places in any form."""

from django.utils.translation import gettext_lazy as _

from editorial import search
from editorial.text import html_to_text

from .models import Event


def find_events(query):
    """The latest first: those to come, then those past."""
    return search.match_words(Event.objects.published().in_language(), query).order_by(
        "-title_hits", "-starts_at", "-pk"
    )


def register_sources():
    search.register(
        search.Source(
            key="events",
            label=_("Events"),
            order=40,
            find=find_events,
            template="events/search_result.html",
            title=lambda event: event.title,
            passage=lambda event: "\n".join(filter(None, [event.lead, html_to_text(event.body)])),
        )
    )
