"""Non-breaking spaces in the rich text saved before the typography rules (issue 26).

Rich text gets them when it is saved (editorial.fields.RichTextField); this gives the rows
saved earlier the same, once. update() leaves revisions, timestamps and caches alone: the
text reads the same, only its line breaks change.
"""

from django.db import migrations

from editorial.typography import typograph_html

RICH_TEXT = [
    ("news", "Article", "body"),
    ("pages", "Page", "body"),
    ("partners", "Programme", "description"),
    ("partners", "Initiative", "description"),
]
LANGUAGES = ("uk", "en")


def typograph_rich_text(apps, schema_editor):
    for app_label, model_name, field in RICH_TEXT:
        model = apps.get_model(app_label, model_name)
        names = [f"{field}_{language}" for language in LANGUAGES]
        for row in model._base_manager.only("pk", *names).iterator(chunk_size=500):
            changed = {}
            for name in names:
                value = getattr(row, name)
                if value and (new := typograph_html(value)) != value:
                    changed[name] = new
            if changed:
                model._base_manager.filter(pk=row.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0007_menu_section_hromadas"),
        ("news", "0015_article_slug_not_a_year"),
        ("partners", "0006_programme_footer_text"),
    ]

    operations = [migrations.RunPython(typograph_rich_text, migrations.RunPython.noop)]
