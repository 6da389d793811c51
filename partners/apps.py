from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

import pagecache

from .collation import register_sqlite_collation


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        # Imported here, not at the top: models may be imported only once the app registry
        # is ready, and this module is read before it is (no import cycle is dodged).
        from . import models, search

        connection_created.connect(register_sqlite_collation, dispatch_uid="uk_collation")
        for model in (
            models.Initiative,
            models.Membership,
            models.Municipality,
            models.Oblast,
            models.Organization,
            models.Programme,
            models.Raion,
        ):
            pagecache.watch(model)
        search.register_sources()
