from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages, menus and documents")

    def ready(self):
        from . import signals  # noqa: F401 - connects the cache invalidation
