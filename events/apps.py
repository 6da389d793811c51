from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

import pagecache


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        # These read the models, which exist only once the app registry is ready.
        from news.signals import demo_content_loaded

        from . import search
        from .demo import load_demo_events
        from .models import Event

        # An event leaves "upcoming" at its end, a scheduled one appears at its time: no page
        # outlives either, without a cron job.
        pagecache.watch(
            Event,
            public=lambda rows: rows.filter(status=Event.Status.PUBLISHED),
            next_change=Event.objects.next_visibility_change,
        )
        search.register_sources()
        demo_content_loaded.connect(load_demo_events, dispatch_uid="events_demo")
