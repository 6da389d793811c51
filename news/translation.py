import simple_history
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import TranslationOptions, register, translator

from editorial.models import Revisions

from .models import Article, Category, Person, Tag


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("uk",)


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("uk",)


@register(Person)
class PersonTranslationOptions(TranslationOptions):
    fields = ("name", "position", "bio", "photo_alt")
    required_languages = ("uk",)


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "lead",
        "body",
        "cover_alt",
        "cover_caption",
        # "Фото: …" is a phrase of its language (issue 7).
        "cover_credit",
        "meta_description",
    )
    required_languages = ("uk",)
    # No fallback: an article's English fields are English or empty, never Ukrainian text
    # shown as English. Public pages show an English version only when it exists
    # (editorial/languages.py); short labels (category and tag names) do fall back.
    fallback_languages = {"default": ()}


# Revisions are registered here, after modeltranslation has added title_uk, title_en…, so
# that every language's text is kept. The untranslated originals (title, lead…) are left
# out: they only mirror one language, and passing them back would overwrite a translation.
simple_history.register(
    Article,
    records_class=Revisions,
    excluded_fields=[
        *translator.get_options_for_model(Article).all_fields,
        "updated_at",
        "version",
        # Derived from the texts above; revisions keep the texts.
        "search_document_uk",
        "search_document_en",
        "search_vector_uk",
        "search_vector_en",
    ],
    m2m_fields=["tags", "people"],
    verbose_name=_("article revision"),
    verbose_name_plural=_("article revisions"),
)
