from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from editorial.admin_languages import EnglishFilter, TranslationStatusAdmin

from .collation import ukrainian_order
from .directory_import import show
from .models import (
    Initiative,
    Membership,
    Municipality,
    Oblast,
    Organization,
    Programme,
    Raion,
    StatusPeriod,
)

REVISIONS_SHOWN = 20


def municipality_choices(db_field, kwargs):
    """Chosen hromadas are labelled with their oblast: fetch it in the same query."""
    if db_field.related_model is Municipality:
        kwargs.setdefault("queryset", Municipality.objects.select_related("oblast"))
    return kwargs


class MunicipalityChoicesMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **municipality_choices(db_field, kwargs)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(
            db_field, request, **municipality_choices(db_field, kwargs)
        )


@admin.register(Organization)
class OrganizationAdmin(TranslationStatusAdmin):
    list_display = ["name", "acronym", "kind", "english", "website"]
    list_filter = ["kind", EnglishFilter]
    search_fields = ["name_uk", "name_en", "acronym_uk", "acronym_en"]


@admin.register(Programme)
class ProgrammeAdmin(TranslationStatusAdmin):
    list_display = [
        "acronym",
        "name",
        "donor",
        "start_date",
        "end_date",
        "english",
        "article_count",
    ]
    list_filter = [EnglishFilter, "donor"]
    list_select_related = ["donor"]
    search_fields = ["acronym_uk", "acronym_en", "name_uk", "name_en"]
    autocomplete_fields = ["donor", "implementer"]
    date_hierarchy = "start_date"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


class MembershipInline(MunicipalityChoicesMixin, admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["municipality"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality__oblast")


@admin.register(Initiative)
class InitiativeAdmin(TranslationStatusAdmin):
    list_display = ["name", "acronym", "start_year", "english", "member_count"]
    list_filter = [EnglishFilter]
    search_fields = ["name_uk", "name_en", "acronym"]
    autocomplete_fields = ["partners"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


class AssociationMemberFilter(admin.SimpleListFilter):
    title = _("member of the association")
    parameter_name = "amu_member"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(amu_member=self.value() == "yes")
        return queryset


class StatusPeriodInline(admin.TabularInline):
    model = StatusPeriod
    extra = 0
    fields = ["status", "started_on", "ended_on"]


@admin.register(Municipality)
class MunicipalityAdmin(TranslationStatusAdmin):
    list_display = ["name", "kind", "oblast", "raion", "code", "amu_member", "special_status"]
    actions = ["mark_members", "unmark_members"]
    inlines = [StatusPeriodInline]
    list_filter = [
        "oblast",
        "kind",
        AssociationMemberFilter,
        ("initiatives", admin.RelatedOnlyFieldListFilter),
        "status",
    ]
    list_select_related = ["oblast", "raion"]
    search_fields = ["code"]
    search_help_text = _("A name in any case form (e.g. «Тернополя») or a KATOTTG code.")
    # The model's order without its tie-breaker "code": the admin marks the first plain
    # column of an ordering as the sorted one, and the list looked sorted by code.
    ordering = [ukrainian_order("name_uk")]
    autocomplete_fields = ["oblast", "raion"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "centre", "oblast", "raion", "code", "slug"]}),
        (
            _("Facts"),
            {
                "fields": [
                    "population",
                    "population_year",
                    "population_as_of",
                    "population_source",
                    "area",
                    "area_as_of",
                    "area_source",
                    "website",
                    "website_as_of",
                    "website_source",
                    "head_title",
                    "head_title_as_of",
                    "head_title_source",
                    "coat_of_arms",
                ]
            },
        ),
        (
            _("Status"),
            {
                "fields": [
                    "amu_member",
                    "amu_member_since",
                    "amu_member_until",
                    "status",
                    "status_since",
                ]
            },
        ),
        (_("Changes"), {"fields": ["revisions"]}),
    ]
    readonly_fields = ["revisions"]

    @admin.display(description=_("who changed what, and when"))
    def revisions(self, municipality):
        """The latest revisions (django-simple-history), each against the one before it:
        imports and the membership actions write no admin log entry, so the admin's own
        history page would not show them."""
        if municipality.pk is None:
            return "—"
        records = list(municipality.history.select_related("history_user")[: REVISIONS_SHOWN + 1])
        if not records:
            return "—"
        rows = []
        for newer, older in zip(records, [*records[1:], None], strict=True):
            if len(rows) == REVISIONS_SHOWN:
                break
            if older is None:
                changes = gettext("first recorded version")
            else:
                delta = newer.diff_against(older, excluded_fields=["history_change_reason"])
                changes = (
                    "; ".join(
                        f"{Municipality._meta.get_field(change.field).verbose_name}: "
                        f"{show(change.old)} → {show(change.new)}"
                        for change in delta.changes
                    )
                    or "—"
                )
            rows.append(
                (
                    date_format(timezone.localtime(newer.history_date), "j E Y, H:i"),
                    newer.history_user.get_username() if newer.history_user else "—",
                    newer.history_change_reason or "",
                    changes,
                )
            )
        return format_html(
            '<table class="revisions"><tbody>{}</tbody></table>',
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    @admin.action(description=_("Mark as members of the association"), permissions=["change"])
    def mark_members(self, request, queryset):
        self.set_membership(request, queryset, member=True)

    @admin.action(description=_("Unmark as members of the association"), permissions=["change"])
    def unmark_members(self, request, queryset):
        self.set_membership(request, queryset, member=False)

    def set_membership(self, request, queryset, member):
        """Each changed hromada saved with a history record naming the editor."""
        changed = [m for m in queryset.select_related(None) if m.amu_member != member]
        for municipality in changed:
            municipality.amu_member = member
            if member:
                municipality.amu_member_until = None
            elif municipality.amu_member_since:
                # A year of joining stays, so the membership is recorded as ended this year.
                municipality.amu_member_until = max(
                    municipality.amu_member_since, timezone.localdate().year
                )
            municipality._change_reason = (
                "позначено членом асоціації" if member else "знято позначку членства"
            )
            municipality.save()
        self.message_user(
            request,
            ngettext("%(count)d hromada changed.", "%(count)d hromadas changed.", len(changed))
            % {"count": len(changed)},
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("oblast")

    @admin.display(description=_("status"), ordering="status")
    def special_status(self, municipality):
        """Occupied or de-occupied; «-» for the rest, not «no special status» on every row."""
        return municipality.get_status_display() if municipality.status else None

    def get_search_results(self, request, queryset, search_term):
        """Search by name in any case form (as the public directory does) or by code."""
        if search_term.strip().upper().startswith("UA"):
            return super().get_search_results(request, queryset, search_term.strip().upper())
        return queryset.search(search_term), False


@admin.register(Oblast)
class OblastAdmin(TranslationStatusAdmin):
    list_display = ["name", "code", "hromada_count"]
    search_fields = ["name_uk", "name_en", "code"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(hromada_count=Count("municipalities"))

    @admin.display(description=_("hromadas"), ordering="hromada_count")
    def hromada_count(self, obj):
        return obj.hromada_count


@admin.register(Raion)
class RaionAdmin(TranslationStatusAdmin):
    list_display = ["name", "oblast", "code"]
    list_filter = ["oblast"]
    list_select_related = ["oblast"]
    search_fields = ["name_uk", "name_en", "code"]
    autocomplete_fields = ["oblast"]
