"""The editorial roles (news/migrations/0005_editorial_roles.py) get their share of pages,
menus, documents and site settings: «Редактор» manages all of them and publishes pages;
«Автор» uploads documents for the news (pages are the association's official texts, which
editors write)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUTHOR = "Автор"
EDITOR = "Редактор"


def crud(model):
    return [f"pages.{action}_{model}" for action in ("add", "change", "delete", "view")]


ROLES = {
    AUTHOR: ["pages.add_document", "pages.change_document", "pages.view_document"]
    + ["pages.view_documentcategory"],
    EDITOR: [
        *crud("page"),
        "pages.publish_page",
        *crud("menu"),
        *crud("menuitem"),
        *crud("document"),
        *crud("documentcategory"),
        "pages.change_sitesettings",
        "pages.view_sitesettings",
    ],
}


def grant(apps, schema_editor):
    """Add (never replace) the permissions; also used by tests after a database flush."""
    app_config = apps.get_app_config("pages")
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="pages",
                codename__in=[dotted.split(".")[1] for dotted in codenames],
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="pages"))


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0003_page_workflow_and_revisions"),
        ("news", "0005_editorial_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
