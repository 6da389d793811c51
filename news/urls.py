from django.urls import path
from django.utils.translation import pgettext_lazy

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(pgettext_lazy("URL", "news/"), views.ArticleListView.as_view(), name="list"),
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
    path(pgettext_lazy("URL", "search/"), views.SearchView.as_view(), name="search"),
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
