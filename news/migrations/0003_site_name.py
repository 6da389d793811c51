from django.conf import settings
from django.db import migrations


def name_the_site(apps, schema_editor):
    """The one site that redirects are keyed on, named for editors (not "example.com")."""
    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": "auc.org.ua", "name": "Асоціація міст України"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_import_record"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
