from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegacyImportConfig(AppConfig):
    """The one-off import from the old site (docs/import.md); removable, news knows nothing
    of it. Its admin re-registers the article admin with the import's inlines, filter and
    action."""

    name = "legacy_import"
    verbose_name = _("imports from the old site")
