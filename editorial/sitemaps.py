"""The sitemap base of translated objects: each address in every language it exists in."""

from django.contrib.sitemaps import Sitemap


class TranslatedSitemap(Sitemap):
    """Each item in the languages it exists in (TranslatedModel.languages()), each language
    version pointing to the others and x-default to the Ukrainian one."""

    i18n = True
    alternates = True
    x_default = True

    def get_languages_for_item(self, item):
        return item.languages()

    def items(self):
        # Django asks for the items for the paginator, the index's lastmod and each page:
        # read them once per request (a view makes a sitemap per request).
        if not hasattr(self, "_item_list"):
            self._item_list = list(self.get_items())
        return self._item_list

    def get_items(self):
        raise NotImplementedError

    def get_latest_lastmod(self):
        return max(filter(None, (self.lastmod(item) for item in self.items())), default=None)
