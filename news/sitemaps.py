"""sitemap.xml sections for the news: articles, archives by year and month, categories,
tags and authors; and the initiatives, hromadas and programmes, whose pages change with their news.
Every address is listed in each language that has a version of it, with hreflang
alternates for exactly those (editorial/languages.py)."""

from django.conf import settings
from django.db.models import Max, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse

from editorial.languages import other_slugs
from editorial.sitemaps import TranslatedSitemap
from partners.models import Initiative, Municipality, Programme

from .models import Article, Category, Person, Tag, last_change


class ArticleSitemap(TranslatedSitemap):
    def get_items(self):
        return (
            Article.objects.published()
            .with_languages()
            .only("slug", "slug_en", "published_at", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.last_changed


class ArticleGroupSitemap(TranslatedSitemap):
    """Categories or tags that have published news, with the time of their latest change
    (`latest`, the lastmod of every item of a subclass)."""

    model = None

    def get_items(self):
        return (
            self.model.objects.filter(articles__in=Article.objects.published())
            .annotate(latest=Max(last_change("articles__")))
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.latest


class CategorySitemap(ArticleGroupSitemap):
    model = Category


class TagSitemap(ArticleGroupSitemap):
    model = Tag


class PersonSitemap(ArticleGroupSitemap):
    """The pages of the people named in bylines: an author's page lists their pieces."""

    model = Person


class PartnerSitemap(ArticleGroupSitemap):
    """Every initiative, hromada or programme, with or without news: its page says who it
    is. They keep no time of their own; lastmod is the latest change of their published
    news, the part of such a page that changes."""

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


class Period:
    """An archive page: a year, or a month of a year, and the languages it has news in."""

    def __init__(self, year, month=None):
        self.year, self.month = year, month
        self.lastmod = None
        self.language_codes = []

    def languages(self):
        return [code for code, _name in settings.LANGUAGES if code in self.language_codes]

    def get_absolute_url(self):
        if self.month is None:
            return reverse("news:archive_year", kwargs={"year": self.year})
        return reverse("news:archive_month", kwargs={"year": self.year, "month": self.month})


class ArchiveSitemap(TranslatedSitemap):
    """The archive of every year and month with news, in each language that has some."""

    def get_items(self):
        periods = {}
        for code, _name in settings.LANGUAGES:
            months = (
                Article.objects.published()
                .in_language(code)
                .order_by()
                .annotate(month=TruncMonth("published_at"))
                .values("month")
                .annotate(latest=Max(last_change()))
            )
            for row in months:
                start = row["month"]
                for key in ((start.year, start.month), (start.year, None)):
                    period = periods.setdefault(key, Period(*key))
                    if code not in period.language_codes:
                        period.language_codes.append(code)
                    period.lastmod = max(filter(None, (period.lastmod, row["latest"])))
        return [
            periods[key] for key in sorted(periods, key=lambda k: (k[0], k[1] or 0), reverse=True)
        ]

    def lastmod(self, period):
        return period.lastmod


sitemaps = {
    "articles": ArticleSitemap,
    "archives": ArchiveSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "authors": PersonSitemap,
    "initiatives": InitiativeSitemap,
    "hromadas": MunicipalitySitemap,
    "programmes": ProgrammeSitemap,
}
