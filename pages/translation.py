import simple_history
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import TranslationOptions, register, translator

from editorial.models import Revisions

from .models import Document, DocumentCategory, Page, SiteSettings


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "body", "meta_description")
    required_languages = ("uk",)


@register(SiteSettings)
class SiteSettingsTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "address")
    required_languages = ("uk",)


@register(DocumentCategory)
class DocumentCategoryTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("uk",)


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("uk",)


# Revisions as for articles (news/translation.py): registered after modeltranslation so that
# every language's text is kept; the untranslated originals only mirror one language.
simple_history.register(
    Page,
    excluded_fields=[
        *translator.get_options_for_model(Page).all_fields,
        "updated_at",
        "search_text",  # derived from the texts kept
    ],
    verbose_name=_("page revision"),
    verbose_name_plural=_("page revisions"),
)

# One revision per save, attachments included (as for articles); the file field keeps the
# stored name, so a replaced file stays reachable from the revision that had it.
simple_history.register(
    Document,
    records_class=Revisions,
    excluded_fields=[
        *translator.get_options_for_model(Document).all_fields,
        "updated_at",
        # Derived from the texts and the file kept (Document.save() reads a restored file's).
        "file_text",
        "search_text",
    ],
    m2m_fields=["articles", "pages", "initiatives"],
    verbose_name=_("document revision"),
    verbose_name_plural=_("document revisions"),
)
