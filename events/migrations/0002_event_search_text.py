"""Events found by the site search (editorial.models.Searchable): the words of every event
written before it, made here once; every save remakes them."""

from django.db import migrations, models

from editorial.models import search_text

# Event.search_fields as this migration was written.
SEARCH_FIELDS = (("title",), ("lead", "body", "venue", "address"))


def fill_search_text(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    events = list(Event.objects.all())
    for event in events:
        event.search_text = search_text(event, SEARCH_FIELDS)
    Event.objects.bulk_update(events, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="search_text",
            field=models.TextField(blank=True, db_default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
