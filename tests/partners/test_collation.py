import random

import pytest
from django.db import connection
from django.urls import reverse

from partners.collation import sort_key
from partners.models import Municipality

pytestmark = pytest.mark.django_db

# The Ukrainian alphabet around the letters that Unicode puts outside А–я, then the
# apostrophe (ignored), spaces and hyphens (before letters) and case (lower first).
UKRAINIAN_ORDER = [
    "Гайсинська",
    "Ґалаґанівська",
    "Дубенська",
    "Енергодарська",
    "Єнакіївська",
    "Житомирська",
    "Иршавська",
    "Ізюмська",
    "Їжакевицька",
    "Йосипівська",
    "Камінська",
    "Кам’янська",
    "Нова Ушиця",
    "Нова-Басанська",
    "Новарка",
    "яблунівська",
    "Яблунівська",
]


def test_directory_lists_hromadas_in_ukrainian_alphabetical_order(client, make_municipality):
    """Ґ follows Г, Є follows Е, І and Ї follow И — on SQLite and on PostgreSQL alike."""
    shuffled = UKRAINIAN_ORDER[:]
    random.Random(3).shuffle(shuffled)
    for name in shuffled:
        make_municipality(name)
    response = client.get(reverse("partners:municipality_list"))
    assert [m.name for m in response.context["municipalities"]] == UKRAINIAN_ORDER, (
        connection.vendor
    )
    assert [m.name_uk for m in Municipality.objects.all()] == UKRAINIAN_ORDER


def test_sqlite_collation_key_follows_the_alphabet():
    """The collation SQLite uses puts every Ukrainian letter in its alphabet position."""
    alphabet = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ"
    shuffled = list(alphabet)
    random.Random(1).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == list(alphabet)
    assert sorted(["ї", "І", "и", "Ї", "і"], key=sort_key) == ["и", "і", "І", "ї", "Ї"]
