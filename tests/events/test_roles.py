"""The roles «Автор» and «Редактор» (amu_site/roles.py) reach every part of the event form."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from amu_site.roles import AUTHOR, EDITOR

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = reverse("admin:autocomplete")


def test_roles_hold_the_event_permissions(roles):
    """Authors write events, editors also publish them."""
    author = {p.codename for p in Group.objects.get(name=AUTHOR).permissions.all()}
    editor = {p.codename for p in Group.objects.get(name=EDITOR).permissions.all()}
    assert {"add_event", "change_event", "view_event"} <= author
    assert "publish_event" not in author
    assert {"add_event", "change_event", "delete_event", "publish_event"} <= editor


@pytest.mark.parametrize("role", ["author", "editor"])
def test_event_form_links_hromadas_articles_and_organisers(
    client, make_staff, role, make_municipality, initiative, programme, make_article
):
    """Both roles find a hromada, an article (the event's report) and an organiser."""
    make_municipality()
    user = make_staff(role, "someone")
    # An author links the reports they wrote (the article admin lists an author's own).
    make_article(title_uk="Звіт із форуму громад", author=user)
    client.force_login(user)
    for field, term, expected in [
        ("municipalities", "Терноп", "Тернопільська"),
        ("articles", "Звіт", "Звіт із форуму громад"),
        ("initiative", "OGP", "OGP Local"),
        ("programme", "ПУЛЬС", "ПУЛЬС"),
    ]:
        response = client.get(
            AUTOCOMPLETE,
            {"term": term, "app_label": "events", "model_name": "event", "field_name": field},
        )
        assert response.status_code == 200, field
        assert expected in str(response.json()["results"]), field
