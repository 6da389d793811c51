"""System checks of the deployment's own: they run with `manage.py check`, in `release` and
before gunicorn's first worker (deploy/gunicorn.conf.py)."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string


@register()
def storage_backends_importable(app_configs, **kwargs):
    """A storage backend that cannot be imported (AWS_STORAGE_BUCKET_NAME set without
    django-storages) would pass every health check and answer 500 on every page with a
    picture: start-up stops here instead."""
    errors = []
    for alias, options in settings.STORAGES.items():
        backend = options.get("BACKEND", "")
        try:
            import_string(backend)
        except ImportError as error:
            errors.append(
                Error(
                    f"Сховище файлів «{alias}» ({backend}) не імпортується: {error} "
                    f"(the {alias!r} storage backend cannot be imported).",
                    hint=(
                        "Для медіа в S3 потрібен django-storages: pip install '.[s3]' "
                        "(образ Docker має його завжди); без S3 приберіть "
                        "AWS_STORAGE_BUCKET_NAME."
                    ),
                    id="amu_site.E001",
                )
            )
    return errors
