"""Open data (docs/open-data.md): the directory and the memberships as CSV and JSON files,
described by a Frictionless Data package, and the page that explains them."""

import csv
import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from pagecache import cacheable

from .forms import FILTER_PARAMETERS, directory_form, filter_municipalities
from .models import Initiative, Membership, Municipality

# (column, Frictionless type, meaning): the files' columns, their datapackage.json schema and
# the table on the open-data page come from these lists.
MUNICIPALITY_COLUMNS = [
    ("code", "string", _("KATOTTG code of the hromada (UA and 17 digits): the key")),
    ("name_uk", "string", _("name as in the codifier («Тернопільська»)")),
    ("name_en", "string", _("English name (the official transliteration)")),
    ("kind", "string", _("type: urban, settlement, rural, or special (Kyiv, Sevastopol)")),
    ("oblast_code", "string", _("KATOTTG code of the oblast (empty for Kyiv and Sevastopol)")),
    ("oblast_uk", "string", _("oblast")),
    ("raion_code", "string", _("KATOTTG code of the raion")),
    ("raion_uk", "string", _("raion")),
    ("centre_uk", "string", _("administrative centre")),
    ("centre_en", "string", _("administrative centre in English")),
    ("population", "integer", _("population")),
    ("population_year", "integer", _("year the population is given for")),
    ("population_as_of", "date", _("date the population is given for")),
    ("population_source", "string", _("source of the population")),
    ("area_km2", "number", _("area, km² (decimal comma)")),
    ("area_as_of", "date", _("date of the area")),
    ("area_source", "string", _("source of the area")),
    ("website", "string", _("official website")),
    (
        "head_title",
        "string",
        _("head's title: mayor, settlement_head, village_head, military_administration"),
    ),
    ("amu_member", "boolean", _("member of the Association of Ukrainian Cities")),
    ("amu_member_since", "integer", _("year the hromada joined the association")),
    ("amu_member_until", "integer", _("year its membership ended")),
    (
        "status",
        "string",
        _("occupied, active_hostilities, possible_hostilities, deoccupied or empty"),
    ),
    ("status_since", "date", _("date the status began")),
    ("initiatives", "string", _("identifiers of its initiatives, space-separated")),
    ("url", "string", _("its page on this site")),
]
MEMBERSHIP_COLUMNS = [
    ("initiative", "string", _("identifier (slug) of the initiative, e.g. ogp-local")),
    ("initiative_uk", "string", _("name of the initiative")),
    ("initiative_en", "string", _("name of the initiative in English")),
    ("municipality_code", "string", _("KATOTTG code of the hromada")),
    ("municipality_uk", "string", _("name of the hromada")),
    ("oblast_uk", "string", _("oblast")),
    ("joined_year", "integer", _("year it joined")),
    ("status", "string", _("active, suspended or ended")),
    ("action_plan_start", "integer", _("first year of the action plan")),
    ("action_plan_end", "integer", _("last year of the action plan")),
]


def municipality_records(request):
    """The hromadas the directory's filters in the request leave, by code."""
    filters = directory_form(request).filters()
    municipalities = (
        filter_municipalities(Municipality.objects.all(), filters)
        .select_related("oblast", "raion")
        .prefetch_related(Prefetch("initiatives", Initiative.objects.only("slug")))
        .order_by("code")
    )
    for municipality in municipalities:
        oblast, raion = municipality.oblast, municipality.raion
        yield {
            "code": municipality.code,
            "name_uk": municipality.name_uk,
            "name_en": municipality.name_en or "",
            "kind": municipality.kind,
            "oblast_code": oblast.code if oblast else "",
            "oblast_uk": oblast.name_uk if oblast else "",
            "raion_code": raion.code if raion else "",
            "raion_uk": raion.name_uk if raion else "",
            "centre_uk": municipality.centre_uk,
            "centre_en": municipality.centre_en or "",
            "population": municipality.population,
            "population_year": municipality.population_year,
            "population_as_of": municipality.population_as_of,
            "population_source": municipality.population_source,
            "area_km2": municipality.area,
            "area_as_of": municipality.area_as_of,
            "area_source": municipality.area_source,
            "website": municipality.website,
            "head_title": municipality.head_title,
            "amu_member": municipality.amu_member,
            "amu_member_since": municipality.amu_member_since,
            "amu_member_until": municipality.amu_member_until,
            "status": municipality.status,
            "status_since": municipality.status_since,
            "initiatives": " ".join(sorted(i.slug for i in municipality.initiatives.all())),
            "url": request.build_absolute_uri(municipality.get_absolute_url()),
        }


