from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from editorial.breadcrumbs import BreadcrumbsMixin, trail
from editorial.languages import LanguageVersionMixin, find_by_slug, get_language
from editorial.pagination import RememberedCountMixin
from editorial.previews import render_preview
from news.models import Article
from pagecache import cacheable, remember

from .calendar import calendar_response
from .models import Event, EventPreviewLink

# The whole-list calendar: what is coming and what a subscriber may look back on.
CALENDAR_LIMIT = 200


def past_years():
    """The years with past events in the active language, newest first (archive links)."""
    return remember(
        f"event-years:{get_language()}",
        lambda: [
            day.year
            for day in Event.objects.past().in_language().dates("starts_on", "year", "DESC")
        ],
    )


EVENTS = (_("Events"), reverse_lazy("events:list"))


@cacheable(query=["page"])
class UpcomingEventListView(BreadcrumbsMixin, RememberedCountMixin, ListView):
    """Events to come and those under way, soonest first; links to the past years."""

    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = settings.NEWS_PAGE_SIZE
    breadcrumbs = []

    def get_queryset(self):
        return Event.objects.upcoming().in_language().for_cards()

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive_years=past_years(), **kwargs)


@cacheable(query=["page"])
class PastEventYearView(BreadcrumbsMixin, RememberedCountMixin, ListView):
    """The events of a year that are over, the latest first; a year without any is 404."""

    template_name = "events/event_archive.html"
    breadcrumbs = [EVENTS]
    context_object_name = "events"
    paginate_by = settings.NEWS_PAGE_SIZE
    allow_empty = False

    def get_queryset(self):
        if self.year < 1:  # /podii/0000/: no such year in the calendar, nor on the site
            raise Http404
        return Event.objects.past().in_language().for_cards().filter(starts_on__year=self.year)

    @property
    def year(self):
        return self.kwargs["year"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.year, archive_years=past_years(), **kwargs)


def detail_queryset():
    """An event's page: its organiser in the same query, its hromadas and the public
    articles about it in one query each."""
    return (
        Event.objects.published()
        .select_related("programme", "initiative")
        .prefetch_related(
            "municipalities",
            Prefetch(
                "articles",
                queryset=Article.objects.published().for_cards(),
                to_attr="public_articles",
            ),
        )
    )


@cacheable
class EventDetailView(BreadcrumbsMixin, LanguageVersionMixin, DetailView):
    """An event by its slug in either language (as an article)."""

    template_name = "events/event_detail.html"
    context_object_name = "event"
    breadcrumbs = [EVENTS]

    def lookup_object(self):
        return find_by_slug(detail_queryset(), self.kwargs["slug"])


def event_calendar(request, slug):
    """One event as an .ics file, in the language of its address."""
    event = find_by_slug(Event.objects.published(), slug)
    if not event.has_language(get_language()):
        raise Http404
    return calendar_response([event], request, event.title, f"{event.slug_in(get_language())}.ics")


cacheable(event_calendar)


def events_calendar(request):
    """Upcoming events and the latest past ones, for a calendar app's subscription."""
    events = Event.objects.published().in_language().order_by("-starts_at", "-pk")
    name = gettext("Events of the Association of Ukrainian Cities")
    return calendar_response(list(events[:CALENDAR_LIMIT]), request, name, "events.ics")


cacheable(events_calendar)


def preview_response(request, event, **context):
    """An event (or one of its revisions) on its public template: see render_preview()."""
    if not hasattr(event, "public_articles"):
        event.public_articles = (
            list(Article.objects.published().for_cards().filter(events=event)) if event.pk else []
        )
    return render_preview(
        request,
        EventDetailView.template_name,
        {"event": event, "object": event, "breadcrumbs": trail(EVENTS), **context},
    )


def shared_preview(request, token):
    """A share link: works without an account until it expires or is revoked, then 404."""
    link = EventPreviewLink.from_token(token)
    if link is None:
        raise Http404
    return preview_response(request, link.event, preview_link=link)
