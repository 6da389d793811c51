from django.apps import apps
from django.core.management.base import BaseCommand

from images import renditions
from images.fields import PictureField


class Command(BaseCommand):
    help = (
        "Makes the missing renditions of every stored image (after changing the widths or "
        "formats, or if a save could not make them). --force remakes all of them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Remake existing renditions.")

    def handle(self, *args, force=False, **options):
        count = 0
        for model in apps.get_models():
            fields = [f for f in model._meta.get_fields() if isinstance(f, PictureField)]
            for field in fields:
                rows = model._base_manager.exclude(**{field.name: ""}).iterator()
                for instance in rows:
                    fieldfile = getattr(instance, field.name)
                    if not renditions.dimensions(fieldfile):
                        # Rows from before the size was stored: read it once and keep it.
                        field.update_dimension_fields(instance, force=True)
                        instance.save(update_fields=[field.width_field, field.height_field])
                    renditions.generate(fieldfile, force=force)
                    count += 1
        self.stdout.write(self.style.SUCCESS(f"Зображень оброблено: {count}."))
