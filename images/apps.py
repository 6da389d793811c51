from django.apps import AppConfig, apps
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = _("Images")

    def ready(self):
        # Pillow warns above this and refuses at twice it; uploads.py refuses above it
        # from the header alone. This also guards every other Image.open in the process.
        Image.MAX_IMAGE_PIXELS = settings.IMAGES_MAX_PIXELS

        from .fields import PictureField, connect_history  # models exist only now

        for model in apps.get_models():
            if any(isinstance(f, PictureField) for f in model._meta.concrete_fields):
                connect_history(model)
