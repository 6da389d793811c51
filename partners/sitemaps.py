"""sitemap.xml sections for initiatives, hromadas and programmes, in the languages they have a
version in; lastmod is the latest change of the published news linked to them, the part of
such a page that changes (they keep no time of their own)."""

from django.db.models import Max, Q

from editorial.languages import other_slugs
from news.models import Article, last_change
from news.sitemaps import ArticleGroupSitemap

from .models import Initiative, Municipality, Programme


class PartnerSitemap(ArticleGroupSitemap):
    """Every one, with or without news: its page says who it is."""

    def get_items(self):
        return (
            self.model.objects.with_languages()
            .annotate(
                latest=Max(
                    last_change("articles__"),
                    filter=Q(articles__in=Article.objects.published()),
                )
            )
            .only("slug", *other_slugs(self.model))  # a programme's English slug too
            .order_by("slug")
        )


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
