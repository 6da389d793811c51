from modeltranslation.translator import TranslationOptions, register

from .models import Document, DocumentCategory, Page, SiteSettings


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "body", "meta_description")
    required_languages = ("uk",)


@register(SiteSettings)
class SiteSettingsTranslationOptions(TranslationOptions):
    fields = ("name", "short_name", "address", "programme_footer")
    required_languages = ("uk",)


@register(DocumentCategory)
class DocumentCategoryTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("uk",)


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("uk",)
