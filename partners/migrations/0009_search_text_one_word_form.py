"""The directory's search now shares the site search's word forms (editorial.search, issue 24),
which leave apostrophes out: «Кам’янець» is kept as «камянець». Every hromada's and
initiative's search_text is remade in that form; nothing else changes."""

from django.db import migrations

from editorial.search import word_forms
from editorial.text import html_to_text

# Municipality.compute_search_text()'s words for the kinds, written out here so that the
# migration gives the same result whenever it runs.
KIND_IN_CODIFIER = {"urban": "міська", "settlement": "селищна", "rural": "сільська"}


def remake_search_text(apps, schema_editor):
    Municipality = apps.get_model("partners", "Municipality")
    Initiative = apps.get_model("partners", "Initiative")
    hromadas = list(Municipality.objects.all())
    for hromada in hromadas:
        hromada.search_text = word_forms(
            hromada.name_uk,
            hromada.centre_uk,
            hromada.name_en,
            hromada.centre_en,
            KIND_IN_CODIFIER.get(hromada.kind, ""),
        )
    Municipality.objects.bulk_update(hromadas, ["search_text"], batch_size=500)
    initiatives = list(Initiative.objects.all())
    for initiative in initiatives:
        initiative.search_text = word_forms(
            initiative.acronym,
            initiative.name_uk,
            initiative.name_en,
            html_to_text(initiative.description_uk),
            html_to_text(initiative.description_en),
        )
    Initiative.objects.bulk_update(initiatives, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0008_initiative_search_text_database_default"),
    ]

    operations = [
        migrations.RunPython(remake_search_text, migrations.RunPython.noop),
    ]
