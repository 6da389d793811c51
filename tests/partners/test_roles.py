"""The roles «Автор» and «Редактор» (amu_site/roles.py) reach every feature of their day."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from amu_site.roles import AUTHOR, EDITOR, ROLES, sync_roles
from images.models import BodyImage
from tests.images import factories

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = reverse("admin:autocomplete")


def permission_names(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_migrate_leaves_both_roles_as_declared(db):
    """After migrate the groups hold exactly the declared permissions, nothing else."""
    for name in (AUTHOR, EDITOR):
        assert permission_names(Group.objects.get(name=name)) == set(ROLES[name])


def test_sync_roles_puts_back_what_was_changed_by_hand(roles):
    """Re-running the command restores a group someone edited in the admin."""
    author = roles["author"]
    author.permissions.clear()
    author.permissions.add(*roles["editor"].permissions.all())
    call_command("sync_roles", stdout=None)
    assert permission_names(author) == set(ROLES[AUTHOR])
    assert sync_roles() == {name: len(set(codenames)) for name, codenames in ROLES.items()}


@pytest.mark.parametrize("role", ["author", "editor"])
@pytest.mark.parametrize(
    ("field", "term", "expected"),
    [
        ("municipalities", "Терноп", "Тернопільська"),
        ("initiatives", "OGP", "OGP Local"),
        ("programme", "ПУЛЬС", "ПУЛЬС"),
        ("category", "Под", "Події"),
    ],
)
def test_article_form_links_hromadas_initiatives_and_the_programme(
    client,
    make_staff,
    role,
    field,
    term,
    expected,
    make_municipality,
    initiative,
    programme,
    category,
):
    """Both roles find a hromada, an initiative and the programme in the article form."""
    make_municipality()
    client.force_login(make_staff(role, "someone"))
    response = client.get(
        AUTOCOMPLETE,
        {"term": term, "app_label": "news", "model_name": "article", "field_name": field},
    )
    assert response.status_code == 200
    assert expected in str(response.json()["results"])


@pytest.mark.parametrize("role", ["author", "editor"])
def test_both_roles_insert_an_image_in_the_text(client, make_staff, role):
    """The image picker opens for both roles, uploads an image and offers it back."""
    client.force_login(make_staff(role, "someone"))
    picker = reverse("admin:images_bodyimage_picker")
    assert client.get(picker).status_code == 200
    response = client.post(
        picker,
        {"file": SimpleUploadedFile("map.jpg", factories.jpeg()), "alt": "Мапа громад"},
    )
    assert response.status_code == 200
    image = BodyImage.objects.get()
    assert f'data-url="{image.file.url}"' in response.content.decode()
    assert "Мапа громад" in client.get(picker).content.decode()


def test_editor_chooses_the_footer_programme(client, editor, programme):
    """An editor picks the site's default programme (the donor footer) by autocomplete."""
    client.force_login(editor)
    response = client.get(
        AUTOCOMPLETE,
        {
            "term": "ПУЛЬС",
            "app_label": "pages",
            "model_name": "sitesettings",
            "field_name": "default_programme",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(programme.pk)]
