"""The directory and the initiatives in the header menus, after News (pages app's menus)."""

from django.db import migrations

SECTIONS = [("directory", 20), ("initiatives", 30)]


def add(apps, schema_editor):
    MenuItem = apps.get_model("pages", "MenuItem")
    for menu in apps.get_model("pages", "Menu").objects.filter(location="header"):
        for section, position in SECTIONS:
            if not MenuItem.objects.filter(menu=menu, section=section).exists():
                MenuItem.objects.create(menu=menu, section=section, position=position)


def remove(apps, schema_editor):
    apps.get_model("pages", "MenuItem").objects.filter(
        menu__location="header", section__in=[section for section, _ in SECTIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("pages", "0002_menus_and_site_settings"),
    ]

    operations = [migrations.RunPython(add, remove)]
