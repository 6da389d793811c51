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
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname, get_language

from pagecache import cacheable

from .text import unique_slug

ORIGINAL = settings.LANGUAGE_CODE
# The query parameter that carries "this was asked for in <language>" to the original.
UNTRANSLATED_PARAMETER = "untranslated"


def localized(field):
    """The column of a translated field in the active language, e.g. name_uk (to order by)."""
    return build_localized_fieldname(field, get_language())


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

    def slug_in(self, language):
        """The address word of a language's version: a language has its own when it is set
        (slug_en), else the original's."""
        return (language != ORIGINAL and getattr(self, f"slug_{language}", None)) or self.slug

    @property
    def current_slug(self):
        return self.slug_in(get_language())

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


def other_slugs(model):
    """The model's fields of the other languages' slugs: ["slug_en"], or none."""
    names = {field.name for field in model._meta.get_fields()}
    return [
        f"slug_{code}"
        for code, _name in settings.LANGUAGES
        if code != ORIGINAL and f"slug_{code}" in names
    ]


def find_by_slug(queryset, slug):
    """The object whose slug in any language is slug; the active language's wins when an
    English slug equals another object's Ukrainian one."""
    condition = Q(slug=slug)
    for name in other_slugs(queryset.model):
        condition |= Q(**{name: slug})
    found = list(queryset.filter(condition)[:2])
    if not found:
        raise Http404
    language = get_language()
    return next((obj for obj in found if obj.slug_in(language) == slug), found[0])


def fill_other_slugs(obj, source="name", **unique_slug_options):
    """Each language's slug made once from its name, like the Ukrainian one; NULL while the
    language has no name (a unique field allows many NULLs, not many "")."""
    for name in other_slugs(type(obj)):
        language = name.removeprefix("slug_")
        text = getattr(obj, f"{source}_{language}", "")
        if not getattr(obj, name) and text:
            slug = unique_slug(type(obj), text, field=name, instance=obj, **unique_slug_options)
            setattr(obj, name, slug)
        setattr(obj, name, getattr(obj, name) or None)


def english_slugs_step(app_label, model_name, source):
    """A migration step for a new slug_en field: made from the rows' English {source}, as
    save() makes it for new rows (fill_other_slugs)."""

    def fill(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        rows = model._base_manager.filter(slug_en__isnull=True)
        for row in rows.exclude(**{f"{source}_en": ""}).exclude(**{f"{source}_en": None}):
            text = getattr(row, f"{source}_en")
            row.slug_en = unique_slug(model, text, field="slug_en", instance=row)
            row.save(update_fields=["slug_en"])

    return fill


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
        canonical = obj.get_absolute_url()
        if hasattr(obj, "slug_en") and canonical != request.path:
            # Found by the other language's slug: each language has one address (issue 26).
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{canonical}?{query}" if query else canonical)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("alternates", self.get_language_object().alternates())
        return super().get_context_data(**kwargs)
