from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.humanize.templatetags.humanize import intcomma
from django.contrib.redirects.admin import RedirectAdmin as DjangoRedirectAdmin
from django.contrib.redirects.models import Redirect
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from editorial.admin import (
    STATE_LABELS,
    AccessibilityCheckAdminMixin,
    AuthorsOwnWorkAdminMixin,
    PublishingAdminMixin,
    RevisionAdminMixin,
    ShareLinksAdminMixin,
    user_name,
)
from editorial.admin_languages import EnglishFilter, TranslationStatusAdmin
from news.models import Article

from .models import Document, DocumentCategory, Menu, MenuItem, Page, SiteSettings
from .views import document_response, page_preview


class PageDocumentInline(admin.TabularInline):
    """Documents shown under a page, picked by autocomplete."""

    model = Document.pages.through
    extra = 0
    autocomplete_fields = ["document"]
    verbose_name = _("attached document")
    verbose_name_plural = _("attached documents")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The automatic through model names its column in English ("Document").
        if db_field.name == "document":
            kwargs["label"] = Document._meta.verbose_name
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Page)
class PageAdmin(
    AccessibilityCheckAdminMixin,
    ShareLinksAdminMixin,
    PublishingAdminMixin,
    RevisionAdminMixin,
    TranslationStatusAdmin,
):
    """Pages with the articles' workflow: only editors publish; every save is a revision
    with a history, a diff, a preview and a restore; drafts are previewed on the site's
    own template, by staff or through an editor's share link."""

    list_display = [
        "title_in_tree",
        "address",
        "state_badge",
        "english",
        "published_at",
        "position",
    ]
    list_filter = ["status", EnglishFilter, "show_contacts"]
    search_fields = ["title_uk", "title_en", "path"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["parent"]
    readonly_fields = ["address", "created_at", "updated_at"]
    actions = ["submit_for_review", "publish", "unpublish"]
    status_messages = {
        Page.Status.REVIEW: ngettext_lazy(
            "%(count)d page submitted for review.",
            "%(count)d pages submitted for review.",
            "count",
        ),
        Page.Status.PUBLISHED: ngettext_lazy(
            "%(count)d page published.", "%(count)d pages published.", "count"
        ),
        Page.Status.DRAFT: ngettext_lazy(
            "%(count)d page returned to drafts.",
            "%(count)d pages returned to drafts.",
            "count",
        ),
    }
    inlines = [PageDocumentInline]
    fieldsets = [
        (None, {"fields": ["title", "body"]}),
        (_("Place on the site"), {"fields": ["parent", "slug", "slug_en", "position", "address"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "meta_description", "show_contacts"]},
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]
    change_form_template = "admin/pages/page/change_form.html"
    # A restore brings back the texts; the address, the place in the tree and the
    # publication stay as they are.
    kept_on_restore = frozenset(
        {
            *("id", "slug", "slug_en", "parent", "path", "path_en", "position", "status"),
            *("published_at", "created_at"),
        }
    )
    restore_note = _(
        "Every save keeps a revision. Times are Kyiv time. Restoring brings back the texts of "
        "a revision as a new revision; status, publication time, address and place in the "
        "tree stay as they are."
    )

    share_note = _(
        "A preview link shows the page as it is now, on the public site, to anyone who has the "
        "link — no account needed. Search engines do not index it. Revoke a link when it is no "
        "longer needed; it stops working at once."
    )

    class Media:
        css = {"all": ["css/admin-newsroom.css"]}

    def preview_response(self, request, obj, **context):
        return page_preview(request, obj, **context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                page_state=obj.state,
                state_label=STATE_LABELS[obj.state],
                can_share=self.has_publish_permission(request),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def view_on_site(self, obj):
        # Only a published page has a public address; the others have a preview.
        return obj.get_absolute_url() if obj.is_visible() else None

    @admin.display(description=_("title"), ordering="path")
    def title_in_tree(self, obj):
        return f"{'— ' * (obj.depth - 1)}{obj.title}"

    @admin.display(description=_("address"), ordering="path")
    def address(self, obj):
        return obj.get_absolute_url() if obj.pk else "—"


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
class SiteSettingsAdmin(TranslationStatusAdmin):
    autocomplete_fields = ["default_programme"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "default_programme"]}),
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
class DocumentCategoryAdmin(TranslationStatusAdmin):
    list_display = ["name", "slug", "document_count"]
    search_fields = ["name_uk", "name_en", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(document_count=Count("documents"))

    @admin.display(description=_("documents"), ordering="document_count")
    def document_count(self, obj):
        return obj.document_count


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = []  # the admin passes the full list, from its fieldsets

    def limit_articles(self, user):
        """An author attaches documents to their own news only (besides those already
        attached, which the form must accept back)."""
        if "articles" in self.fields:
            attached = self.instance.articles.all() if self.instance.pk else Article.objects.none()
            self.fields["articles"].queryset = Article.objects.filter(
                Q(author=user) | Q(pk__in=attached.values("pk"))
            )


@admin.register(Document)
class DocumentAdmin(
    AuthorsOwnWorkAdminMixin, PublishingAdminMixin, RevisionAdminMixin, TranslationStatusAdmin
):
    """Documents with the articles' workflow: an author proposes, an editor publishes; an
    author changes only their own unpublished documents (workflow.can_edit_own). Every save
    is a revision; each revision's file opens from the history, a replaced one too."""

    form = DocumentForm
    list_display = [
        "title",
        "state_badge",
        "category",
        "published_on",
        "language",
        "english",
        "file_type",
        "size",
        "author_name",
    ]
    list_filter = ["status", "category", "language", EnglishFilter, "file_type", "published_on"]
    list_select_related = ["category", "author"]
    search_fields = ["title_uk", "title_en"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["category", "articles", "pages", "initiatives"]
    readonly_fields = ["file_type", "size", "searchable_text", "link", "author_name"]
    actions = ["submit_for_review", "publish", "unpublish"]
    status_messages = {
        Document.Status.REVIEW: ngettext_lazy(
            "%(count)d document submitted for review.",
            "%(count)d documents submitted for review.",
            "count",
        ),
        Document.Status.PUBLISHED: ngettext_lazy(
            "%(count)d document published.", "%(count)d documents published.", "count"
        ),
        Document.Status.DRAFT: ngettext_lazy(
            "%(count)d document returned to drafts.",
            "%(count)d documents returned to drafts.",
            "count",
        ),
    }
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "description",
                    "file",
                    "link",
                    "file_type",
                    "size",
                    "searchable_text",
                ]
            },
        ),
        (_("Category, date and language"), {"fields": ["category", "published_on", "language"]}),
        (_("Attached to"), {"fields": ["articles", "pages", "initiatives"]}),
        (_("Publication"), {"fields": ["status", "author_name"]}),
    ]
    change_form_template = "admin/pages/document/change_form.html"
    kept_on_restore = frozenset({"id", "status", "author", "created_at"})
    preview_label = _("File")
    restore_note = _(
        "Every save keeps a revision, with the file it had: «File» opens it. Times are Kyiv "
        "time. Restoring brings back a revision's texts, file and attachments as a new "
        "revision; the status stays as it is."
    )

    class Media:
        css = {"all": ["css/admin-newsroom.css"]}

    def preview_response(self, request, obj, **context):
        return document_response(obj)

    # --- Who changes what: AuthorsOwnWorkAdminMixin; authors don't attach to pages ---

    def get_readonly_fields(self, request, obj=None):
        if self.has_publish_permission(request):
            return self.readonly_fields
        # Pages are the association's official texts: editors attach documents to them.
        return [*self.readonly_fields, "pages"]

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        if self.has_publish_permission(request):
            return form_class
        user = request.user

        class AuthorDocumentForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.limit_articles(user)

        return AuthorDocumentForm

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_visible() else None

    # --- Columns ---

    @admin.display(description=_("status"), ordering="status")
    def state_badge(self, obj):
        state = "live" if obj.status == Document.Status.PUBLISHED else obj.status
        return format_html('<span class="badge badge--{}">{}</span>', state, STATE_LABELS[state])

    @admin.display(description=_("author"), ordering="author")
    def author_name(self, obj):
        return user_name(obj.author) if obj.author_id else "—"

    @admin.display(description=_("size"), ordering="file_size")
    def size(self, obj):
        return filesizeformat(obj.file_size) if obj.file_size else "—"

    @admin.display(description=_("text for the search"))
    def searchable_text(self, obj):
        """Whether the site search finds the document by its file's words too: a scan has
        none (the editor then writes the key words into the description)."""
        if not obj.pk:
            return _("A PDF's text is read when it is uploaded.")
        if length := len(obj.file_text):
            return ngettext(
                "%(number)s character read from the file: the search finds its words.",
                "%(number)s characters read from the file: the search finds its words.",
                length,
            ) % {"number": intcomma(length)}
        return _(
            "No text in the file (a scan, or not a PDF): the search finds the document by its "
            "title and description only."
        )

    @admin.display(description=_("public address"))
    def link(self, obj):
        if not obj.pk:
            return "—"
        if not obj.is_visible():
            return gettext(
                "None yet: the document appears on the site when an editor publishes it."
            )
        return format_html('<a href="{0}">{0}</a>', obj.get_absolute_url())


admin.site.unregister(Redirect)


@admin.register(Redirect)
class RedirectAdmin(DjangoRedirectAdmin):
    """Django's redirects screen, with the one site already chosen for a new redirect."""

    def get_changeform_initial_data(self, request):
        return {"site": settings.SITE_ID} | super().get_changeform_initial_data(request)
