from django.urls import path, register_converter
from django.utils.translation import pgettext_lazy

from editorial.text import YEAR

from . import feeds, views


class YearConverter:
    regex = YEAR

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class MonthConverter:
    regex = "0[1-9]|1[0-2]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(YearConverter, "year")
register_converter(MonthConverter, "month")

app_name = "news"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(pgettext_lazy("URL", "news/"), views.NewsListView.as_view(), name="list"),
    path(pgettext_lazy("URL", "news/<feedformat:format>.xml"), feeds.latest, name="feed"),
    path(
        pgettext_lazy("URL", "news/category/<slug:slug>/<feedformat:format>.xml"),
        feeds.category,
        name="category_feed",
    ),
    path(
        pgettext_lazy("URL", "news/tag/<slug:slug>/<feedformat:format>.xml"),
        feeds.tag,
        name="tag_feed",
    ),
    path(
        pgettext_lazy("URL", "news/category/<slug:slug>/"),
        views.CategoryArticleListView.as_view(),
        name="category",
    ),
    path(
        pgettext_lazy("URL", "news/tag/<slug:slug>/"),
        views.TagArticleListView.as_view(),
        name="tag",
    ),
    path(
        pgettext_lazy("URL", "news/authors/<slug:slug>/"),
        views.PersonArticleListView.as_view(),
        name="person",
    ),
    path(
        pgettext_lazy("URL", "news/authors/<slug:slug>/<feedformat:format>.xml"),
        feeds.person,
        name="person_feed",
    ),
    path(pgettext_lazy("URL", "search/"), views.SearchView.as_view(), name="search"),
    # Before the article: an article's slug is never four digits alone (Article.slug's
    # validator, unique_slug's reserved), so the two never compete for an address.
    path(
        pgettext_lazy("URL", "news/<year:year>/"),
        views.ArticleYearArchiveView.as_view(),
        name="archive_year",
    ),
    path(
        pgettext_lazy("URL", "news/<year:year>/<month:month>/"),
        views.ArticleMonthArchiveView.as_view(),
        name="archive_month",
    ),
    path(
        pgettext_lazy("URL", "preview/<str:token>/"),
        views.shared_preview,
        name="preview",
    ),
    path(
        pgettext_lazy("URL", "news/<slug:slug>/"),
        views.ArticleDetailView.as_view(),
        name="article",
    ),
]

# The news of one hromada or initiative, as feeds: news' feeds at addresses in the partners'
# sections and under their names (partners:municipality_feed). amu_site/urls.py adds them to
# the partners' patterns, since partners imports nothing from news.
partner_feed_patterns = [
    path(
        pgettext_lazy("URL", "initiatives/<slug:slug>/<feedformat:format>.xml"),
        feeds.initiative,
        name="initiative_feed",
    ),
    path(
        pgettext_lazy("URL", "hromadas/<slug:slug>/<feedformat:format>.xml"),
        feeds.municipality,
        name="municipality_feed",
    ),
]
