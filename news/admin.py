from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.redirects.admin import RedirectAdmin as DjangoRedirectAdmin
from django.contrib.redirects.models import Redirect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from partners.admin import MunicipalityChoicesMixin

from . import accessibility, workflow
from .admin_languages import EnglishFilter, TranslationStatusAdmin
from .models import (
    Article,
    Category,
    ImportRecord,
    MunicipalitySuggestion,
    PreviewLink,
    Tag,
)
from .text import diff_words, html_to_text
from .views import preview_response

admin.site.site_header = _("AUC newsroom")
admin.site.site_title = _("AUC newsroom")
admin.site.index_title = _("Site administration")


class SluggedAdmin(TranslationStatusAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name_uk", "name_en", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Category)
class CategoryAdmin(SluggedAdmin):
    pass


@admin.register(Tag)
class TagAdmin(SluggedAdmin):
    pass


# --- Helpers -------------------------------------------------------------------


def kyiv_time(value, format_string="j E Y, H:i"):
    """A moment as an editor in Kyiv reads it, whatever the active time zone."""
    return date_format(timezone.localtime(value, workflow.KYIV), format_string)


def user_name(user):
    if user is None:
        return gettext("the system")
    return user.get_full_name() or user.get_username()


def same_value(old, new):
    """Equal as an editor sees it: empty is empty, and the form keeps no microseconds."""
    if old in (None, "") and new in (None, ""):
        return True
    if hasattr(old, "microsecond") and hasattr(new, "microsecond"):
        return old.replace(microsecond=0) == new.replace(microsecond=0)
    return old == new


STATE_LABELS = {
    "draft": _("Draft"),
    "review": _("In review"),
    "scheduled": _("Scheduled"),
    "live": _("On the site"),
    "expiring": _("Leaving soon"),
    "expired": _("Taken off"),
    "archived": _("Archived"),
    "trash": _("In the trash"),
}

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted for good")}


# --- Filters -------------------------------------------------------------------


class TrashFilter(admin.SimpleListFilter):
    """The list hides the trash unless asked for it."""

    title = _("trash")
    parameter_name = "trash"

    def lookups(self, request, model_admin):
        return [("1", _("In the trash"))]

    def choices(self, changelist):
        yield {
            "selected": self.value() != "1",
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Not in the trash"),
        }
        yield {
            "selected": self.value() == "1",
            "query_string": changelist.get_query_string({self.parameter_name: "1"}),
            "display": _("In the trash"),
        }

    def queryset(self, request, queryset):
        return queryset.in_trash() if self.value() == "1" else queryset.not_in_trash()


class PublicationFilter(admin.SimpleListFilter):
    title = _("on the site")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("live", _("On the site now")),
            ("scheduled", _("Scheduled")),
            ("expiring", _("Leaving within 7 days")),
            ("expired", _("Taken off by the removal time")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset.filter(state__in=["live", "expiring"])
        if self.value() in {"scheduled", "expiring", "expired"}:
            return queryset.filter(state=self.value())
        return queryset


# --- Forms ---------------------------------------------------------------------


class ArticleForm(forms.ModelForm):
    """The admin's article form, with optimistic locking.

    The form carries the version it was opened with; a save based on an older version is
    refused, the editor's input stays in the form, and a second save (after reading the
    message) replaces the other change deliberately.
    """

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = ["slug"]  # the admin passes the full list, from its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        # A published address never changes by accident: emptying the field keeps it.
        was_public = self.instance.status in {Article.Status.PUBLISHED, Article.Status.ARCHIVED}
        if not slug and self.instance.pk and was_public:
            return self.instance.slug
        return slug

    def clean_slug_en(self):
        # The English address is as stable as the Ukrainian one.
        slug = self.cleaned_data.get("slug_en")
        was_public = self.instance.status in {Article.Status.PUBLISHED, Article.Status.ARCHIVED}
        if not slug and self.instance.pk and was_public:
            return self.instance.slug_en
        return slug or None

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            self.check_version(cleaned_data.get("base_version"))
        return cleaned_data

    def full_clean(self):
        super().full_clean()
        # A browser never sends a chosen file again: after any error, say so plainly.
        chosen = self.files.get(self.add_prefix("cover_image"))
        if self._errors and chosen and "cover_image" not in self._errors:
            self._errors["cover_image"] = self.error_class(
                [
                    gettext(
                        "The form has errors, so the image «%(name)s» was not saved. "
                        "Choose it again before saving."
                    )
                    % {"name": chosen.name}
                ]
            )

    def check_version(self, base_version):
        # Locked until the admin's transaction ends, so two saves cannot both pass.
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None or base_version == current:
            self.instance.version = current or self.instance.version
            return
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = current
        latest = self.instance.history.select_related("history_user").first()
        history_url = reverse("admin:news_article_history", args=[self.instance.pk])
        raise ValidationError(
            format_html(
                gettext(
                    "Someone else changed this article while you were editing it: "
                    "{who}, {when} (Kyiv time). Your changes are not saved yet, and they "
                    'are still in the form below. Compare with the <a href="{history}" '
                    'target="_blank">history</a>, then save again if your version should '
                    "replace theirs."
                ),
                who=user_name(latest.history_user) if latest else gettext("someone"),
                when=kyiv_time(latest.history_date if latest else self.instance.updated_at),
                history=history_url,
            ),
            code="conflict",
        )


class ShareLinkForm(forms.Form):
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=30,
        initial=PreviewLink.DEFAULT_LIFETIME.days,
    )


# --- Revisions and previews (articles, pages) -----------------------------------


class ShareLinksAdminMixin:
    """Share links: an editor lets a reviewer without an account read a draft on the public
    template, until the link expires or is revoked. For a model with `preview_links` (a
    PreviewLinkBase); needs PublishingAdminMixin and RevisionAdminMixin beside it."""

    share_template = "admin/workflow/share.html"
    share_note = _(
        "A preview link shows the article as it is now, on the public page, to anyone who "
        "has the link — no account needed. Search engines do not index it. Revoke a link when "
        "it is no longer needed; it stops working at once."
    )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/share/",
                self.admin_site.admin_view(self.share_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_share",
            ),
            *super().get_urls(),
        ]

    def share_view(self, request, object_id):
        """Create, list and revoke share links (editors only)."""
        obj = self._object(request, object_id)
        if not self.has_publish_permission(request):
            raise PermissionDenied
        form = ShareLinkForm(request.POST if "create" in request.POST else None)
        if request.method == "POST":
            if "revoke" in request.POST:
                link = obj.preview_links.filter(pk=request.POST.get("revoke")).first()
                if link is not None:
                    workflow.revoke_preview_link(link)
                    self.message_user(request, gettext("The link no longer works."))
                return HttpResponseRedirect(request.path)
            if form.is_valid():
                link = workflow.create_preview_link(
                    obj, request.user, timedelta(days=form.cleaned_data["days"])
                )
                self.message_user(
                    request,
                    gettext("New link: %(url)s") % {"url": self._link_url(request, link)},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.path)
        links = [
            {"link": link, "url": self._link_url(request, link)}
            for link in obj.preview_links.select_related("created_by")
        ]
        return self._page(
            request,
            self.share_template,
            gettext("Preview links"),
            obj,
            form=form,
            links=links,
            share_note=self.share_note,
        )

    def _link_url(self, request, link):
        return request.build_absolute_uri(link.get_absolute_url())


