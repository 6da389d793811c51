from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The project itself as an app, for what spans the others: the page cache's signals."""

    name = "amu_site"
    verbose_name = "AMU site"

    def ready(self):
        from . import pagecache

        pagecache.connect_signals()
