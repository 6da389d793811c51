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


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL behaviour (CI runs it on PostgreSQL)"
)
@pytest.mark.parametrize("language", ["uk", "en"])
def test_directory_is_read_in_the_order_of_an_index(make_municipality, language):
    """The directory's first page is read along an index, not sorted out of every hromada
    on each request (issue 13): the index's expression is the one the order builds."""
    from django.utils import translation

    make_municipality("Кам’янська", name_en="Kamianska")
    with translation.override(language):
        queryset = (
            Municipality.objects.in_language().select_related("oblast", "raion").alphabetical()
        )
        sql, params = queryset[:50].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_sort = off")  # no index: it must still sort
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"partners_municipality_order_{language}_idx" in plan, plan
    assert "Sort Key" not in plan, plan
