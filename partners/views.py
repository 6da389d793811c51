import csv
import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse, JsonResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from editorial.breadcrumbs import BreadcrumbsMixin
from editorial.languages import LanguageVersionMixin, find_by_slug, get_language
from news.models import Article
from news.views import RememberedCountMixin
from pagecache import cacheable, remember

from .collation import ukrainian_order
from .models import Initiative, Membership, Municipality, Programme, Raion, localized


@cacheable(query=["page"])
class ArticlePageMixin(LanguageVersionMixin):
    """A page about one object with the published news linked to it in the reader's
    language, paginated. In a language the object lacks, the original with a note."""

    article_lookup = None

    def get_context_data(self, **kwargs):
        articles = (
            Article.objects.published()
            .in_language()
            .for_cards()
            .filter(**{self.article_lookup: self.object})
        )
        page = Paginator(articles, settings.NEWS_PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(articles=page.object_list, page_obj=page, **kwargs)


INITIATIVES = (_("Initiatives"), reverse_lazy("partners:initiative_list"))
HROMADAS = (_("Hromadas"), reverse_lazy("partners:municipality_list"))
PROGRAMMES = (_("Donor programmes"), reverse_lazy("partners:programme_list"))


@cacheable
class InitiativeListView(BreadcrumbsMixin, ListView):
    template_name = "partners/initiative_list.html"
    context_object_name = "initiatives"
    breadcrumbs = [INITIATIVES]

    def get_queryset(self):
        return (
            Initiative.objects.in_language()
            .annotate(member_count=Count("memberships"))
            .order_by(ukrainian_order(localized("name")))
            .prefetch_related("partners")
        )


class InitiativeDetailView(BreadcrumbsMixin, ArticlePageMixin, DetailView):
    model = Initiative
    template_name = "partners/initiative_detail.html"
    context_object_name = "initiative"
    article_lookup = "initiatives"
    breadcrumbs = [INITIATIVES]

    def get_context_data(self, **kwargs):
        memberships = self.object.memberships.select_related("municipality__oblast").order_by(
            ukrainian_order(f"municipality__{localized('name')}")
        )
        return super().get_context_data(
            partners=list(self.object.partners.all()), memberships=list(memberships), **kwargs
        )


# Each filter of the directory and the value of a hromada it compares (see facet_rows()).
STATUS_GROUPS = {
    Municipality.Status.OCCUPIED: "occupied",
    Municipality.Status.ACTIVE_HOSTILITIES: "hostilities",
    Municipality.Status.POSSIBLE_HOSTILITIES: "hostilities",
    Municipality.Status.DEOCCUPIED: "deoccupied",
}
FACETS = ("oblast", "raion", "kind", "member", "status")
# The directory's query parameters, in the order they appear in its addresses (also the
# open-data files'): q, the facets, initiative, and page for the list.
FILTER_PARAMETERS = ("q", *FACETS, "initiative")


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or centre"), required=False, max_length=100)
    oblast = forms.ChoiceField(
        label=_("Oblast"),
        required=False,
        error_messages={"invalid_choice": _("There is no such oblast in the list.")},
    )
    raion = forms.ChoiceField(
        label=_("Raion"),
        required=False,
        error_messages={"invalid_choice": _("There is no such raion in the list.")},
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[
            ("", _("All types")),
            (Municipality.Kind.URBAN, _("urban hromadas")),
            (Municipality.Kind.SETTLEMENT, _("settlement hromadas")),
            (Municipality.Kind.RURAL, _("rural hromadas")),
            (Municipality.Kind.SPECIAL, _("cities with special status")),
        ],
        error_messages={"invalid_choice": _("There is no such type in the list.")},
    )
    member = forms.ChoiceField(
        label=_("Membership in the association"),
        required=False,
        choices=[
            ("", _("Members and non-members")),
            ("on", _("AUC members")),
            ("no", _("Not members")),
        ],
        error_messages={"invalid_choice": _("There is no such choice in the list.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            ("occupied", _("temporarily occupied")),
            ("hostilities", _("hostilities (active or possible)")),
            ("deoccupied", _("de-occupied")),
        ],
        error_messages={"invalid_choice": _("There is no such status in the list.")},
    )
    initiative = forms.ChoiceField(
        label=_("Initiative"),
        required=False,
        error_messages={"invalid_choice": _("There is no such initiative in the list.")},
    )

    def __init__(self, *args, oblasts, raions, initiatives, **kwargs):
        """oblasts, initiatives: (slug, name) of each, in the order shown; raions: (code,
        name, oblast slug)."""
        super().__init__(*args, **kwargs)
        self.raions = raions
        self.fields["oblast"].choices = [("", _("All oblasts")), *oblasts]
        self.fields["raion"].choices = [("", _("All raions")), *[r[:2] for r in raions]]
        self.fields["initiative"].choices = [("", _("All hromadas")), *initiatives]

    @staticmethod
    def choices():
        """(oblasts, raions, initiatives) for the filters in the active language: two
        queries, remembered until public content changes."""

        def read():
            raions = Raion.objects.select_related("oblast").order_by(
                ukrainian_order(f"oblast__{localized('name')}"), ukrainian_order(localized("name"))
            )
            initiatives = Initiative.objects.in_language().order_by(
                ukrainian_order(localized("name"))
            )
            raions = [(raion.code, raion.name, raion.oblast) for raion in raions]
            oblasts = {oblast.slug: oblast.name for _code, _name, oblast in raions}
            return (
                list(oblasts.items()),
                [(code, name, oblast.slug) for code, name, oblast in raions],
                [(item.slug, item.acronym or item.name) for item in initiatives],
            )

        return remember(f"directory-choices:{get_language()}", read)

    def filters(self):
        """{parameter: value} of the valid filters that are set."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in FILTER_PARAMETERS if cleaned.get(name)}

    def show_counts(self, counts):
        """Label each choice with the number of hromadas it would leave, the other filters
        kept; the raions are those of the chosen oblast, or all of them grouped by oblast."""
        oblast_names = dict(self.fields["oblast"].choices[1:])
        for name in (*FACETS, "initiative"):
            field = self.fields[name]
            field.choices = field.choices[:1] + [
                (value, f"{label} ({counts[name].get(value, 0)})")
                for value, label in field.choices[1:]
            ]
        chosen = getattr(self, "cleaned_data", {}).get("oblast")
        raions = dict(self.fields["raion"].choices[1:])
        groups = {slug: [] for slug in oblast_names}
        for code, _name, oblast in self.raions:
            groups[oblast].append((code, raions[code]))
        field = self.fields["raion"]
        if chosen:
            field.choices = field.choices[:1] + groups[chosen]
        else:
            field.choices = field.choices[:1] + [
                (oblast_names[slug], choices) for slug, choices in groups.items() if choices
            ]


def filter_municipalities(queryset, filters, leave_out=()):
    """The hromadas the filters leave; leave_out: filters not applied (for a facet's count)."""
    applied = {name: value for name, value in filters.items() if name not in leave_out}
    if applied.get("q"):
        queryset = queryset.search(applied["q"])
    if applied.get("oblast"):
        queryset = queryset.filter(oblast__slug=applied["oblast"])
    if applied.get("raion"):
        queryset = queryset.filter(raion__code=applied["raion"])
    if applied.get("kind"):
        queryset = queryset.filter(kind=applied["kind"])
    if applied.get("member"):
        queryset = queryset.filter(amu_member=applied["member"] == "on")
    if applied.get("status"):
        statuses = [key for key, group in STATUS_GROUPS.items() if group == applied["status"]]
        queryset = queryset.filter(status__in=statuses)
    if applied.get("initiative"):
        queryset = queryset.filter(memberships__initiative__slug=applied["initiative"])
    return queryset


def facet_counts(filters):
    """{filter: {choice: number of hromadas}} with the other filters applied, and the total:
    two queries whatever the number of hromadas. The hromadas are grouped by the five plain
    facets (a few hundred groups) and the groups summed here; the initiatives are counted
    on their memberships."""
    base = filter_municipalities(Municipality.objects.in_language(), filters, leave_out=FACETS)
    groups = [
        {
            "oblast": oblast or "",
            "raion": raion or "",
            "kind": kind,
            "member": "on" if member else "no",
            "status": STATUS_GROUPS.get(status, ""),
            "count": count,
        }
        for oblast, raion, kind, member, status, count in base.order_by()
        .values_list("oblast__slug", "raion__code", "kind", "amu_member", "status")
        .annotate(Count("pk"))
    ]
    counts = {name: {} for name in FACETS}
    total = 0
    for group in groups:
        unmatched = [name for name in FACETS if filters.get(name, group[name]) != group[name]]
        if not unmatched:
            total += group["count"]
        if len(unmatched) <= 1:
            for name in unmatched or FACETS:
                counts[name][group[name]] = counts[name].get(group[name], 0) + group["count"]
    others = filter_municipalities(
        Municipality.objects.in_language(), filters, leave_out=["initiative"]
    )
    counts["initiative"] = dict(
        Membership.objects.filter(municipality__in=others.values("pk"))
        .order_by()
        .values_list("initiative__slug")
        .annotate(Count("municipality", distinct=True))
    )
    return counts, total


def directory_summary():
    """The directory's figures for its first screen: hromadas, cities with special status,
    members of the association. One query, remembered until public content changes."""

    def read():
        special = Q(kind=Municipality.Kind.SPECIAL)
        return Municipality.objects.aggregate(
            hromadas=Count("pk", filter=~special),
            cities=Count("pk", filter=special),
            members=Count("pk", filter=Q(amu_member=True)),
        )

    return remember("directory-summary", read)


def directory_form(request):
    oblasts, raions, initiatives = DirectoryFilterForm.choices()
    return DirectoryFilterForm(
        request.GET or None, oblasts=oblasts, raions=raions, initiatives=initiatives
    )


@cacheable(query=[*FILTER_PARAMETERS, "page"])
class MunicipalityListView(BreadcrumbsMixin, RememberedCountMixin, ListView):
    """The directory: every hromada, searchable and filtered, in Ukrainian order.

    What only the data decides (the filters' choices, the number of hromadas each choice
    leaves and in the list) is remembered until public content changes, as for the news
    lists; a search by name is counted afresh."""

    template_name = "partners/municipality_list.html"
    context_object_name = "municipalities"
    paginate_by = 50
    breadcrumbs = [HROMADAS]

    def get_queryset(self):
        self.form = directory_form(self.request)
        filters = self.form.filters()
        if filters.get("q"):
            counts, self.total = facet_counts(filters)
        else:
            key = f"directory-counts:{get_language()}:" + urlencode(sorted(filters.items()))
            counts, self.total = remember(key, lambda: facet_counts(filters))
        self.form.show_counts(counts)
        return (
            filter_municipalities(Municipality.objects.in_language(), filters)
            .select_related("oblast", "raion")
            .prefetch_related(Prefetch("memberships", memberships_in_language()))
            .alphabetical()
        )

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = self.total  # counted with the filters' choices
        return paginator

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=self.form,
            query=query.urlencode(),
            filtered=any(self.form.data.get(name) for name in self.form.fields),
            summary=directory_summary(),
            **kwargs,
        )


class MunicipalityDetailView(BreadcrumbsMixin, ArticlePageMixin, DetailView):
    queryset = Municipality.objects.select_related("oblast", "raion")
    template_name = "partners/municipality_detail.html"
    context_object_name = "municipality"
    article_lookup = "municipalities"

    def get_breadcrumbs(self):
        oblast = self.object.oblast
        if oblast is None:
            return [HROMADAS]
        name = gettext("%(name)s oblast") % {"name": oblast.name}
        return [HROMADAS, (name, f"{HROMADAS[1]}?oblast={oblast.slug}")]

    def get_context_data(self, **kwargs):
        memberships = memberships_in_language().filter(municipality=self.object)
        return super().get_context_data(
            memberships=list(memberships),
            status_periods=list(self.object.status_periods.all()),
            **kwargs,
        )


def memberships_in_language():
    """A hromada's memberships in the initiatives that have a version in the reader's
    language: an English page names no initiative that has no English page."""
    return (
        Membership.objects.filter(initiative__in=Initiative.objects.in_language())
        .select_related("initiative")
        .order_by("joined_year", "pk")
    )


@cacheable
class ProgrammeListView(BreadcrumbsMixin, ListView):
    template_name = "partners/programme_list.html"
    context_object_name = "programmes"
    breadcrumbs = [INITIATIVES, PROGRAMMES]

    def get_queryset(self):
        return Programme.objects.in_language().select_related("donor")


class ProgrammeDetailView(BreadcrumbsMixin, ArticlePageMixin, DetailView):
    queryset = Programme.objects.select_related("donor", "implementer")
    template_name = "partners/programme_detail.html"
    context_object_name = "programme"
    article_lookup = "programme"
    breadcrumbs = [PROGRAMMES]

    def lookup_object(self):
        # Either language's slug; the other language's one redirects (LanguageVersionMixin).
        return find_by_slug(self.get_queryset(), self.kwargs["slug"])


# --- Open data (docs/open-data.md) ----------------------------------------------------

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


class OpenDataView(BreadcrumbsMixin, TemplateView):
    template_name = "partners/open_data.html"
    breadcrumbs = [HROMADAS, (_("Open data"), reverse_lazy("partners:open_data"))]

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
