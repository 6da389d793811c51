# The import from the old site's two models now belong to legacy_import (issue 24). Their
# tables stay as they are: news only forgets the models; legacy_import/migrations/0001
# takes them over under the same table names. No SQL.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0017_english_slugs_of_categories_and_tags"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ImportRecord"),
                migrations.DeleteModel(name="MunicipalitySuggestion"),
            ],
        ),
    ]
