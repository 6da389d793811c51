from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

import pagecache


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages, menus and documents")

    def ready(self):
        from . import search, signals  # noqa: F401 - signals connects its receivers
        from .models import (  # the app registry is ready only here
            Document,
            DocumentCategory,
            Menu,
            MenuItem,
            Page,
            SiteSettings,
        )

        pagecache.watch(
            Page,
            public=lambda rows: rows.filter(status=Page.Status.PUBLISHED),
            next_change=Page.objects.next_visibility_change,
        )
        for model in (Menu, MenuItem, SiteSettings, Document, DocumentCategory):
            pagecache.watch(model)
        search.register_sources()
