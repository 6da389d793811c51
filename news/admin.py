from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from editorial import workflow
from editorial.admin import (
    STATE_LABELS,
    AccessibilityCheckAdminMixin,
    PublishingAdminMixin,
    RevisionAdminMixin,
    ShareLinksAdminMixin,
    kyiv_time,
    user_name,
)
from editorial.admin_languages import EnglishFilter, TranslationStatusAdmin
from partners.admin import MunicipalityChoicesMixin

from . import workflow as article_rules
from .forms import ArticleForm
from .models import Article, Category, Person, Tag
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


@admin.register(Person)
class PersonAdmin(SluggedAdmin):
    list_display = ["name", "position", "slug", "article_count"]
    search_fields = ["name_uk", "name_en", "position_uk", "slug"]


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


# --- Articles ------------------------------------------------------------------

# The rich texts, shown rendered where the article is read only.
READ_ONLY_TEXTS = {"body_uk": "text_uk", "body_en": "text_en"}


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
    ]
    list_select_related = ["category", "author"]
    # Drafts and articles in review (no publication time yet) first, then the newest.
    ordering = [F("published_at").desc(nulls_first=True), "-pk"]
    search_fields = ["title_uk", "title_en", "lead_uk", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = [
        "category",
        "tags",
        "people",
        "municipalities",
        "initiatives",
        "programme",
    ]
    readonly_fields = ["author_name", "created_at", "updated_at", "cover_original_name"]
    actions = [
        "submit_for_review",
        "publish",
        "unpublish",
        "archive",
        "move_to_trash",
        "restore_from_trash",
        "purge",
    ]
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
        (
            _("Classification"),
            {"fields": ["category", "tags", "people", "featured", "featured_order"]},
        ),
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
        if not workflow.can_publish(request.user, Article):
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
        return allowed and (obj is None or article_rules.can_see(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or article_rules.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or article_rules.can_edit(request.user, obj))

    def has_purge_permission(self, request):
        return article_rules.can_purge(request.user)

    def get_readonly_fields(self, request, obj=None):
        if workflow.can_publish(request.user, Article):
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
        if not workflow.can_publish(request.user, Article):
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

    # --- Saving and deleting ---

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

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
                can_share=workflow.can_publish(request.user, Article),
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

    # --- Actions (submit for review, unpublish: PublishingAdminMixin) ---

    status_messages = {
        Article.Status.REVIEW: ngettext_lazy(
            "%(count)d article submitted for review.",
            "%(count)d articles submitted for review.",
            "count",
        ),
        Article.Status.PUBLISHED: ngettext_lazy(
            "%(count)d article published.", "%(count)d articles published.", "count"
        ),
        Article.Status.DRAFT: ngettext_lazy(
            "%(count)d article returned to drafts.",
            "%(count)d articles returned to drafts.",
            "count",
        ),
        Article.Status.ARCHIVED: ngettext_lazy(
            "%(count)d article archived.", "%(count)d articles archived.", "count"
        ),
    }

    def _report(self, request, message, count):
        self.message_user(request, message % {"count": count})

    @admin.action(
        description=_("Publish selected %(verbose_name_plural)s"), permissions=["publish"]
    )
    def publish(self, request, queryset):
        super().publish(request, queryset.not_in_trash())  # a trashed article stays there

    @admin.action(description=_("Archive selected articles"), permissions=["publish"])
    def archive(self, request, queryset):
        self.change_status(request, queryset, Article.Status.ARCHIVED)

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