class AccessibilityCheckAdminMixin:
    """After a save from the change form (not the list's editable columns), warnings about
    what readers with a screen reader or a small screen would stumble on (issue 10)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "body_uk" in form.fields:
            for problem in accessibility.check_texts(obj):
                self.message_user(request, problem, messages.WARNING)


class PublishingAdminMixin:
    """Only those with <app>.publish_<model> publish: for everyone else the status menu
    offers a draft and a review only, and a forged POST of another status answers 403.
    The "publish" action permission checks the same (articles, pages)."""

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user, self.model)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not self.has_publish_permission(request):
            kwargs["choices"] = [
                (value, label)
                for value, label in db_field.choices
                if value in workflow.AUTHOR_STATUSES
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and not self.has_publish_permission(request):
            status = request.POST.get("status")
            if status is not None and status not in workflow.AUTHOR_STATUSES:
                raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)


class RevisionAdminMixin:
    """Revisions and previews in the admin, for any model registered with
    django-simple-history: a history of who changed what and when, one revision against the
    one before it (word by word for texts), its preview on the public template, and its
    restore as a new revision. The admin provides preview_response(request, obj, **context);
    kept_on_restore names the fields a restore leaves as they are."""

    object_history_template = "admin/workflow/history.html"
    revision_template = "admin/workflow/revision.html"
    kept_on_restore = workflow.KEPT_ON_RESTORE
    preview_label = _("Preview")
    restore_note = _(
        "Every save keeps a revision. Times are Kyiv time. Restoring brings back the texts, "
        "cover, category and tags of a revision as a new revision; status, publication times "
        "and the address stay as they are."
    )

    def preview_response(self, request, obj, **context):
        raise NotImplementedError

    def get_urls(self):
        def route(pattern, view, name):
            return path(
                pattern,
                self.admin_site.admin_view(view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_{name}",
            )

        # Longest first: <path:object_id> would swallow "1/history/2" otherwise.
        return [
            route(
                "<path:object_id>/history/<int:history_id>/preview/",
                self.revision_preview_view,
                "revision_preview",
            ),
            route(
                "<path:object_id>/history/<int:history_id>/restore/",
                self.revision_restore_view,
                "revision_restore",
            ),
            route("<path:object_id>/history/<int:history_id>/", self.revision_view, "revision"),
            route("<path:object_id>/preview/", self.preview_view, "preview"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            last_revision = obj.history.select_related("history_user").first()
            context.update(
                last_revision=last_revision,
                last_changed_by=last_revision and user_name(last_revision.history_user),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _object(self, request, object_id, *, change=False):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        allowed = (
            self.has_change_permission(request, obj)
            if change
            else self.has_view_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

    def _revision(self, obj, history_id):
        revision = obj.history.filter(history_id=history_id).first()
        if revision is None:
            raise Http404
        return revision

    def _page(self, request, template, title, obj=None, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "title": title,
                "opts": self.opts,
                "original": obj,
                **context,
            },
        )

    def preview_view(self, request, object_id):
        return self.preview_response(request, self._object(request, object_id))

    def history_view(self, request, object_id, extra_context=None):
        """Every revision: who, when, what changed; a diff, a preview and a restore each."""
        obj = self._object(request, object_id)
        revisions = list(obj.history.select_related("history_user"))
        related = self._revision_m2m(revisions)
        rows = []
        for revision, previous in zip(revisions, [*revisions[1:], None], strict=True):
            changed = []
            if previous is not None:
                changed = [
                    label
                    for name, label in self._field_labels()
                    if not same_value(getattr(previous, name), getattr(revision, name))
                ]
                changed += [
                    label
                    for label, names in related[revision.history_id].items()
                    if names != related[previous.history_id][label]
                ]
            rows.append(
                {
                    "revision": revision,
                    "event": self._event(revision),
                    "changed": changed,
                    "is_current": revision is revisions[0],
                }
            )
        return self._page(
            request,
            self.object_history_template,
            gettext("History: %(title)s") % {"title": obj},
            obj,
            object=obj,
            rows=rows,
            restore_note=self.restore_note,
            preview_label=self.preview_label,
            can_restore=self.has_change_permission(request, obj),
            **(extra_context or {}),
        )

    def revision_view(self, request, object_id, history_id):
        """One revision against the one before it, word by word for texts."""
        obj = self._object(request, object_id)
        revision = self._revision(obj, history_id)
        previous = revision.prev_record
        changes = []
        for name, label in self._field_labels():
            old = getattr(previous, name) if previous else None
            new = getattr(revision, name)
            if same_value(old, new):
                continue
            field = self.model._meta.get_field(name)
            if field.get_internal_type() in {"CharField", "TextField", "SlugField"}:
                if name.startswith("body_"):
                    old, new = html_to_text(old), html_to_text(new)
                changes.append({"label": label, "parts": diff_words(old or "", new or "")})
            else:
                changes.append(
                    {
                        "label": label,
                        "old": self._display(field, old),
                        "new": self._display(field, new),
                    }
                )
        related = self._revision_m2m([r for r in (revision, previous) if r is not None])
        for label, names in related[revision.history_id].items():
            old_names = related[previous.history_id][label] if previous else []
            if old_names != names:
                changes.append(
                    {
                        "label": label,
                        "old": ", ".join(old_names) or "—",
                        "new": ", ".join(names) or "—",
                    }
                )
        return self._page(
            request,
            self.revision_template,
            gettext("Revision of %(time)s") % {"time": kyiv_time(revision.history_date)},
            obj,
            revision=revision,
            previous=previous,
            event=self._event(revision),
            changes=changes,
            can_restore=self.has_change_permission(request, obj),
        )

    def revision_preview_view(self, request, object_id, history_id):
        obj = self._object(request, object_id)
        revision = self._revision(obj, history_id)
        as_it_was = self.model(pk=obj.pk, **workflow.revision_values(obj, revision))
        return self.preview_response(request, as_it_was, revision=revision)

    def revision_restore_view(self, request, object_id, history_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._object(request, object_id, change=True)
        revision = self._revision(obj, history_id)
        workflow.restore_revision(obj, revision, kept=self.kept_on_restore)
        self.message_user(
            request,
            gettext("The revision of %(time)s is restored as the newest one.")
            % {"time": kyiv_time(revision.history_date)},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        )

    def _field_labels(self):
        """(attribute, label) of every field a revision keeps."""
        labels = []
        for field in self.model.history.model._meta.fields:
            if field.name.startswith("history_") or field.name in {"id", "created_at"}:
                continue
            # modeltranslation's labels already name the language: «Заголовок [en]».
            labels.append((field.attname, capfirst(field.verbose_name)))
        return labels

    def _revision_m2m(self, revisions):
        """{history_id: {label: sorted names}} for each many-to-many field the revisions
        keep (an article's tags), in one query per field."""
        result = {revision.history_id: {} for revision in revisions}
        history_model = self.model.history.model
        for field in getattr(history_model, "_history_m2m_fields", []):
            label = capfirst(field.verbose_name)
            target = field.m2m_reverse_field_name()
            for names in result.values():
                names[label] = []
            rows = (
                getattr(history_model, field.name)
                .model.objects.filter(history__in=[r.history_id for r in revisions])
                .select_related(target)
                .order_by(f"{target}__pk")
            )
            for row in rows:
                related = getattr(row, target)
                result[row.history_id][label].append(str(related) if related else "?")
            for names in result.values():
                names[label].sort()
        return result

    def _event(self, revision):
        reason = revision.history_change_reason or ""
        if reason == workflow.REASON_TRASH:
            return gettext("Moved to the trash")
        if reason == workflow.REASON_UNTRASH:
            return gettext("Restored from the trash")
        if reason.startswith(workflow.REASON_RESTORE):
            source = self.model.history.filter(
                history_id=reason.removeprefix(workflow.REASON_RESTORE) or 0
            ).first()
            if source is not None:
                return gettext("Restored the revision of %(time)s") % {
                    "time": kyiv_time(source.history_date)
                }
            return gettext("Restored an earlier revision")
        return HISTORY_TYPES.get(revision.history_type, revision.history_type)

    def _display(self, field, value):
        if value is None or value == "":
            return "—"
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if field.is_relation:
            related = field.related_model._default_manager.filter(pk=value).first()
            return str(related) if related else "—"
        if field.get_internal_type() == "DateTimeField":
            return kyiv_time(value)
        if field.get_internal_type() == "BooleanField":
            return gettext("yes") if value else gettext("no")
        return str(value)


# --- Articles ------------------------------------------------------------------

# The rich texts, shown rendered where the article is read only.
READ_ONLY_TEXTS = {"body_uk": "text_uk", "body_en": "text_en"}


class ImportRecordInline(admin.StackedInline):
    """Where an imported article came from, and whether its made-up title needs checking."""

    model = ImportRecord
    verbose_name_plural = _("import from the old site")
    fields = ["title_needs_review", "key", "old_url", "source", "imported_at"]
    readonly_fields = ["key", "old_url", "source", "imported_at"]
    can_delete = False
    extra = max_num = 0

    def has_add_permission(self, request, obj=None):
        return False


class SuggestionForm(forms.ModelForm):
    accept = forms.BooleanField(label=_("Add to the article"), required=False)

    class Meta:
        model = MunicipalitySuggestion
        fields = []


class SuggestionFormSet(BaseInlineFormSet):
    def save(self, commit=True):
        """Ticked suggestions become the article's hromadas; "delete" dismisses one."""
        accepted = [
            form.instance
            for form in self.initial_forms
            if form.cleaned_data.get("accept") and not self._should_delete_form(form)
        ]
        saved = super().save(commit)
        accept_suggestions(self.instance, accepted)
        return saved


def accept_suggestions(article, suggestions):
    """Link the suggested hromadas to the article, and forget the suggestions."""
    if suggestions:
        article.municipalities.add(*[suggestion.municipality_id for suggestion in suggestions])
        MunicipalitySuggestion.objects.filter(pk__in=[s.pk for s in suggestions]).delete()


class MunicipalitySuggestionInline(admin.TabularInline):
    """Hromadas an imported text mentions: the editor ticks the right ones, none is linked
    blindly ("Хмельницька область" is no hromada, "Іванівка" is many)."""

    model = MunicipalitySuggestion
    form = SuggestionForm
    formset = SuggestionFormSet
    fields = ["municipality_name", "mention", "accept"]
    readonly_fields = ["municipality_name", "mention"]
    extra = max_num = 0

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality__oblast")

    @admin.display(description=_("hromada"))
    def municipality_name(self, suggestion):
        return suggestion.municipality.full_name


class ImportedListFilter(admin.SimpleListFilter):
    title = _("import from the old site")
    parameter_name = "imported"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Imported")),
            ("title", _("Title needs checking")),
            ("suggestions", _("Hromadas suggested")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(import_record__isnull=False)
        if self.value() == "title":
            return queryset.filter(import_record__title_needs_review=True)
        if self.value() == "suggestions":
            return queryset.filter(municipality_suggestions__isnull=False).distinct()
        return queryset


@admin.register(Article)
class ArticleAdmin(
    AccessibilityCheckAdminMixin,
    ShareLinksAdminMixin,
    PublishingAdminMixin,
    RevisionAdminMixin,
    MunicipalityChoicesMixin,
    TranslationStatusAdmin,
):
    form = ArticleForm
    list_display = [
        "title",
        "state_badge",
        "category",
        "author_name",
        "english",
        "featured",
        "featured_order",
    ]
    list_editable = ["featured", "featured_order"]
    list_filter = [
        TrashFilter,
        PublicationFilter,
        "status",
        EnglishFilter,
        "featured",
        "category",
        "published_at",
        ImportedListFilter,
    ]
    list_select_related = ["category", "author"]
    # Drafts and articles in review (no publication time yet) first, then the newest.
    ordering = [F("published_at").desc(nulls_first=True), "-pk"]
    search_fields = ["title_uk", "title_en", "lead_uk", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["category", "tags", "municipalities", "initiatives", "programme"]
    readonly_fields = ["author_name", "created_at", "updated_at", "cover_original_name"]
    actions = [
        "submit_for_review",
        "publish",
        "unpublish",
        "archive",
        "move_to_trash",
        "restore_from_trash",
        "purge",
        "accept_suggested_municipalities",
    ]
    inlines = [MunicipalitySuggestionInline, ImportRecordInline]
    fieldsets = [
        (None, {"fields": ["title", "lead", "body", "base_version"]}),
        (
            _("Cover image"),
            {
                "fields": [
                    "cover_image",
                    "cover_alt",
                    "cover_decorative",
                    "cover_caption",
                    "cover_credit",
                    "cover_original_name",
                ]
            },
        ),
        (_("Classification"), {"fields": ["category", "tags", "featured", "featured_order"]}),
        (_("Hromadas and partners"), {"fields": ["municipalities", "initiatives", "programme"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "expires_at",
                    "slug",
                    "slug_en",
                    "meta_description",
                ]
            },
        ),
        (_("Record"), {"fields": ["author_name", "created_at", "updated_at"]}),
    ]
    change_form_template = "admin/news/article/change_form.html"
    change_list_template = "admin/news/article/change_list.html"
    delete_confirmation_template = "admin/news/article/delete_confirmation.html"

    class Media:
        css = {"all": ["css/admin-newsroom.css"]}

    # --- Who sees and changes what (authors: their own drafts; editors: all) ---

    def get_queryset(self, request):
        queryset = super().get_queryset(request).with_state()
        if not workflow.can_publish(request.user):
            queryset = queryset.filter(author=request.user)
        return queryset

    def get_object(self, request, object_id, from_field=None):
        # Every article, not only the author's own: opening someone else's must answer
        # 403 from the permission checks, not a "does not exist" page.
        field = self.opts.pk if from_field is None else self.opts.get_field(from_field)
        try:
            return Article.objects.get(**{field.name: field.to_python(object_id)})
        except (Article.DoesNotExist, ValidationError, ValueError):
            return None

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or workflow.can_see(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj))

    def has_purge_permission(self, request):
        return workflow.can_purge(request.user)

    def get_readonly_fields(self, request, obj=None):
        if workflow.can_publish(request.user):
            return [*self.readonly_fields, *READ_ONLY_TEXTS.values()]
        return [*self.readonly_fields, *READ_ONLY_TEXTS.values(), "featured", "featured_order"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read only (an author's published article): the text as readers see it, not its HTML.
        return [
            (name, {**options, "fields": [READ_ONLY_TEXTS.get(f, f) for f in options["fields"]]})
            for name, options in fieldsets
        ]

    @admin.display(description=_("text [uk]"))
    def text_uk(self, obj):
        return mark_safe(obj.body_uk)  # noqa: S308 - sanitized on every save (RichTextField)

    @admin.display(description=_("text [en]"))
    def text_en(self, obj):
        return mark_safe(obj.body_en or "")  # noqa: S308 - sanitized on every save

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not workflow.can_publish(request.user):
            changelist.list_editable = ()  # the home page's choice is the editors'
        return changelist

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)  # "move to the trash" and "purge" replace it
        return actions

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":
            requested = {name for name in request.POST.getlist("action") if name}
            if requested - set(self.get_actions(request)):
                raise PermissionDenied
        # The editor's queue, one click from the top of the list.
        in_review = self.get_queryset(request).not_in_trash().filter(status=Article.Status.REVIEW)
        extra_context = {"in_review_count": in_review.count(), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_inlines(self, request, obj):
        # The import sections only for articles that came from the old site.
        if obj is None or not hasattr(obj, "import_record"):
            return []
        if not obj.municipality_suggestions.exists():
            return [ImportRecordInline]
        return self.inlines

    # --- Saving and deleting ---

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
        if change and "slug" in form.changed_data:
            workflow.remember_old_slug(obj, form.initial.get("slug"))

    def delete_model(self, request, obj):
        workflow.move_to_trash([obj])

    def delete_queryset(self, request, queryset):
        workflow.move_to_trash(queryset)

    def get_deleted_objects(self, objs, request):
        # Nothing else is deleted: the article goes to the trash with all it refers to.
        return [str(obj) for obj in objs], {}, set(), []

    def response_delete(self, request, obj_display, obj_id):
        self.message_user(
            request,
            gettext("«%(title)s» is in the trash. An editor can restore it from there.")
            % {"title": obj_display},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:news_article_changelist"))

    def view_on_site(self, obj):
        # Only a live article has a public page; the others have a preview.
        return obj.get_absolute_url() if obj.is_visible() else None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            state = Article.objects.with_state().values_list("state", flat=True).get(pk=obj.pk)
            context.update(
                article_state=state,
                state_label=STATE_LABELS[state],
                can_share=workflow.can_publish(request.user),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Changelist columns ---

    # One column for where an article stands and when, as WordPress shows its "Date": the
    # badge, then the moment that matters for that state (a separate date column made the
    # list too wide for a laptop with the admin's sidebar open).
    @admin.display(description=_("publication"), ordering="published_at")
    def state_badge(self, obj):
        state = getattr(obj, "state", obj.status)
        details = []
        if state == "scheduled":
            details.append(gettext("from %(time)s") % {"time": kyiv_time(obj.published_at)})
        elif state in ("live", "expiring", "expired", "archived") and obj.published_at:
            details.append(kyiv_time(obj.published_at))
        if state in ("expiring", "expired"):
            details.append(gettext("until %(time)s") % {"time": kyiv_time(obj.expires_at)})
        return format_html(
            '<span class="badge badge--{}">{}</span>{}',
            state,
            STATE_LABELS.get(state, state),
            format_html_join("", ' <small class="badge-detail">{}</small>', zip(details)),
        )

    @admin.display(description=_("author"), ordering="author")
    def author_name(self, obj):
        """The name colleagues know, not the login: «Олена Коваль» rather than «okoval»."""
        return user_name(obj.author) if obj.author_id else self.get_empty_value_display()

    # --- Actions ---

    def _report(self, request, message, count):
        self.message_user(request, message % {"count": count})

    @admin.action(description=_("Submit selected articles for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Article.Status.DRAFT):
            if self.has_change_permission(request, article):
                article.status = Article.Status.REVIEW
                article.save()
                count += 1
        self._report(
            request,
            ngettext(
                "%(count)d article submitted for review.",
                "%(count)d articles submitted for review.",
                count,
            ),
            count,
        )

    @admin.action(
        description=_("Link the suggested hromadas of selected articles"), permissions=["change"]
    )
    def accept_suggested_municipalities(self, request, queryset):
        count = 0
        for article in queryset.prefetch_related("municipality_suggestions"):
            suggestions = list(article.municipality_suggestions.all())
            if suggestions and self.has_change_permission(request, article):
                accept_suggestions(article, suggestions)
                count += 1
        self._report(
            request,
            ngettext(
                "Suggested hromadas linked to %(count)d article.",
                "Suggested hromadas linked to %(count)d articles.",
                count,
            ),
            count,
        )

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        count = 0
        for article in queryset.not_in_trash().exclude(status=Article.Status.PUBLISHED):
            article.status = Article.Status.PUBLISHED  # no time yet: save() stamps now
            article.save()
            count += 1
        self._report(
            request,
            ngettext("%(count)d article published.", "%(count)d articles published.", count),
            count,
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article.status = Article.Status.DRAFT
            article.save()
            count += 1
        self._report(
            request,
            ngettext(
                "%(count)d article returned to drafts.",
                "%(count)d articles returned to drafts.",
                count,
            ),
            count,
        )

    @admin.action(description=_("Archive selected articles"), permissions=["publish"])
    def archive(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=Article.Status.ARCHIVED):
            article.status = Article.Status.ARCHIVED
            article.save()
            count += 1
        self._report(
            request,
            ngettext("%(count)d article archived.", "%(count)d articles archived.", count),
            count,
        )

    @admin.action(description=_("Move selected articles to the trash"), permissions=["delete"])
    def move_to_trash(self, request, queryset):
        allowed = [a for a in queryset.not_in_trash() if self.has_delete_permission(request, a)]
        count = workflow.move_to_trash(allowed)
        self._report(
            request,
            ngettext(
                "%(count)d article moved to the trash.",
                "%(count)d articles moved to the trash.",
                count,
            ),
            count,
        )

    @admin.action(
        description=_("Restore selected articles from the trash"), permissions=["delete"]
    )
    def restore_from_trash(self, request, queryset):
        count = workflow.restore_from_trash(queryset.in_trash())
        self._report(
            request,
            ngettext(
                "%(count)d article restored from the trash.",
                "%(count)d articles restored from the trash.",
                count,
            ),
            count,
        )

    @admin.action(description=_("Delete selected articles for good"), permissions=["purge"])
    def purge(self, request, queryset):
        articles = list(queryset.in_trash())
        if request.POST.get("post") != "yes":
            return TemplateResponse(
                request,
                "admin/news/article/purge_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": gettext("Delete for good?"),
                    "opts": self.opts,
                    "articles": articles,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        count = workflow.purge(articles)
        self._report(
            request,
            ngettext(
                "%(count)d article deleted for good.",
                "%(count)d articles deleted for good.",
                count,
            ),
            count,
        )

    # --- Extra pages: coming up (previews, share links and revisions: the mixins) ---

    def get_urls(self):
        def route(pattern, view, name):
            return path(pattern, self.admin_site.admin_view(view), name=f"news_article_{name}")

        return [route("coming-up/", self.coming_up_view, "coming_up"), *super().get_urls()]

    def preview_response(self, request, obj, **context):
        return preview_response(request, obj, **context)

    def coming_up_view(self, request):
        """What goes live and what leaves the site in the next days, in Kyiv time."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            days = int(request.GET.get("days", 7))
        except ValueError:
            days = 7
        days = days if days in {1, 7, 30} else 7
        now = timezone.now()
        until = now + timedelta(days=days)
        articles = self.get_queryset(request).not_in_trash().select_related("category", "author")
        published = articles.filter(status=Article.Status.PUBLISHED)
        return self._page(
            request,
            "admin/news/article/coming_up.html",
            gettext("Coming up"),
            days=days,
            day_choices=[1, 7, 30],
            going_live=published.filter(published_at__gt=now, published_at__lte=until).order_by(
                "published_at"
            ),
            leaving=published.filter(expires_at__gt=now, expires_at__lte=until).order_by(
                "expires_at"
            ),
            in_review=articles.filter(status=Article.Status.REVIEW).order_by("updated_at"),
        )


admin.site.unregister(Redirect)


@admin.register(Redirect)
class RedirectAdmin(DjangoRedirectAdmin):
    """Django's redirects screen, with the one site already chosen for a new redirect."""

    def get_changeform_initial_data(self, request):
        return {"site": settings.SITE_ID} | super().get_changeform_initial_data(request)
