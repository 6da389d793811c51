import simple_history
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import TranslationOptions, register, translator

from editorial.models import Revisions

from .models import Event


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "lead", "body", "venue", "address", "cover_alt")
    required_languages = ("uk",)
    # As for articles: English fields are English or empty, never Ukrainian shown as English.
    fallback_languages = {"default": ()}


# After modeltranslation, so that every language's text is kept (as news/translation.py).
simple_history.register(
    Event,
    records_class=Revisions,
    excluded_fields=[
        *translator.get_options_for_model(Event).all_fields,
        "updated_at",
        "search_text",  # derived from the texts kept
    ],
    m2m_fields=["municipalities", "articles"],
    verbose_name=_("event revision"),
    verbose_name_plural=_("event revisions"),
)
