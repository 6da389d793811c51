from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from editorial.admin import (
    STATE_LABELS,
    AccessibilityCheckAdminMixin,
    AuthorsOwnWorkAdminMixin,
    PublishingAdminMixin,
    RevisionAdminMixin,
    ShareLinksAdminMixin,
    kyiv_time,
    user_name,
)
from editorial.admin_languages import EnglishFilter, TranslationStatusAdmin
from partners.admin import MunicipalityChoicesMixin

from .models import Event
from .views import preview_response


class WhenFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", _("Upcoming and under way")), ("past", _("Over"))]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.filter(ends_at__gt=timezone.now())
        if self.value() == "past":
            return queryset.filter(ends_at__lte=timezone.now())
        return queryset


@admin.register(Event)
class EventAdmin(
    AccessibilityCheckAdminMixin,
    AuthorsOwnWorkAdminMixin,
    ShareLinksAdminMixin,
    PublishingAdminMixin,
    RevisionAdminMixin,
    MunicipalityChoicesMixin,
    TranslationStatusAdmin,
):
    """Events with the articles' workflow: an author writes and submits, an editor
    publishes; every save is a revision with a diff, a preview and a restore."""

    list_display = ["title", "starts", "attendance", "state_badge", "english", "author_name"]
    list_filter = [WhenFilter, "status", "attendance", EnglishFilter, "cancelled"]
    list_select_related = ["author"]
    ordering = ["-starts_at", "-pk"]
    search_fields = ["title_uk", "title_en", "lead_uk", "slug"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["municipalities", "articles", "programme", "initiative"]
    readonly_fields = ["author_name", "created_at", "updated_at", "cover_original_name"]
    actions = ["submit_for_review", "publish", "unpublish"]
    status_messages = {
        Event.Status.REVIEW: ngettext_lazy(
            "%(count)d event submitted for review.",
            "%(count)d events submitted for review.",
            "count",
        ),
        Event.Status.PUBLISHED: ngettext_lazy(
            "%(count)d event published.", "%(count)d events published.", "count"
        ),
        Event.Status.DRAFT: ngettext_lazy(
            "%(count)d event returned to drafts.",
            "%(count)d events returned to drafts.",
            "count",
        ),
    }
    fieldsets = [
        (None, {"fields": ["title", "lead", "body"]}),
        (
            _("Date and time"),
            {"fields": ["starts_on", "start_time", "ends_on", "end_time", "cancelled"]},
        ),
        (_("Place"), {"fields": ["attendance", "venue", "address", "online_url"]}),
        (_("Registration"), {"fields": ["registration_url", "registration_deadline"]}),
        (
            _("Organiser and related"),
            {"fields": ["programme", "initiative", "municipalities", "articles"]},
        ),
        (
            _("Cover image"),
            {
                "fields": [
                    "cover_image",
                    "cover_alt",
                    "cover_decorative",
                    "cover_original_name",
                ]
            },
        ),
        (_("Publication"), {"fields": ["status", "published_at", "slug", "slug_en"]}),
        (_("Record"), {"fields": ["author_name", "created_at", "updated_at"]}),
    ]
    change_form_template = "admin/events/event/change_form.html"
    kept_on_restore = frozenset(
        {"id", "slug", "slug_en", "status", "published_at", "author", "created_at"}
    )
    restore_note = _(
        "Every save keeps a revision. Times are Kyiv time. Restoring brings back the texts, "
        "dates, place and links of a revision as a new revision; status, publication time "
        "and the address stay as they are."
    )
    share_note = _(
        "A preview link shows the event as it is now, on the public page, to anyone who has "
        "the link — no account needed. Search engines do not index it. Revoke a link when it "
        "is no longer needed; it stops working at once."
    )

    def preview_response(self, request, obj, **context):
        return preview_response(request, obj, **context)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_visible() else None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                state_label=STATE_LABELS[obj.state],
                can_share=self.has_publish_permission(request),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Changelist columns ---

    @admin.display(description=_("starts"), ordering="starts_at")
    def starts(self, obj):
        """The day of a whole-day event, the day and time (Kyiv) of a timed one."""
        if obj.all_day:
            return date_format(obj.starts_on, "j E Y")
        return kyiv_time(obj.starts_at)

    @admin.display(description=_("author"), ordering="author")
    def author_name(self, obj):
        return user_name(obj.author) if obj.author_id else self.get_empty_value_display()
