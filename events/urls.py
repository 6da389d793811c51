from django.urls import path
from django.utils.translation import pgettext_lazy

import news.urls  # noqa: F401 - registers the <year> converter these addresses share

from . import views

app_name = "events"

urlpatterns = [
    path(pgettext_lazy("URL", "events/"), views.UpcomingEventListView.as_view(), name="list"),
    path(pgettext_lazy("URL", "events.ics"), views.events_calendar, name="calendar"),
    # Before the event: an event's slug is never four digits alone (validate_not_year).
    path(
        pgettext_lazy("URL", "events/<year:year>/"),
        views.PastEventYearView.as_view(),
        name="archive_year",
    ),
    path(
        pgettext_lazy("URL", "events/preview/<str:token>/"),
        views.shared_preview,
        name="preview",
    ),
    path(pgettext_lazy("URL", "events/<slug:slug>.ics"), views.event_calendar, name="ics"),
    path(
        pgettext_lazy("URL", "events/<slug:slug>/"), views.EventDetailView.as_view(), name="event"
    ),
]
