"""Partners: organisations, donor programmes, initiatives and the hromadas of Ukraine.
Articles reach them (news.Article's relations); they reach articles only through those
relations' reverse side (`municipality.articles`)."""

from .directory import (
    KIND_IN_CODIFIER,
    Municipality,
    Oblast,
    Raion,
    StatusPeriod,
    TransliteratedModel,
)
from .initiatives import Initiative, Membership, Organization, Programme, footer_text

__all__ = [
    "KIND_IN_CODIFIER",
    "Initiative",
    "Membership",
    "Municipality",
    "Oblast",
    "Organization",
    "Programme",
    "Raion",
    "StatusPeriod",
    "TransliteratedModel",
    "footer_text",
]
