"""sitemap.xml section for the events: every public one, in the languages it exists in."""

from editorial.sitemaps import TranslatedSitemap

from .models import Event


class EventSitemap(TranslatedSitemap):
    def get_items(self):
        return (
            Event.objects.published()
            .with_languages()
            .only("slug", "slug_en", "updated_at")
            .order_by("-starts_at", "-pk")
        )

    def lastmod(self, event):
        return event.updated_at


sitemaps = {"events": EventSitemap}
