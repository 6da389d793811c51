import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from frictionless import validate

from partners.models import Municipality

pytestmark = pytest.mark.django_db


def test_open_data_validates_against_its_datapackage(
    client, directory, initiative, join, tmp_path
):
    """The CSV files match the columns and types datapackage.json declares (Frictionless)."""
    ternopil = Municipality.objects.get(code="UA61040490000035010")
    ternopil.population, ternopil.population_as_of = 225_879, date(2022, 1, 1)
    ternopil.area, ternopil.website, ternopil.head_title = (
        Decimal("72.6"),
        "https://ternopil.ua/",
        "mayor",
    )
    ternopil.amu_member, ternopil.amu_member_since = True, 1992
    ternopil.status, ternopil.status_since = "possible_hostilities", date(2022, 2, 24)
    ternopil.save()
    join(initiative, ternopil, action_plan_start=2021)
    package = client.get(reverse("partners:datapackage"))
    assert package.status_code == 200
    (tmp_path / "datapackage.json").write_bytes(package.content)
    for resource in json.loads(package.content)["resources"]:
        address = reverse("partners:open_data") + resource["path"]
        response = client.get(address)
        assert response.status_code == 200, address
        assert response.content.startswith(b"\xef\xbb\xbf")
        (tmp_path / resource["path"]).write_bytes(response.content)
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == 1471  # Kyiv and Sevastopol have no oblast


def test_open_data_page_and_filtered_files(client, make_municipality, initiative, join):
    """The open-data page names the columns and the licence; the files take the filters."""
    member = make_municipality("Тернопільська", amu_member=True)
    make_municipality("Збаразька", kind=Municipality.Kind.RURAL, centre_uk="Збараж")
    join(initiative, member)
    page = client.get(reverse("partners:open_data")).content.decode()
    assert "CC BY 4.0" in page and "<code>amu_member_since</code>" in page
    assert "рік вступу до асоціації" in page
    listing = client.get("/hromady/", {"member": "on"}).content.decode()
    assert 'href="/vidkryti-dani/hromady.csv?member=on"' in listing
    assert 'href="/vidkryti-dani/"' in listing  # and in the footer of every page
    assert 'href="/vidkryti-dani/"' in client.get("/").content.decode()
    data = json.loads(client.get("/vidkryti-dani/hromady.json?member=on&kind=urban").content)
    assert [row["name_uk"] for row in data["municipalities"]] == ["Тернопільська"]
    csv = client.get("/vidkryti-dani/hromady.csv?kind=rural").content.decode("utf-8-sig")
    assert ";Збаразька;" in csv and member.code not in csv
    english = client.get("/en/open-data/").content.decode()
    assert "year the hromada joined the association" in english
