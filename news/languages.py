"""Which language versions of an object exist: one rule for every public view (issue 7).

Ukrainian is the original and always exists. Another language's version exists when its
key field (the first of `translation_fields`, e.g. the title) is filled and so is every
other listed field that the Ukrainian version fills: a page is English all through or it
is not shown in English at all. Lists, feeds, sitemaps and search filter with
`in_language()`, pages about one object ask `has_language()`, and the language switcher
and the hreflang alternates come from `alternates()`.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import HttpResponseRedirect
from django.utils import translation
from modeltranslation.utils import get_language

from pagecache import cacheable

ORIGINAL = settings.LANGUAGE_CODE
# The query parameter that carries "this was asked for in <language>" to the original.
UNTRANSLATED_PARAMETER = "untranslated"


def filled(name):
    return Q(**{f"{name}__isnull": False}) & ~Q(**{name: ""})


def translation_q(model, language):
    """The condition "has a version in language" for rows of a TranslatedModel."""
    if language == ORIGINAL:
        return Q()
    key, *others = model.translation_fields
    condition = filled(f"{key}_{language}")
    for name in others:
        condition &= ~filled(f"{name}_{ORIGINAL}") | filled(f"{name}_{language}")
    return condition


class TranslatedQuerySet(models.QuerySet):
    def in_language(self, language=None):
        """Only rows that have a version in language (default: the active language)."""
        return self.filter(translation_q(self.model, language or get_language()))

    def with_languages(self):
        """Annotate which versions exist, so that languages() needs none of the texts
        (a sitemap of every article need not load every body)."""
        return self.annotate(
            **{
                f"has_version_{code}": ExpressionWrapper(
                    translation_q(self.model, code), output_field=BooleanField()
                )
                for code, _name in settings.LANGUAGES
                if code != ORIGINAL
            }
        )


class TranslatedModel:
    """Mixin for models with modeltranslation fields. `translation_fields` lists the fields
    a version must have, the key field first; get_absolute_url() must follow the active
    language (translated URL patterns do)."""

    translation_fields = ("title",)

    def has_language(self, language):
        if language == ORIGINAL:
            return True
        annotated = self.__dict__.get(f"has_version_{language}")
        if annotated is not None:  # TranslatedQuerySet.with_languages()
            return bool(annotated)
        key, *others = self.translation_fields
        if not getattr(self, f"{key}_{language}", ""):
            return False
        return all(
            getattr(self, f"{name}_{language}", "") or not getattr(self, f"{name}_{ORIGINAL}", "")
            for name in others
        )

    def languages(self):
        return [code for code, _name in settings.LANGUAGES if self.has_language(code)]

    def url_in(self, language):
        with translation.override(language):
            return self.get_absolute_url()

    def alternates(self):
        """{language: address} of the versions that exist, for the switcher and hreflang."""
        return {code: self.url_in(code) for code in self.languages()}


def filter_translated(objects, language=None):
    """The objects of an already fetched list that have a version in language."""
    language = language or get_language()
    return [obj for obj in objects if obj.has_language(language)]


def redirect_to_original(obj, language):
    """A reader asked for a version that does not exist: the original, with a note."""
    query = urlencode({UNTRANSLATED_PARAMETER: language})
    return HttpResponseRedirect(f"{obj.url_in(ORIGINAL)}?{query}")


@cacheable(query=[UNTRANSLATED_PARAMETER])
class LanguageVersionMixin:
    """For a view about one object (article, category, page…): in a language the object
    lacks it redirects to the original with a note; otherwise the object's alternates go
    into the context for the language switcher and hreflang.

    The object is looked up once, by lookup_object(): a DetailView's usual get_object()
    unless the view overrides it."""

    def lookup_object(self):
        return super().get_object()

    def get_language_object(self):
        if not hasattr(self, "_language_object"):
            self._language_object = self.lookup_object()
        return self._language_object

    def get_object(self, queryset=None):
        return self.get_language_object() if queryset is None else super().get_object(queryset)

    def get(self, request, *args, **kwargs):
        language = get_language()
        obj = self.get_language_object()
        if not obj.has_language(language):
            return redirect_to_original(obj, language)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("alternates", self.get_language_object().alternates())
        return super().get_context_data(**kwargs)
