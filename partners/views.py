import csv

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from amu_site import pagecache
from news.languages import LanguageVersionMixin, find_by_slug, get_language
from news.models import Article
from news.views import RememberedCountMixin

from .collation import ukrainian_order
from .models import Initiative, Membership, Municipality, Oblast, Programme, localized


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


class InitiativeListView(ListView):
    template_name = "partners/initiative_list.html"
    context_object_name = "initiatives"

    def get_queryset(self):
        return (
            Initiative.objects.in_language()
            .annotate(member_count=Count("memberships"))
            .order_by(ukrainian_order(localized("name")))
            .prefetch_related("partners")
        )


class InitiativeDetailView(ArticlePageMixin, DetailView):
    model = Initiative
    template_name = "partners/initiative_detail.html"
    context_object_name = "initiative"
    article_lookup = "initiatives"

    def get_context_data(self, **kwargs):
        memberships = self.object.memberships.select_related("municipality__oblast").order_by(
            ukrainian_order(f"municipality__{localized('name')}")
        )
        return super().get_context_data(
            partners=list(self.object.partners.all()), memberships=list(memberships), **kwargs
        )


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or centre"), required=False, max_length=100)
    oblast = forms.ChoiceField(
        label=_("Oblast"),
        required=False,
        error_messages={"invalid_choice": _("There is no such oblast in the list.")},
    )
    initiative = forms.ChoiceField(
        label=_("Initiative"),
        required=False,
        error_messages={"invalid_choice": _("There is no such initiative in the list.")},
    )
    member = forms.BooleanField(label=_("Members of the association only"), required=False)

    def __init__(self, *args, oblasts, initiatives, **kwargs):
        """oblasts, initiatives: (slug, name) of each, in the order shown."""
        super().__init__(*args, **kwargs)
        self.fields["oblast"].choices = [("", _("All oblasts")), *oblasts]
        self.fields["initiative"].choices = [("", _("All hromadas")), *initiatives]

    @staticmethod
    def choices():
        """(oblasts, initiatives) for the filters in the active language: two queries,
        remembered until public content changes."""

        def read():
            oblasts = Oblast.objects.order_by(ukrainian_order(localized("name")))
            initiatives = Initiative.objects.in_language().order_by(
                ukrainian_order(localized("name"))
            )
            return (
                [(oblast.slug, oblast.name) for oblast in oblasts],
                [(item.slug, item.acronym or item.name) for item in initiatives],
            )

        return pagecache.remember(f"directory-choices:{get_language()}", read)

    def show_counts(self, counts):
        """Label each oblast with the number of hromadas the other filters leave in it."""
        field = self.fields["oblast"]
        field.choices = field.choices[:1] + [
            (slug, f"{name} ({counts.get(slug, 0)})") for slug, name in field.choices[1:]
        ]


class MunicipalityListView(RememberedCountMixin, ListView):
    """The directory: every hromada, searchable and filtered, in Ukrainian order.

    What only the data decides (the filters' choices, the number of hromadas in each oblast
    and in the list) is remembered until public content changes, as for the news lists; a
    search by name is counted afresh."""

    template_name = "partners/municipality_list.html"
    context_object_name = "municipalities"
    paginate_by = 50

    def get_queryset(self):
        oblasts, initiatives = DirectoryFilterForm.choices()
        self.form = DirectoryFilterForm(
            self.request.GET or None, oblasts=oblasts, initiatives=initiatives
        )
        self.form.is_valid()
        filters = getattr(self.form, "cleaned_data", {})
        queryset = Municipality.objects.in_language()
        if filters.get("q"):
            queryset = queryset.search(filters["q"])
        if filters.get("member"):
            queryset = queryset.filter(amu_member=True)
        if filters.get("initiative"):
            queryset = queryset.filter(memberships__initiative__slug=filters["initiative"])

        def count_by_oblast():
            return dict(queryset.order_by().values_list("oblast__slug").annotate(Count("pk")))

        if filters.get("q"):
            counts = count_by_oblast()
        else:
            member, initiative = filters.get("member"), filters.get("initiative")
            key = f"directory-counts:{get_language()}:{member}:{initiative}"
            counts = pagecache.remember(key, count_by_oblast)
        self.form.show_counts(counts)
        if filters.get("oblast"):
            queryset = queryset.filter(oblast__slug=filters["oblast"])
        return (
            queryset.select_related("oblast", "raion")
            .prefetch_related(Prefetch("memberships", memberships_in_language()))
            .alphabetical()
        )

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=self.form,
            query=query.urlencode(),
            filtered=any(self.form.data.get(name) for name in self.form.fields),
            **kwargs,
        )


