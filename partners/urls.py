from django.urls import path
from django.utils.translation import pgettext_lazy

from . import open_data, views

app_name = "partners"

urlpatterns = [
    path(
        pgettext_lazy("URL", "initiatives/"),
        views.InitiativeListView.as_view(),
        name="initiative_list",
    ),
    path(
        pgettext_lazy("URL", "initiatives/<slug:slug>/"),
        views.InitiativeDetailView.as_view(),
        name="initiative",
    ),
    path(
        pgettext_lazy("URL", "hromadas/"),
        views.MunicipalityListView.as_view(),
        name="municipality_list",
    ),
    path(
        pgettext_lazy("URL", "hromadas/<slug:slug>/"),
        views.MunicipalityDetailView.as_view(),
        name="municipality",
    ),
    path(
        pgettext_lazy("URL", "programmes/"),
        views.ProgrammeListView.as_view(),
        name="programme_list",
    ),
    path(
        pgettext_lazy("URL", "programmes/<slug:slug>/"),
        views.ProgrammeDetailView.as_view(),
        name="programme",
    ),
    path(pgettext_lazy("URL", "open-data/"), open_data.OpenDataView.as_view(), name="open_data"),
    path(
        pgettext_lazy("URL", "open-data/datapackage.json"),
        open_data.datapackage,
        name="datapackage",
    ),
    path(
        pgettext_lazy("URL", "open-data/hromadas.csv"),
        open_data.municipalities_csv,
        name="municipalities_csv",
    ),
    path(
        pgettext_lazy("URL", "open-data/hromadas.json"),
        open_data.municipalities_json,
        name="municipalities_json",
    ),
    path(
        pgettext_lazy("URL", "open-data/memberships.csv"),
        open_data.memberships_csv,
        name="memberships_csv",
    ),
    path(
        pgettext_lazy("URL", "open-data/memberships.json"),
        open_data.memberships_json,
        name="memberships_json",
    ),
]
