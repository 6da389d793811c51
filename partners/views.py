"""The public pages of the registry: initiatives, programmes, and the directory of
hromadas with each hromada's page. The open-data files are in open_data.py."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView, ListView

from editorial.languages import LanguageVersionMixin, find_by_slug, get_language, localized
from editorial.pagination import RememberedCountMixin
from pagecache import cacheable, remember

from .collation import ukrainian_order
from .forms import FACETS, FILTER_PARAMETERS, STATUS_GROUPS, directory_form, filter_municipalities
from .models import Initiative, Membership, Municipality, Programme


@cacheable(query=["page"])
class ArticlePageMixin(LanguageVersionMixin):
    """A page about one object with the published news linked to it in the reader's
    language, paginated. In a language the object lacks, the original with a note."""

    def get_context_data(self, **kwargs):
        # The reverse side of the article's relation: Article's default manager, so the one
        # visibility rule (published()) applies.
        articles = self.object.articles.published().in_language().for_cards()
        page = Paginator(articles, settings.NEWS_PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(articles=page.object_list, page_obj=page, **kwargs)


@cacheable
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

    def get_context_data(self, **kwargs):
        memberships = self.object.memberships.select_related("municipality__oblast").order_by(
            ukrainian_order(f"municipality__{localized('name')}")
        )
        return super().get_context_data(
            partners=list(self.object.partners.all()), memberships=list(memberships), **kwargs
        )


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


@cacheable(query=[*FILTER_PARAMETERS, "page"])
class MunicipalityListView(RememberedCountMixin, ListView):
    """The directory: every hromada, searchable and filtered, in Ukrainian order.

    What only the data decides (the filters' choices, the number of hromadas each choice
    leaves and in the list) is remembered until public content changes, as for the news
    lists; a search by name is counted afresh."""

    template_name = "partners/municipality_list.html"
    context_object_name = "municipalities"
    paginate_by = 50

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


class MunicipalityDetailView(ArticlePageMixin, DetailView):
    queryset = Municipality.objects.select_related("oblast", "raion")
    template_name = "partners/municipality_detail.html"
    context_object_name = "municipality"

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
class ProgrammeListView(ListView):
    template_name = "partners/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return Programme.objects.in_language().select_related("donor")


class ProgrammeDetailView(ArticlePageMixin, DetailView):
    queryset = Programme.objects.select_related("donor", "implementer")
    template_name = "partners/programme_detail.html"
    context_object_name = "programme"

    def lookup_object(self):
        # Either language's slug; the other language's one redirects (LanguageVersionMixin).
        return find_by_slug(self.get_queryset(), self.kwargs["slug"])
