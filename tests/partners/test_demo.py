import io

import pytest
from django.core.management import call_command

from editorial.typography import typograph
from news.models import Article
from partners.models import Initiative, Membership, Municipality, Programme

pytestmark = pytest.mark.django_db


def load_demo():
    out = io.StringIO()
    call_command("load_demo_content", "--no-admin", stdout=out)
    return out.getvalue()


def test_demo_partners_are_linked_and_idempotent(client, directory):
    """After `make run`: OGP Local with three members, ПУЛЬС, and the Brussels story linked."""
    output = load_demo()
    assert "немає в довіднику" not in output  # Kyiv too is linked
    load_demo()
    assert Municipality.objects.count() == 1471  # with Kyiv and Sevastopol
    ogp_local = Initiative.objects.get()
    assert ogp_local.name_uk == "Партнерство «Відкритий уряд» — місцевий рівень"
    assert [p.name_en for p in ogp_local.partners.all()] == ["Open Government Partnership"]
    members = Membership.objects.filter(initiative=ogp_local, joined_year=2020)
    assert sorted(m.municipality.name_uk for m in members) == [
        "Вінницька", "Тернопільська", "Хмельницька"
    ]  # fmt: skip
    pulse = Programme.objects.get()
    assert (pulse.acronym_uk, pulse.donor.acronym_uk) == ("ПУЛЬС", "USAID")
    assert (pulse.start_date.year, pulse.end_date.year) == (2015, 2020)
    assert pulse.articles.count() == 3

    brussels = Article.objects.get(title_uk__contains="Брюссел")
    assert list(brussels.initiatives.all()) == [ogp_local]
    assert sorted(brussels.municipalities.values_list("name_uk", flat=True)) == [
        "Вінницька", "Тернопільська", "Хмельницька"
    ]  # fmt: skip
    mykolaiv = Article.objects.get(title_uk__startswith="День Європи").municipalities
    assert mykolaiv.filter(name_uk="Миколаївська").get().centre_uk == "Миколаїв"

    page = client.get(Municipality.objects.get(name_uk="Тернопільська").get_absolute_url())
    assert typograph(brussels.title_uk) in page.content.decode()
    izium = Municipality.objects.get(name_uk="Ізюмська")
    assert "деокупована" in client.get(izium.get_absolute_url()).content.decode()


def test_demo_without_the_directory_still_loads(db):
    """Demo content loads before the codifier import too, telling what it skipped."""
    output = load_demo()
    assert "немає в довіднику" in output
    assert Article.objects.get(title_uk__contains="Брюссел").initiatives.count() == 1
