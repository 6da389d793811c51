"""An event's cover is an images.models.Cover, as an article's: new uploads go to covers/.
Stored files keep their names; no column changes (PostgreSQL: no-op)."""

import images.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0002_event_search_text'),
    ]

    operations = [
        migrations.AlterField(
            model_name='event',
            name='cover_image',
            field=images.fields.PictureField(blank=True, height_field='cover_height', help_text='A JPEG, PNG, WebP or AVIF photo. The site makes smaller copies for phones itself.', original_name_field='cover_original_name', upload_to='covers/%Y/%m/', verbose_name='cover image', width_field='cover_width'),
        ),
    ]
