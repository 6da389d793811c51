"""The directory's filters: the form, and the hromadas a set of filters leaves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from editorial.languages import get_language, localized
from pagecache import remember

from .collation import ukrainian_order
from .models import Initiative, Municipality, Raion

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


def directory_form(request):
    oblasts, raions, initiatives = DirectoryFilterForm.choices()
    return DirectoryFilterForm(
        request.GET or None, oblasts=oblasts, raions=raions, initiatives=initiatives
    )
