"""sitemap.xml section for the editor-managed pages: published ones only, both languages."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Page


class PageSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Page.objects.published().only("path", "title_en", "updated_at").order_by("path")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return Page.objects.published().aggregate(latest=Max("updated_at"))["latest"]

    def get_languages_for_item(self, item):
        # /en/… of a page without an English title would show Ukrainian text.
        return [code for code, _name in settings.LANGUAGES if code == "uk" or item.title_en]


sitemaps = {"site-pages": PageSitemap}
