"""Gave the editorial roles their share of pages, menus, documents and site settings; that is
now declared in amu_site/roles.py, which every `migrate` applies (post_migrate)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0003_page_workflow_and_revisions"),
        ("news", "0005_editorial_roles"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
