from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from editorial.languages import get_language
from editorial.search import match_words, parse_query

from .models import Document, DocumentCategory


class DocumentFilterForm(forms.Form):
    """The documents page's filters; an invalid value is ignored, never an error page."""

    q = forms.CharField(label=_("Words to find"), required=False, max_length=100)
    category = forms.ModelChoiceField(
        label=pgettext_lazy("documents filter", "Category"),
        queryset=DocumentCategory.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All categories"),
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = Document.objects.published().dates("published_on", "year", order="DESC")
        self.fields["year"].choices = [("", _("All years"))] + [
            (day.year, day.year) for day in years
        ]
        self.fields["language"].choices = [("", _("Any language")), *settings.LANGUAGES]

    def filter(self, queryset):
        """queryset narrowed by every filter that is valid."""
        self.is_valid()
        data = self.cleaned_data
        if words := data.get("q", "").strip():
            # The site search's matching: title, description and a PDF's text, any word form.
            query = parse_query(words, get_language())
            queryset = match_words(queryset, query).order_by(
                "-title_hits", *Document._meta.ordering
            )
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        if data.get("year"):
            queryset = queryset.filter(published_on__year=data["year"])
        if data.get("language"):
            queryset = queryset.filter(language=data["language"])
        return queryset
