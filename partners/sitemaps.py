"""sitemap.xml sections for initiatives, hromadas and programmes, in the languages they have a
version in; lastmod is the latest change of the published news linked to them, the part of
such a page that changes (they keep no time of their own)."""

from django.db.models import Max, Q
from django.db.models.functions import Greatest

from news.models import Article
from news.sitemaps import TranslatedSitemap

from .models import Initiative, Municipality, Programme


class PartnerSitemap(TranslatedSitemap):
    model = None

    def get_items(self):
        return (
            self.model.objects.with_languages()
            .annotate(
                latest=Max(
                    Greatest("articles__updated_at", "articles__published_at"),
                    filter=Q(articles__in=Article.objects.published()),
                )
            )
            .only("slug")
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.latest


class InitiativeSitemap(PartnerSitemap):
    model = Initiative


class MunicipalitySitemap(PartnerSitemap):
    model = Municipality


class ProgrammeSitemap(PartnerSitemap):
    model = Programme


sitemaps = {
    "initiatives": InitiativeSitemap,
    "hromadas": MunicipalitySitemap,
    "programmes": ProgrammeSitemap,
}
