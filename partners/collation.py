"""Ukrainian alphabetical order on PostgreSQL and SQLite.

Ґ, Є, І and Ї sit outside the А–я block in Unicode, so ordering by code point puts
«Ґалаґан» after «Яворів». PostgreSQL orders correctly with the ICU collation ``uk-x-icu``;
SQLite has no ICU, so a collation of the same name is registered on every SQLite
connection and follows the same rules (docs/decisions.md).
"""

import re

from django.db.models import F, Value
from django.db.models.functions import Collate, Replace

COLLATION = "uk-x-icu"

UKRAINIAN_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
# Letters of neighbouring Cyrillic alphabets, where ICU's root order puts them.
_CYRILLIC_ORDER = "абвгґдеёєжзѕиіїйјклљмнњопрстћуўфхцчџшщъыьэюя"
_CYRILLIC_WEIGHT = {letter: 3000 + index for index, letter in enumerate(_CYRILLIC_ORDER)}

# The apostrophe is not a letter: Ukrainian dictionaries ignore it when ordering.
_APOSTROPHES = re.compile(r"['’ʼ‘`´]")
APOSTROPHE = "’"


def _primary_weight(char):
    if char in _CYRILLIC_WEIGHT:
        return _CYRILLIC_WEIGHT[char]
    if char.isspace():
        return 1
    if char.isdigit():
        return 1000 + int(char) if char in "0123456789" else 1010
    if "a" <= char <= "z":
        return 2000 + ord(char)
    if char.isalpha():
        return 5000 + ord(char)
    # Punctuation and symbols come before digits and letters, as in ICU.
    return 10 + min(ord(char), 900)


def sort_key(text):
    """Letters first by the Ukrainian alphabet ignoring case, then lower case before upper."""
    text = _APOSTROPHES.sub("", text)
    lowered = [char.lower()[:1] or char for char in text]
    primary = tuple(_primary_weight(char) for char in lowered)
    tertiary = tuple(char != low for char, low in zip(text, lowered, strict=True))
    return primary, tertiary, text


def compare(left, right):
    """The SQLite collation function: negative, zero or positive like strcmp()."""
    left_key, right_key = sort_key(left), sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


def register_sqlite_collation(sender, connection, **kwargs):
    """connection_created receiver: teach every SQLite connection the Ukrainian order."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)


def ukrainian_order(field):
    """An ORDER BY expression for a text field in Ukrainian alphabetical order.

    The apostrophe is removed first: ICU would sort it before every letter.
    """
    return Collate(Replace(F(field), Value(APOSTROPHE), Value("")), COLLATION)
