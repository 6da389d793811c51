from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """What every editorial object shares (docs/architecture.md); no concrete models."""

    name = "editorial"
    verbose_name = _("Editorial tools")
