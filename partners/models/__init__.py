"""Partners: organisations, donor programmes, initiatives (initiatives.py) and the hromadas
of Ukraine (directory.py). Articles point to them; they reach articles only through the
reverse side of those relations (`municipality.articles`)."""

from .directory import KIND_IN_CODIFIER, Municipality, Oblast, Raion, StatusPeriod
from .initiatives import Initiative, Membership, Organization, Programme

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
]
