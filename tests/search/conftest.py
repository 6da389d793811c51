import pytest
from django.db import connection

from tests.events.conftest import make_event  # noqa: F401
from tests.pages.conftest import doc_category, make_document, make_page  # noqa: F401
from tests.partners.conftest import initiative, make_municipality, oblast, ogp  # noqa: F401

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL behaviour (CI runs it on PostgreSQL)"
)


@pytest.fixture
def search(client):
    """search(q, language="uk", **filters): the search page's response for a query."""

    def get(q=None, language="uk", **params):
        path = "/poshuk/" if language == "uk" else f"/{language}/search/"
        if q is not None:
            params["q"] = q
        return client.get(path, params)

    return get


def found(response):
    """The articles on a results page, in order."""
    return list(response.context["articles"])


def group(response, key):
    """The results shown of one of the other groups (hromadas, pages, documents…), in order."""
    groups = {group["source"].key: group for group in response.context["groups"]}
    return groups[key]["results"] if key in groups else []