def membership_records(request):
    memberships = Membership.objects.select_related("initiative", "municipality__oblast").order_by(
        "initiative__slug", "municipality__code"
    )
    for membership in memberships:
        yield {
            "initiative": membership.initiative.slug,
            "initiative_uk": membership.initiative.name_uk,
            "initiative_en": membership.initiative.name_en or "",
            "municipality_code": membership.municipality.code,
            "municipality_uk": membership.municipality.name_uk,
            "oblast_uk": getattr(membership.municipality.oblast, "name_uk", ""),
            "joined_year": membership.joined_year,
            "status": membership.status,
            "action_plan_start": membership.action_plan_start,
            "action_plan_end": membership.action_plan_end,
        }


# A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection"):
# "=HYPERLINK(…)" in a name would run when someone opens the open-data file in Excel.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# For Excel as Ukrainians have it: a UTF-8 BOM (without it Excel reads the file as
# Windows-1251), semicolons (the list separator of the Ukrainian locale) and a decimal comma
# (docs/decisions.md). datapackage.json tells other readers so.
CSV_DIALECT = {"delimiter": ";", "lineTerminator": "\n", "header": True}
DECIMAL_CHAR = ","


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value).replace(".", DECIMAL_CHAR)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return f"'{value}"
    return value


def csv_response(records, columns, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.DictWriter(
        response,
        fieldnames=[name for name, _type, _meaning in columns],
        delimiter=CSV_DIALECT["delimiter"],
        lineterminator=CSV_DIALECT["lineTerminator"],
    )
    writer.writeheader()
    for record in records:
        writer.writerow({key: csv_value(value) for key, value in record.items()})
    return response


def json_response(records, key):
    items = [
        {
            name: float(value) if isinstance(value, Decimal) else value
            for name, value in item.items()
        }
        for item in records
    ]
    return JsonResponse(
        {"count": len(items), key: items},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
        content_type="application/json; charset=utf-8",
    )


@cacheable(query=FILTER_PARAMETERS)
def municipalities_csv(request):
    return csv_response(municipality_records(request), MUNICIPALITY_COLUMNS, "hromady.csv")


@cacheable(query=FILTER_PARAMETERS)
def municipalities_json(request):
    return json_response(municipality_records(request), "municipalities")


@cacheable
def memberships_csv(request):
    return csv_response(membership_records(request), MEMBERSHIP_COLUMNS, "chlenstvo.csv")


@cacheable
def memberships_json(request):
    return json_response(membership_records(request), "memberships")


LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
SOURCES = [
    {
        "title": "Кодифікатор адміністративно-територіальних одиниць та територій "
        "територіальних громад (КАТОТТГ)",
        "path": "https://mindev.gov.ua/",
    },
    {
        "title": "Перелік територій, на яких ведуться (велися) бойові дії або тимчасово "
        "окупованих Російською Федерацією",
        "path": "https://mindev.gov.ua/",
    },
    {"title": "Асоціація міст України: список членів", "path": "https://auc.org.ua/"},
]


def last_updated():
    """The day the directory's data last changed: the latest revision of a hromada."""
    latest = (
        Municipality.history.order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return latest.date() if latest else None


def resource(name, url_name, columns, title):
    path = reverse(url_name).rsplit("/", 1)[1]
    fields = []
    for column, kind, meaning in columns:
        spec = {"name": column, "type": kind, "description": str(meaning)}
        if kind == "number":
            spec["decimalChar"] = DECIMAL_CHAR
        fields.append(spec)
    return {
        "name": name,
        "title": str(title),
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "dialect": CSV_DIALECT,
        "schema": {"fields": fields, "primaryKey": ["code"] if name == "hromadas" else []},
    }


def datapackage(request):
    """The Frictionless Data package that describes the CSV files (docs/open-data.md)."""
    updated = last_updated()
    package = {
        "name": "auc-hromadas",
        "title": str(_("Hromadas of Ukraine and the Association of Ukrainian Cities")),
        "homepage": request.build_absolute_uri(reverse("partners:open_data")),
        "licenses": [LICENCE],
        "sources": SOURCES,
        "resources": [
            resource(
                "hromadas", "partners:municipalities_csv", MUNICIPALITY_COLUMNS, _("Hromadas")
            ),
            resource(
                "memberships",
                "partners:memberships_csv",
                MEMBERSHIP_COLUMNS,
                _("Memberships in initiatives"),
            ),
        ],
    }
    if updated:
        package["updated"] = updated.isoformat()
    return JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 1})


class OpenDataView(TemplateView):
    template_name = "partners/open_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            municipality_columns=MUNICIPALITY_COLUMNS,
            membership_columns=MEMBERSHIP_COLUMNS,
            licence=LICENCE,
            sources=SOURCES,
            updated=last_updated(),
            directory_url=reverse("partners:municipality_list"),
            **kwargs,
        )