class MunicipalityDetailView(ArticlePageMixin, DetailView):
    queryset = Municipality.objects.select_related("oblast", "raion")
    template_name = "partners/municipality_detail.html"
    context_object_name = "municipality"
    article_lookup = "municipalities"

    def get_context_data(self, **kwargs):
        memberships = memberships_in_language().filter(municipality=self.object)
        return super().get_context_data(memberships=list(memberships), **kwargs)


def memberships_in_language():
    """A hromada's memberships in the initiatives that have a version in the reader's
    language: an English page names no initiative that has no English page."""
    return (
        Membership.objects.filter(initiative__in=Initiative.objects.in_language())
        .select_related("initiative")
        .order_by("joined_year", "pk")
    )


class ProgrammeListView(ListView):
    template_name = "partners/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return Programme.objects.in_language().select_related("donor")


class ProgrammeDetailView(ArticlePageMixin, DetailView):
    queryset = Programme.objects.select_related("donor", "implementer")
    template_name = "partners/programme_detail.html"
    context_object_name = "programme"
    article_lookup = "programme"

    def lookup_object(self):
        # Either language's slug; the other language's one redirects (LanguageVersionMixin).
        return find_by_slug(self.get_queryset(), self.kwargs["slug"])


# --- Open data (docs/open-data.md) ----------------------------------------------------

MUNICIPALITY_COLUMNS = [
    "code",
    "name_uk",
    "name_en",
    "kind",
    "oblast_code",
    "oblast_uk",
    "raion_code",
    "raion_uk",
    "centre_uk",
    "centre_en",
    "population",
    "population_year",
    "area_km2",
    "website",
    "amu_member",
    "amu_member_since",
    "status",
    "initiatives",
    "url",
]
MEMBERSHIP_COLUMNS = [
    "initiative",
    "initiative_uk",
    "initiative_en",
    "municipality_code",
    "municipality_uk",
    "oblast_uk",
    "joined_year",
    "status",
    "action_plan_start",
    "action_plan_end",
]


def municipality_records(request):
    municipalities = (
        Municipality.objects.select_related("oblast", "raion")
        .prefetch_related(Prefetch("initiatives", Initiative.objects.only("slug")))
        .order_by("code")
    )
    for municipality in municipalities:
        yield {
            "code": municipality.code,
            "name_uk": municipality.name_uk,
            "name_en": municipality.name_en or "",
            "kind": municipality.kind,
            "oblast_code": municipality.oblast.code,
            "oblast_uk": municipality.oblast.name_uk,
            "raion_code": municipality.raion.code,
            "raion_uk": municipality.raion.name_uk,
            "centre_uk": municipality.centre_uk,
            "centre_en": municipality.centre_en or "",
            "population": municipality.population,
            "population_year": municipality.population_year,
            "area_km2": str(municipality.area) if municipality.area is not None else None,
            "website": municipality.website,
            "amu_member": municipality.amu_member,
            "amu_member_since": municipality.amu_member_since,
            "status": municipality.status,
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
            "oblast_uk": membership.municipality.oblast.name_uk,
            "joined_year": membership.joined_year,
            "status": membership.status,
            "action_plan_start": membership.action_plan_start,
            "action_plan_end": membership.action_plan_end,
        }


# A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection"):
# "=HYPERLINK(…)" in a name would run when someone opens the open-data file in Excel.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return f"'{value}"
    return value


def csv_response(records, columns, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.DictWriter(response, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: csv_value(value) for key, value in record.items()})
    return response


def json_response(records, key):
    items = list(records)
    return JsonResponse(
        {"count": len(items), key: items},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
        content_type="application/json; charset=utf-8",
    )


def municipalities_csv(request):
    return csv_response(municipality_records(request), MUNICIPALITY_COLUMNS, "hromady.csv")


def municipalities_json(request):
    return json_response(municipality_records(request), "municipalities")


def memberships_csv(request):
    return csv_response(membership_records(request), MEMBERSHIP_COLUMNS, "chlenstvo.csv")


def memberships_json(request):
    return json_response(membership_records(request), "memberships")
