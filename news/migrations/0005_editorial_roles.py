"""The newsroom's two roles as groups: «Автор» writes, «Редактор» reviews and publishes.

What each role may do to a particular article (own drafts only, no publishing) is checked
in news/admin.py; the groups give the model permissions those checks start from.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUTHOR = "Автор"
EDITOR = "Редактор"

ROLES = {
    AUTHOR: [
        "news.add_article",
        "news.change_article",
        "news.delete_article",
        "news.view_article",
        "news.view_category",
        "news.add_tag",
        "news.view_tag",
    ],
    EDITOR: [
        "news.add_article",
        "news.change_article",
        "news.delete_article",
        "news.view_article",
        "news.publish_article",
        "news.purge_article",
        "news.add_category",
        "news.change_category",
        "news.delete_category",
        "news.view_category",
        "news.add_tag",
        "news.change_tag",
        "news.delete_tag",
        "news.view_tag",
    ],
}


def create_roles(apps, schema_editor):
    """Create or update both groups; also used by tests after a database flush."""
    # Permissions are normally created after all migrations; make them exist now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0004_editorial_workflow"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
