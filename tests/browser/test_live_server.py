"""The browser tests' server itself (tests/browser/conftest.py)."""

import pytest
from django.db import connection

from .conftest import OneAppCallAtATimeServer


@pytest.mark.django_db
def test_on_in_memory_sqlite_the_live_server_runs_one_request_at_a_time(live_server):
    """Its threads share the one connection of the in-memory database: two requests at once
    could deadlock on it (the admin's save against the category autocomplete did)."""
    serialized = isinstance(live_server.thread.httpd, OneAppCallAtATimeServer)
    assert serialized == (connection.vendor == "sqlite" and connection.is_in_memory_db())
