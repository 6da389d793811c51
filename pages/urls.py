from django.urls import path, register_converter
from django.utils.translation import pgettext_lazy

from . import views


class PagePathConverter:
    """Slugs joined by "/": "pro-amu/statut". Addresses with dots (old .html links) never
    match, so they get a plain 404 (or their redirect) instead of a slash-appending 301."""

    regex = r"[-a-zA-Z0-9_]+(?:/[-a-zA-Z0-9_]+)*"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PagePathConverter, "pagepath")

app_name = "pages"

urlpatterns = [
    path(pgettext_lazy("URL", "documents/"), views.DocumentListView.as_view(), name="documents"),
    path(pgettext_lazy("URL", "documents/<int:pk>/"), views.document_file, name="document"),
    path(
        pgettext_lazy("URL", "preview/page/<str:token>/"),
        views.shared_page_preview,
        name="preview",
    ),
    # The catch-all: a page's tree path. amu_site/urls.py includes this module last.
    path("<pagepath:path>/", views.PageDetailView.as_view(), name="page"),
]
