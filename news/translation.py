from modeltranslation.translator import TranslationOptions, register

from .models import Article, Category, Tag


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("uk",)


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("uk",)


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "lead", "body", "cover_alt", "meta_description")
    required_languages = ("uk",)
