"""sitemap.xml section for the editor-managed pages: published ones only, both languages."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Page


class PageSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Page.objects.published().order_by("path")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return Page.objects.published().aggregate(latest=Max("updated_at"))["latest"]

    def get_languages_for_item(self, item):
        # Only the versions that exist (news/languages.py).
        return item.languages()


sitemaps = {"site-pages": PageSitemap}
