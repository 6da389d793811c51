from datetime import timedelta

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField

from images.body import referenced_names
from images.models import BodyImage


def names_in_rich_text():
    """Every body image any rich-text field of any model shows."""
    names = set()
    for model in apps.get_models():
        fields = [
            f.attname for f in model._meta.concrete_fields if isinstance(f, ProseEditorField)
        ]
        if fields:
            for row in model._base_manager.values_list(*fields).iterator():
                for text in row:
                    names |= referenced_names(text)
    return names


class Command(BaseCommand):
    help = (
        "Deletes images uploaded for rich text that no text shows any more (with their "
        "files and renditions), once they are older than --days (1 by default)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=1)

    def handle(self, *args, days=1, **options):
        # The grace period keeps an image an editor has inserted but not yet saved.
        cutoff = timezone.now() - timedelta(days=days)
        used = names_in_rich_text()
        unused = [
            image
            for image in BodyImage.objects.filter(created_at__lt=cutoff)
            if image.file.name not in used
        ]
        for image in unused:
            image.delete()  # PictureField deletes the file and renditions after commit
        self.stdout.write(self.style.SUCCESS(f"Невикористаних зображень видалено: {len(unused)}."))
