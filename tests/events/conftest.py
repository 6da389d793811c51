from datetime import time, timedelta

import pytest
from django.utils import timezone

from events.models import Event
from tests.partners.conftest import (  # noqa: F401
    initiative,
    make_municipality,
    oblast,
    ogp,
    programme,
)


@pytest.fixture
def make_event(db):
    """make_event(**overrides): a published in-person event a week from today, 10:00–13:00
    Kyiv time, announced a day ago, unless told otherwise."""
    counter = iter(range(1, 10_000))

    def make(**overrides):
        number = next(counter)
        municipalities = overrides.pop("municipalities", [])
        articles = overrides.pop("articles", [])
        fields = {
            "title_uk": f"Форум громад {number}",
            "lead_uk": "Міські голови обговорять бюджети.",
            "body_uk": "<p>Програма форуму.</p>",
            "starts_on": timezone.localdate() + timedelta(days=7),
            "start_time": time(10),
            "end_time": time(13),
            "venue_uk": "Український дім",
            "address_uk": "м. Київ, вул. Хрещатик, 2",
            "status": Event.Status.PUBLISHED,
            "published_at": timezone.now() - timedelta(days=1),
        } | overrides
        event = Event.objects.create(**fields)
        event.municipalities.set(municipalities)
        event.articles.set(articles)
        return event

    return make
