from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Document, DocumentCategory, Menu, MenuItem, Page, SiteSettings


class PageDocumentInline(admin.TabularInline):
    """Documents shown under a page, picked by autocomplete."""

    model = Document.pages.through
    extra = 0
    autocomplete_fields = ["document"]
    verbose_name = _("attached document")
    verbose_name_plural = _("attached documents")


@admin.register(Page)
class PageAdmin(TabbedTranslationAdmin):
    list_display = ["title_in_tree", "address", "status", "published_at", "position"]
    list_filter = ["status", "show_contacts"]
    search_fields = ["title_uk", "title_en", "path"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["parent"]
    readonly_fields = ["address", "created_at", "updated_at"]
    actions = ["publish", "unpublish"]
    inlines = [PageDocumentInline]
    fieldsets = [
        (None, {"fields": ["title", "body"]}),
        (_("Place on the site"), {"fields": ["parent", "slug", "position", "address"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "meta_description", "show_contacts"]},
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("title"), ordering="path")
    def title_in_tree(self, obj):
        return f"{'— ' * (obj.depth - 1)}{obj.title}"

    @admin.display(description=_("address"), ordering="path")
    def address(self, obj):
        return obj.get_absolute_url() if obj.pk else "—"

    @admin.action(description=_("Publish selected pages"), permissions=["change"])
    def publish(self, request, queryset):
        count = 0
        for page in queryset.exclude(status=Page.Status.PUBLISHED):
            page.status = Page.Status.PUBLISHED
            page.save()  # signals refresh the cached menus
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d page published.", "%(count)d pages published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected pages"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = 0
        for page in queryset.filter(status=Page.Status.PUBLISHED):
            page.status = Page.Status.DRAFT
            page.save()
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d page returned to drafts.", "%(count)d pages returned to drafts.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )


class MenuItemInline(admin.TabularInline):
    model = MenuItem
    extra = 1
    fields = ["position", "label", "page", "section", "url"]
    autocomplete_fields = ["page"]
    ordering = ["position", "pk"]


@admin.register(Menu)
class MenuAdmin(admin.ModelAdmin):
    list_display = ["__str__", "location", "language", "entry_count"]
    list_filter = ["location", "language"]
    inlines = [MenuItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("items"))

    @admin.display(description=_("entries"), ordering="entry_count")
    def entry_count(self, obj):
        return obj.entry_count


@admin.register(SiteSettings)
class SiteSettingsAdmin(TabbedTranslationAdmin):
    fieldsets = [
        (None, {"fields": ["name", "short_name", "programme_footer"]}),
        (_("Contacts"), {"fields": ["address", "phones", "emails"]}),
        (
            _("Social networks"),
            {"fields": ["facebook_url", "telegram_url", "youtube_url", "x_url", "linkedin_url"]},
        ),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """There is one record: the list opens it (or the form that creates it)."""
        # Django's changelist checks this itself; an override must too (tests/security).
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        record = SiteSettings.objects.first()
        if record is None:
            return redirect("admin:pages_sitesettings_add")
        return redirect("admin:pages_sitesettings_change", record.pk)


@admin.register(DocumentCategory)
class DocumentCategoryAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "document_count"]
    search_fields = ["name_uk", "name_en", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(document_count=Count("documents"))

    @admin.display(description=_("documents"), ordering="document_count")
    def document_count(self, obj):
        return obj.document_count


@admin.register(Document)
class DocumentAdmin(TabbedTranslationAdmin):
    list_display = ["title", "category", "published_on", "language", "file_type", "size"]
    list_filter = ["category", "language", "file_type", "published_on"]
    list_select_related = ["category"]
    search_fields = ["title_uk", "title_en"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["category", "articles", "pages"]
    readonly_fields = ["file_type", "size", "link"]
    fieldsets = [
        (None, {"fields": ["title", "description", "file", "link", "file_type", "size"]}),
        (_("Classification"), {"fields": ["category", "published_on", "language"]}),
        (_("Attached to"), {"fields": ["articles", "pages"]}),
    ]

    @admin.display(description=_("size"), ordering="file_size")
    def size(self, obj):
        return filesizeformat(obj.file_size) if obj.file_size else "—"

    @admin.display(description=_("public address"))
    def link(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<a href="{0}">{0}</a>', obj.get_absolute_url())
