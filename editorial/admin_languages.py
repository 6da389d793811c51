"""The admin's side of the English edition (issue 7), for every translated model: the
«не перекладено» marker on empty language tabs, the "English" column and list filter."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.translator import translator

from .languages import ORIGINAL, filled

OTHER = "en"


def translated_fields(model):
    """Names of a model's translated fields, in form order (title, lead, body…)."""
    names = translator.get_options_for_model(model).all_fields
    return [field.name for field in model._meta.fields if field.name in names]


def english_gaps(obj):
    """Translated fields written in Ukrainian but not in English, by their labels."""
    return [
        str(type(obj)._meta.get_field(name).verbose_name)
        for name in translated_fields(type(obj))
        if getattr(obj, f"{name}_{ORIGINAL}", "") and not getattr(obj, f"{name}_{OTHER}", "")
    ]


def key_field(model):
    """The field whose English text makes an English version begin (editorial.languages)."""
    return model.translation_fields[0]


class EnglishFilter(admin.SimpleListFilter):
    """Complete (every field the Ukrainian fills), partial, or none (no English key field:
    the title or name)."""

    title = _("English translation")
    parameter_name = "english"

    def lookups(self, request, model_admin):
        return [
            ("complete", _("Complete")),
            ("partial", _("Partial")),
            ("missing", _("None")),
        ]

    def queryset(self, request, queryset):
        model = queryset.model
        complete = Q()
        for name in translated_fields(model):
            complete &= ~filled(f"{name}_{ORIGINAL}") | filled(f"{name}_{OTHER}")
        started = filled(f"{key_field(model)}_{OTHER}")
        if self.value() == "complete":
            return queryset.filter(complete)
        if self.value() == "partial":
            return queryset.filter(started).exclude(complete)
        if self.value() == "missing":
            return queryset.exclude(started)
        return queryset


class TranslationStatusAdmin(TabbedTranslationAdmin):
    """Tabbed translation fields with the «не перекладено» marker on a language tab whose
    field is empty while the Ukrainian one is filled (static/js/admin-translation-status.js,
    its label from admin/translation_status_change_form.html), the "English" column and
    the English filter. A model admin with its own change form template extends that one."""

    change_form_template = "admin/translation_status_change_form.html"

    @property
    def media(self):
        return super().media + forms.Media(
            css={"all": ["css/admin-newsroom.css"]}, js=["js/admin-translation-status.js"]
        )

    @admin.display(description=_("English"))
    def english(self, obj):
        if not getattr(obj, f"{key_field(type(obj))}_{OTHER}", ""):
            return format_html('<span class="badge badge--draft">{}</span>', gettext("None"))
        gaps = english_gaps(obj)
        if not gaps:
            return format_html('<span class="badge badge--live">{}</span>', gettext("Complete"))
        return format_html(
            '<span class="badge badge--expiring">{}</span> <small>{}</small>',
            gettext("Partial"),
            gettext("missing: %(fields)s") % {"fields": ", ".join(gaps)},
        )
