"""Admin mixins every editorial object shares (articles, pages, documents): revisions with
a word-level diff, a preview and a restore, publishing by permission, share links and the
accessibility check after a save."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject, ModelChange

from . import accessibility, workflow
from .models import PreviewLinkBase, PublicationStatus
from .text import diff_words, html_to_text

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

# Shown word by word in a revision; a choice (a status) shows its label instead.
TEXT_FIELDS = {"CharField", "TextField", "SlugField"}

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted for good")}


class ShareLinkForm(forms.Form):
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=30,
        initial=PreviewLinkBase.DEFAULT_LIFETIME.days,
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
    The "publish" action permission checks the same; the three status actions are here."""

    # For each status an action sets: ngettext_lazy("%(count)d event published.", …, "count").
    status_messages = {}

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user, self.model)

    @admin.display(description=_("status"), ordering="status")
    def state_badge(self, obj):
        """Where the row stands (obj.state), and when a scheduled one goes live."""
        detail = ""
        if obj.state == "scheduled":
            detail = gettext("from %(time)s") % {"time": kyiv_time(obj.published_at, "j E, H:i")}
        return format_html(
            '<span class="badge badge--{}">{}</span> <small class="badge-detail">{}</small>',
            obj.state,
            STATE_LABELS[obj.state],
            detail,
        )

    def change_status(self, request, queryset, status):
        """`status` for each selected row this user may change, a save (a revision) each; a
        publication without a time is now (the model's save())."""
        count = 0
        for obj in queryset.exclude(status=status):
            if self.has_change_permission(request, obj):
                obj.status = status
                obj.save()
                count += 1
        message = self.status_messages[status] % {"count": count}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(
        description=_("Submit selected %(verbose_name_plural)s for review"), permissions=["change"]
    )
    def submit_for_review(self, request, queryset):
        status = self.model.Status
        self.change_status(request, queryset.filter(status=status.DRAFT), status.REVIEW)

    @admin.action(
        description=_("Publish selected %(verbose_name_plural)s"), permissions=["publish"]
    )
    def publish(self, request, queryset):
        self.change_status(request, queryset, self.model.Status.PUBLISHED)

    @admin.action(
        description=_("Unpublish selected %(verbose_name_plural)s"), permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        status = self.model.Status
        self.change_status(request, queryset.filter(status=status.PUBLISHED), status.DRAFT)

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


class AuthorsOwnWorkAdminMixin:
    """Authors see their own work and what is public, and change their own drafts and
    reviews (workflow.can_edit_own); editors everything. Someone else's draft answers 403,
    not "does not exist". For a model with `author` and `status`; needs
    PublishingAdminMixin beside it (events, documents)."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not self.has_publish_permission(request):
            mine_or_public = Q(author=request.user) | Q(status=PublicationStatus.PUBLISHED)
            queryset = queryset.filter(mine_or_public)
        return queryset

    def get_object(self, request, object_id, from_field=None):
        field = self.opts.pk if from_field is None else self.opts.get_field(from_field)
        try:
            return self.model._default_manager.get(**{field.name: field.to_python(object_id)})
        except (self.model.DoesNotExist, ValidationError, ValueError):
            return None

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or self.has_publish_permission(request):
            return allowed
        mine = obj.author_id == request.user.pk
        return allowed and (mine or obj.status == PublicationStatus.PUBLISHED)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit_own(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit_own(request.user, obj))

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)


class RevisionAdminMixin(SimpleHistoryAdmin):
    """Revisions on django-simple-history's admin: its paginated history list (our
    template), each revision against the one before it by diff_against (word by word for
    texts), its preview on the public template and its restore as a new revision. The
    admin provides preview_response(request, obj, **context); kept_on_restore names the
    fields a restore leaves as they are."""

    object_history_template = "admin/workflow/history.html"
    object_history_form_template = "admin/workflow/revision.html"
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

        # Longest first: <path:object_id> would swallow "1/history/2" otherwise. The
        # library's revert form at "<id>/history/<version>/" is left out: "revision" is that
        # address here, as the form would bypass publishing rights and kept_on_restore.
        library_form = f"{self.opts.app_label}_{self.opts.model_name}_simple_history"
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
            *(url for url in super().get_urls() if url.name != library_form),
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
        obj = self._object(request, object_id)  # a 404 for an address that names nothing
        context = {
            "title": gettext("History: %(title)s") % {"title": obj},
            "original": obj,
            "restore_note": self.restore_note,
            "preview_label": self.preview_label,
            "can_restore": self.has_change_permission(request, obj),
        }
        return super().history_view(request, object_id, context | (extra_context or {}))

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each revision's event and the labels of the fields it changed."""
        records = list(historical_records)
        # The page's oldest is compared with the one before it, on the next page if any.
        older = [*records[1:], records[-1].prev_record] if records else []
        for newer, previous in zip(records, older, strict=True):
            newer.event = self._event(newer)
            changes = self._changes(newer, previous) if previous else []
            newer.changed = [label for _name, label, _old, _new in changes]

    def render_history_view(self, request, template, context, **kwargs):
        if template == self.object_history_template:
            page = context["page_obj"]
            context["rows"] = [
                {
                    "revision": revision,
                    "event": revision.event,
                    "changed": revision.changed,
                    "is_current": page.number == 1 and index == 0,
                }
                for index, revision in enumerate(page)
            ]
        return super().render_history_view(request, template, context, **kwargs)

    def revision_view(self, request, object_id, history_id):
        """One revision against the one before it, word by word for texts."""
        obj = self._object(request, object_id)
        revision = self._revision(obj, history_id)
        previous = revision.prev_record
        changes = []
        for name, label, old, new in self._changes(revision, previous):
            field = self.model._meta.get_field(name)
            if field.many_to_many:
                changes.append({"label": label, "old": old or "—", "new": new or "—"})
            elif not field.choices and field.get_internal_type() in TEXT_FIELDS:
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
        return self._page(
            request,
            self.object_history_form_template,
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

    def _changes(self, revision, previous):
        """(name, label, old, new) of each field the revision changed, in the form's order;
        many-to-many values as sorted names. The first revision is compared with nothing."""
        many = {field.name: field for field in revision._history_m2m_fields}
        order = [field.name for field in revision.tracked_fields] + list(many)
        if previous is None:
            changes = [
                ModelChange(field.name, None, self._value(revision, field.name))
                for field in revision.tracked_fields
            ]
            changes += [
                ModelChange(name, [], list(getattr(revision, name).all())) for name in many
            ]
        else:
            changes = revision.diff_against(previous, foreign_keys_are_objs=True).changes
            # diff_against leaves out what the form does not edit (a document's size).
            changes += [
                ModelChange(
                    field.name, getattr(previous, field.name), getattr(revision, field.name)
                )
                for field in revision.tracked_fields
                if not field.editable
            ]
        result = []
        for change in sorted(changes, key=lambda change: order.index(change.field)):
            old, new = change.old, change.new
            if change.field in many:
                target = many[change.field].m2m_reverse_field_name()
                old, new = (
                    ", ".join(sorted(self._name(row, target) for row in rows))
                    for rows in (old, new)
                )
            if change.field in {"id", "created_at"} or same_value(old, new):
                continue
            label = capfirst(self.model._meta.get_field(change.field).verbose_name)
            result.append((change.field, label, old, new))
        return result

    @staticmethod
    def _value(record, name):
        """A field's value in a revision or one of its many-to-many rows; a related object
        deleted since is None."""
        if isinstance(record, dict):
            return record[name]
        try:
            return getattr(record, name)
        except ObjectDoesNotExist:
            return None

    def _name(self, row, target):
        """A related object's name in a many-to-many row of a revision; "?" once deleted."""
        related = self._value(row, target)
        return "?" if related is None or isinstance(related, DeletedObject) else str(related)

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
        if value is None or value == "" or isinstance(value, DeletedObject):
            return "—"
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if field.get_internal_type() == "DateTimeField":
            return kyiv_time(value)
        if field.get_internal_type() == "BooleanField":
            return gettext("yes") if value else gettext("no")
        return str(value)
