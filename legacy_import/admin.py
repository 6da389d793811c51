"""The import's part of the article admin: where an imported article came from, the hromadas
its text mentions, a filter and an action for them. news registers the article admin
without any of it; this module puts a subclass with it in its place, so that the import
leaves the admin when the app leaves INSTALLED_APPS."""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from news.admin import ArticleAdmin
from news.models import Article

from .models import ImportRecord, MunicipalitySuggestion


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


admin.site.unregister(Article)


@admin.register(Article)
class ImportedArticleAdmin(ArticleAdmin):
    """The article admin, with the import sections, filter and action."""

    list_filter = [*ArticleAdmin.list_filter, ImportedListFilter]
    actions = [*ArticleAdmin.actions, "accept_suggested_municipalities"]
    inlines = [MunicipalitySuggestionInline, ImportRecordInline]

    def get_inlines(self, request, obj):
        # The import sections only for articles that came from the old site.
        if obj is None or not hasattr(obj, "import_record"):
            return []
        if not obj.municipality_suggestions.exists():
            return [ImportRecordInline]
        return self.inlines

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
