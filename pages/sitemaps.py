"""sitemap.xml section for the editor-managed pages: published ones only, both languages."""

from django.db.models import Max

from news.sitemaps import TranslatedSitemap

from .models import Page


class PageSitemap(TranslatedSitemap):
    def items(self):
        return Page.objects.published().order_by("path")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return Page.objects.published().aggregate(latest=Max("updated_at"))["latest"]


sitemaps = {"site-pages": PageSitemap}
