from django.conf import settings
from django.contrib import admin, messages
from django.contrib.redirects.admin import RedirectAdmin as DjangoRedirectAdmin
from django.contrib.redirects.models import Redirect
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Article, Category, ImportRecord, Tag

admin.site.site_header = _("AMU newsroom")
admin.site.site_title = _("AMU newsroom")
admin.site.index_title = _("Site administration")


class SluggedAdmin(TabbedTranslationAdmin):
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


class ImportedListFilter(admin.SimpleListFilter):
    title = _("import from the old site")
    parameter_name = "imported"

    def lookups(self, request, model_admin):
        return [("yes", _("Imported")), ("title", _("Title needs checking"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(import_record__isnull=False)
        if self.value() == "title":
            return queryset.filter(import_record__title_needs_review=True)
        return queryset


@admin.register(Article)
class ArticleAdmin(TabbedTranslationAdmin):
    list_display = ["title", "status", "published_at", "category", "featured"]
    list_filter = ["status", "featured", "category", "published_at", ImportedListFilter]
    list_select_related = ["category"]
    search_fields = ["title_uk", "title_en", "lead_uk", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["category", "tags"]
    readonly_fields = ["author", "created_at", "updated_at"]
    actions = ["publish", "unpublish"]
    inlines = [ImportRecordInline]
    fieldsets = [
        (None, {"fields": ["title", "lead", "body"]}),
        (_("Cover image"), {"fields": ["cover_image", "cover_alt"]}),
        (_("Classification"), {"fields": ["category", "tags", "featured"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "expires_at", "slug", "meta_description"]},
        ),
        (_("Record"), {"fields": ["author", "created_at", "updated_at"]}),
    ]

    def get_inlines(self, request, obj):
        # The import section only for articles that came from the old site.
        imported = obj is not None and hasattr(obj, "import_record")
        return [inline for inline in self.inlines if inline is not ImportRecordInline or imported]

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        now = timezone.now()
        count = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or now
            article.save()
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d article published.", "%(count)d articles published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.filter(status=Article.Status.PUBLISHED).update(
            status=Article.Status.DRAFT
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d article returned to drafts.",
                "%(count)d articles returned to drafts.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


admin.site.unregister(Redirect)


@admin.register(Redirect)
class RedirectAdmin(DjangoRedirectAdmin):
    """Django's redirects screen, with the one site already chosen for a new redirect."""

    def get_changeform_initial_data(self, request):
        return {"site": settings.SITE_ID} | super().get_changeform_initial_data(request)
