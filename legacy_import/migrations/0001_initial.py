# The models that lived in news until issue 24, with their tables: the state takes them
# over, the database is not touched (news/migrations/0018 forgot them). Their content
# types move too, so that permissions given on them stay given.

import django.db.models.deletion
from django.db import migrations, models

MODELS = ["importrecord", "municipalitysuggestion"]


def move_content_types(apps, schema_editor, source="news", target="legacy_import"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        if not content_types.filter(app_label=target, model=model).exists():
            content_types.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="legacy_import", target="news")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("news", "0018_import_models_move_to_legacy_import"),
        ("partners", "0008_initiative_search_text_database_default"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportRecord",
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(help_text="The article's address on the old site; a repeated import finds it by this.", max_length=200, unique=True, verbose_name='old address')),
                        ('old_url', models.CharField(blank=True, max_length=500, verbose_name='old link')),
                        ('source', models.CharField(help_text='File (and line) of the last import.', max_length=300, verbose_name='source file')),
                        ('source_fingerprint', models.CharField(editable=False, max_length=64)),
                        ('article_fingerprint', models.CharField(editable=False, max_length=64)),
                        ('title_needs_review', models.BooleanField(default=False, help_text='The old page had no title: it was made from the first sentence. Untick when the title has been checked.', verbose_name='title needs checking')),
                        ('imported_at', models.DateTimeField(verbose_name='imported')),
                        ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='import_record', to='news.article', verbose_name='article')),
                    ],
                    options={
                        'verbose_name': 'import from the old site',
                        'verbose_name_plural': 'imports from the old site',
                        'db_table': 'news_importrecord',
                        'ordering': ['-imported_at'],
                    },
                ),
                migrations.CreateModel(
                    name="MunicipalitySuggestion",
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('mention', models.CharField(help_text='The words in the text, e.g. «Тернополя».', max_length=100, verbose_name='mentioned as')),
                        ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='municipality_suggestions', to='news.article', verbose_name='article')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='partners.municipality', verbose_name='hromada')),
                    ],
                    options={
                        'verbose_name': 'suggested hromada',
                        'verbose_name_plural': 'suggested hromadas',
                        'db_table': 'news_municipalitysuggestion',
                        'ordering': ['pk'],
                        'constraints': [models.UniqueConstraint(fields=('article', 'municipality'), name='news_suggestion_once_per_article')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back, elidable=True),
    ]
