import pytest
from django.core.management import call_command
from django.utils import translation

from partners.katottg import BUNDLED_FILE
from partners.models import (
    Initiative,
    Membership,
    Municipality,
    Oblast,
    Organization,
    Programme,
    Raion,
)


@pytest.fixture(autouse=True)
def _ukrainian():
    """Each test starts in Ukrainian: a request to /en/… leaves English active in the thread."""
    with translation.override("uk"):
        yield


@pytest.fixture
def directory(db):
    """The 1,469 hromadas and the two cities with special status of the committed codifier
    extract, as `make run` loads them."""
    call_command("import_hromadas", str(BUNDLED_FILE), verbosity=0)


@pytest.fixture
def oblast(db):
    return Oblast.objects.create(
        code="UA61000000000060328",
        name_uk="Тернопільська",
        name_en="Ternopilska",
        slug="ternopilska",
    )


@pytest.fixture
def make_municipality(db, oblast):
    """make_municipality(name, **overrides): an urban hromada in Ternopil oblast."""
    raion = Raion.objects.create(
        code="UA61040000000042587", name_uk="Тернопільський", name_en="Ternopilskyi", oblast=oblast
    )
    counter = iter(range(1, 100_000))

    def make(name="Тернопільська", **overrides):
        number = next(counter)
        fields = {
            "name_uk": name,
            "slug": f"hromada-{number}",
            "code": f"UA61040{number:012d}",
            "kind": Municipality.Kind.URBAN,
            "oblast": oblast,
            "raion": raion,
            "centre_uk": "Тернопіль",
        } | overrides
        return Municipality.objects.create(**fields)

    return make


@pytest.fixture
def ogp(db):
    return Organization.objects.create(
        name_uk="Партнерство «Відкритий уряд»",
        name_en="Open Government Partnership",
        acronym_uk="OGP",
        kind=Organization.Kind.INTERNATIONAL,
        website="https://www.opengovpartnership.org/",
    )


@pytest.fixture
def initiative(db, ogp):
    initiative = Initiative.objects.create(
        name_uk="Партнерство «Відкритий уряд» — місцевий рівень",
        name_en="Open Government Partnership Local",
        acronym="OGP Local",
        description_uk="<p>Місцеві плани дій щодо відкритості.</p>",
        start_year=2016,
    )
    initiative.partners.add(ogp)
    return initiative


@pytest.fixture
def programme(db):
    usaid = Organization.objects.create(
        name_uk="Агентство США з міжнародного розвитку", acronym_uk="USAID", kind="donor"
    )
    amu = Organization.objects.create(
        name_uk="Асоціація міст України", acronym_uk="АМУ", kind="association"
    )
    from datetime import date

    return Programme.objects.create(
        name_uk="Розробка курсу на зміцнення місцевого самоврядування в Україні",
        acronym_uk="ПУЛЬС",
        donor=usaid,
        implementer=amu,
        start_date=date(2015, 12, 14),
        end_date=date(2020, 12, 13),
    )


@pytest.fixture
def join(db):
    def make(initiative, municipality, **fields):
        return Membership.objects.create(
            initiative=initiative, municipality=municipality, **({"joined_year": 2020} | fields)
        )

    return make
