"""The re-housing moved code between apps, never an address or a table (issue 24).

tests/data/layout_snapshot.json was written by scripts/layout_snapshot.py before the move:
every URL pattern (name and route, in both languages) and every table of the models. Each
one must still exist exactly; new ones may be added."""

import json
from pathlib import Path

import pytest
from django.db import connection

from scripts.layout_snapshot import snapshot

BEFORE = json.loads((Path(__file__).parent / "data" / "layout_snapshot.json").read_text())


def test_every_url_pattern_is_where_it_was():
    missing = sorted(set(BEFORE["urls"]) - set(snapshot()["urls"]))
    assert not missing, "\n".join(missing)


def test_every_table_is_where_it_was():
    missing = sorted(set(BEFORE["tables"]) - set(snapshot()["tables"]))
    assert not missing, "\n".join(missing)


@pytest.mark.django_db
def test_the_migrated_database_has_every_table():
    """The migrations (state-only for the moves) leave the tables as they were."""
    missing = sorted(set(BEFORE["tables"]) - set(connection.introspection.table_names()))
    assert not missing, "\n".join(missing)
