import simple_history
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import TranslationOptions, register, translator

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


# Registered after modeltranslation has added name_uk, name_en…, as news/translation.py does:
# who changed a hromada's membership, status or facts, and when (issue 27).
simple_history.register(
    Municipality,
    excluded_fields=[*translator.get_options_for_model(Municipality).all_fields, "search_text"],
    verbose_name=_("hromada revision"),
    verbose_name_plural=_("hromada revisions"),
)
