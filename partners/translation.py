from modeltranslation.translator import TranslationOptions, register

from .models import Initiative, Municipality, Oblast, Organization, Programme, Raion


@register(Organization)
class OrganizationTranslationOptions(TranslationOptions):
    fields = ("name", "acronym")
    required_languages = ("uk",)


@register(Programme)
class ProgrammeTranslationOptions(TranslationOptions):
    fields = ("name", "acronym", "description", "footer_text")
    required_languages = ("uk",)


@register(Initiative)
class InitiativeTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("uk",)


@register(Oblast)
class OblastTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("uk",)


@register(Raion)
class RaionTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("uk",)


@register(Municipality)
class MunicipalityTranslationOptions(TranslationOptions):
    fields = ("name", "centre")
    required_languages = ("uk",)
