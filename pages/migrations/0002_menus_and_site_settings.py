"""The four menus (header and footer, in Ukrainian and English) with the News section,
and the one site-settings record, so that a new site has a working header from the start."""

from django.db import migrations

LANGUAGES = ["uk", "en"]


def create(apps, schema_editor):
    Menu = apps.get_model("pages", "Menu")
    MenuItem = apps.get_model("pages", "MenuItem")
    SiteSettings = apps.get_model("pages", "SiteSettings")
    for language in LANGUAGES:
        for location in ["header", "footer"]:
            menu, created = Menu.objects.get_or_create(location=location, language=language)
            if created and location == "header":
                MenuItem.objects.create(menu=menu, section="news", position=10)
                MenuItem.objects.create(menu=menu, section="documents", position=90)
    SiteSettings.objects.get_or_create(
        pk=1,
        defaults={
            "name": "Асоціація міст України",
            "name_uk": "Асоціація міст України",
            "name_en": "Association of Ukrainian Cities",
            "short_name": "АМУ",
            "short_name_uk": "АМУ",
            "short_name_en": "AUC",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
