"""Revisions keep an article's bylines, as its tags. Each article's latest revision gets the
people it names now (what it showed); older ones name none, as bylines were not recorded."""

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models


def record_current_people(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    HistoricalArticle = apps.get_model("news", "HistoricalArticle")
    Rows = apps.get_model("news", "HistoricalArticle_people")
    rows = []
    for article in Article.objects.filter(people__isnull=False).distinct():
        latest = HistoricalArticle.objects.filter(id=article.pk).order_by("-history_id").first()
        if latest is not None:
            rows += [
                Rows(history=latest, article_id=article.pk, person_id=person_id)
                for person_id in article.people.values_list("pk", flat=True)
            ]
    Rows.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0019_people_and_bylines'),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalArticle_people',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('article', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='news.article')),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='news.historicalarticle')),
                ('person', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='news.person')),
            ],
            options={
                'verbose_name': 'HistoricalArticle_people',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(record_current_people, migrations.RunPython.noop),
    ]
