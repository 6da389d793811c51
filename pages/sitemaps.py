"""sitemap.xml section for the editor-managed pages: published ones only, both languages."""

from editorial.sitemaps import TranslatedSitemap

from .models import Page


class PageSitemap(TranslatedSitemap):
    def get_items(self):
        return Page.objects.published().order_by("path")

    def lastmod(self, item):
        return item.updated_at


sitemaps = {"site-pages": PageSitemap}
