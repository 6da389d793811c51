from importlib import import_module

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The project itself as an app (its date formats, management of the whole site)."""

    name = "amu_site"
    verbose_name = "AUC site"
    # This module holds another app's config too (AxesConfig below): "amu_site" is this one.
    default = True

    def ready(self):
        # The deployment's system checks register themselves when imported.
        import_module("amu_site.checks")


class AxesConfig(AxesAppConfig):
    """django-axes (failed sign-ins), under a name the Ukrainian admin translates; its other
    phrases are in amu_site/admin_phrases.py, as axes ships no Ukrainian catalogue."""

    verbose_name = _("Sign-in protection")
