"""Made the groups «Автор» and «Редактор»; what they may do is now declared in
amu_site/roles.py, which every `migrate` applies (post_migrate)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0004_editorial_workflow"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
