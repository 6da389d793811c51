from importlib import import_module

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The project itself as an app, for what spans the others: the editorial roles (after
    every migrate, once every app's permissions exist) and the deployment's system checks."""

    name = "amu_site"
    verbose_name = "AUC site"
    # This module holds another app's config too (AxesConfig below): "amu_site" is this one.
    default = True

    def ready(self):
        from . import roles  # reads the auth models: only once the apps are ready

        # The deployment's system checks register themselves when imported.
        import_module("amu_site.checks")
        # post_migrate comes for apps with models only, in this order: the last one's is
        # after every app's permissions exist.
        last = [config for config in apps.get_app_configs() if config.models_module][-1]
        post_migrate.connect(roles.sync_roles, sender=last, dispatch_uid="amu_site.sync_roles")


class AxesConfig(AxesAppConfig):
    """django-axes (failed sign-ins), under a name the Ukrainian admin translates; its other
    phrases are in amu_site/admin_phrases.py, as axes ships no Ukrainian catalogue."""

    verbose_name = _("Sign-in protection")
