import csv
import io
import json
import re
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from news.models import Article
from pages.models import Menu
from partners.models import Municipality

pytestmark = pytest.mark.django_db


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def h1_count(response):
    return len(re.findall(r"<h1[\s>]", response.content.decode()))


def directory(client, **params):
    return client.get(reverse("partners:municipality_list"), params)


def names(response):
    return [municipality.name for municipality in response.context["municipalities"]]


def test_addresses_use_ukrainian_words_and_english_under_en(initiative, programme):
    """Ukrainian addresses read /hromady/, /initsiatyvy/, /prohramy/; English ones /en/…."""
    assert reverse("partners:municipality_list") == "/hromady/"
    assert initiative.get_absolute_url() == "/initsiatyvy/ogp-local/"
    assert programme.get_absolute_url() == "/prohramy/puls/"
    assert reverse("partners:municipalities_csv") == "/vidkryti-dani/hromady.csv"
    with translation.override("en"):
        assert reverse("partners:municipality_list") == "/en/hromadas/"
        assert initiative.get_absolute_url() == "/en/initiatives/ogp-local/"
        assert programme.get_absolute_url() == "/en/programmes/puls/"


def test_menu_leads_to_directory_and_initiatives(client):
    """Every page's menu links to the hromadas and the initiatives."""
    # The data migration's step, run again: an earlier transactional test may have flushed it.
    Menu.objects.get_or_create(location="header", language="uk")
    import_module("partners.migrations.0002_header_menu_entries").add(apps, None)
    cache.clear()
    page = html(client.get("/"))
    assert 'href="/hromady/"' in page and ">Громади</a>" in page
    assert 'href="/initsiatyvy/"' in page and ">Ініціативи</a>" in page


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Тернополя", "Тернопільська"),
        ("у Вінниці", "Вінницька"),
        ("Хмельницького", "Хмельницька"),
        ("вінницька громада", "Вінницька"),
        ("Терноп", "Тернопільська"),
        ("Kamianets", "Кам’янець-Подільська"),
        ("Кам'янець", "Кам’янець-Подільська"),
        ("камʼянець", "Кам’янець-Подільська"),
    ],
)
def test_directory_search_finds_case_forms(client, make_municipality, query, found):
    """ "Тернополя" or "у Вінниці" finds the hromada whose centre the visitor means."""
    make_municipality("Тернопільська", centre_uk="Тернопіль")
    make_municipality("Вінницька", centre_uk="Вінниця")
    make_municipality("Хмельницька", centre_uk="Хмельницький")
    make_municipality(
        "Кам’янець-Подільська", centre_uk="Кам’янець-Подільський", name_en="Kamianets-Podilska"
    )
    assert names(directory(client, q=query)) == [found]


def test_migration_remakes_the_search_words_of_existing_hromadas(client, make_municipality):
    """A hromada saved before the one search (apostrophes kept) is found after migrating."""
    hromada = make_municipality("Кам’янець-Подільська", centre_uk="Кам’янець-Подільський")
    Municipality.objects.filter(pk=hromada.pk).update(search_text=" кам'янець подільська ")
    import_module("partners.migrations.0009_search_text_one_word_form").remake_search_text(
        apps, None
    )
    assert names(directory(client, q="Кам’янець")) == ["Кам’янець-Подільська"]


def test_directory_filters_by_member_and_initiative_with_counts(
    client, make_municipality, initiative, join
):
    """Members only, or one initiative's members; the oblast list shows how many remain."""
    ternopil = make_municipality("Тернопільська", amu_member=True)
    make_municipality("Байковецька", kind=Municipality.Kind.RURAL, centre_uk="Байківці")
    join(initiative, ternopil)
    response = directory(client, member="on")
    assert names(response) == ["Тернопільська"]
    assert names(directory(client, initiative="ogp-local")) == ["Тернопільська"]
    page = html(response)
    assert "Тернопільська (1)</option>" in page
    assert "1\xa0громада" in page
    page = html(directory(client))
    assert "Тернопільська (2)</option>" in page and "2\xa0громади" in page
    assert "Член АМУ" in page and 'href="/initsiatyvy/ogp-local/">OGP Local</a>' in page


def test_directory_counts_follow_changes_to_hromadas(client, make_municipality, initiative, join):
    """The remembered counts change as soon as an editor or an import changes a hromada."""
    ternopil = make_municipality("Тернопільська", amu_member=True)
    other = make_municipality("Байковецька", kind=Municipality.Kind.RURAL)
    assert "1\xa0громада" in html(directory(client, member="on"))
    assert 'value="ogp-local"' in html(directory(client))
    other.amu_member = True
    other.save()
    page = html(directory(client, member="on"))
    assert "Тернопільська (2)</option>" in page and "2\xa0громади" in page
    join(initiative, ternopil)
    assert names(directory(client, initiative="ogp-local")) == ["Тернопільська"]
    initiative.delete()
    assert 'value="ogp-local"' not in html(directory(client))


def test_directory_explains_bad_filters_instead_of_failing(client, make_municipality):
    """An unknown oblast or an over-long query: a Ukrainian message and the whole list."""
    make_municipality()
    response = directory(client, oblast="atlantyda", q="x" * 300)
    page = html(response)
    assert "Такої області немає в переліку." in page
    assert "не більше ніж 100 символів" in page
    assert names(response) == ["Тернопільська"]


def test_directory_keeps_filters_across_pages(client, make_municipality):
    """Going to the next page keeps the visitor's filters in the address."""
    for number in range(51):
        make_municipality(f"Громада {number:02d}")
    page = html(directory(client, q="громада", member=""))
    assert 'href="?q=%D0%B3%D1%80%D0%BE%D0%BC%D0%B0%D0%B4%D0%B0&amp;member=&amp;page=2"' in page
    assert "Наступна" in page


def test_municipality_page_shows_facts_initiatives_and_news(
    client, make_municipality, make_article, initiative, join
):
    """A hromada's page: its facts, its initiatives with the year, and the news about it."""
    ternopil = make_municipality(
        "Тернопільська", population=216_000, population_year=2022, amu_member=True,
        amu_member_since=1992, status=Municipality.Status.NONE,
    )  # fmt: skip
    join(initiative, ternopil, action_plan_start=2021, action_plan_end=2023)
    article = make_article(title_uk="Тернопіль відкрив дані")
    article.municipalities.add(ternopil)
    draft = make_article(title_uk="Чернетка про Тернопіль", status="draft", published_at=None)
    draft.municipalities.add(ternopil)
    response = client.get(ternopil.get_absolute_url())
    page = html(response)
    assert h1_count(response) == 1
    assert "<h1>Тернопільська міська громада</h1>" in page
    for fact in ["Тернопільська область", "Тернопільський район", "216\xa0000", "з 1992 року",
                 "UA61040", "учасниця з\xa02020\xa0року",
                 "план дій на 2021–2023\xa0роки"]:  # fmt: skip
        assert fact in page, fact
    assert 'href="/initsiatyvy/ogp-local/"' in page
    assert "Тернопіль відкрив дані" in page and "Чернетка про Тернопіль" not in page


def test_occupied_status_is_shown(client, make_municipality):
    """Temporarily occupied and de-occupied hromadas say so on their page."""
    municipality = make_municipality("Херсонська", status=Municipality.Status.DEOCCUPIED)
    assert "деокупована" in html(client.get(municipality.get_absolute_url()))


def test_initiative_pages_show_partners_members_and_news(
    client, make_municipality, make_article, initiative, join
):
    """The initiative list and page: description, partners, members with year, news."""
    vinnytsia = make_municipality("Вінницька", centre_uk="Вінниця")
    join(initiative, vinnytsia, joined_year=2020)
    article = make_article(title_uk="Брюссель: OGP Local")
    article.initiatives.add(initiative)
    listing = html(client.get(reverse("partners:initiative_list")))
    assert "Партнерство «Відкритий уряд»\xa0— місцевий рівень" in listing
    assert "1\xa0громада-учасниця" in listing
    response = client.get(initiative.get_absolute_url())
    page = html(response)
    assert h1_count(response) == 1
    assert "Місцеві плани дій щодо відкритості." in page
    assert "Партнерство «Відкритий уряд»</a>" in page
    assert "Вінницька міська громада</a>" in page and ":</span>2020</td>" in page
    assert "Брюссель: OGP Local" in page


def test_programme_page_and_article_footer(client, make_article, programme, make_municipality):
    """Articles made within ПУЛЬС carry the donor's footer and appear on its page."""
    article = make_article(title_uk="Тренінг для речників", programme=programme)
    other = make_article(title_uk="Інша новина")
    page = html(client.get(article.get_absolute_url()))
    assert (
        "Сторінку розроблено в\xa0межах проєкту «Розробка курсу на зміцнення місцевого "
        "самоврядування в\xa0Україні» (ПУЛЬС)"
    ) in page
    assert "Сторінку розроблено" not in html(client.get(other.get_absolute_url()))
    page = html(client.get(programme.get_absolute_url()))
    assert "Тренінг для речників" in page and "Інша новина" not in page
    assert "Агентство США з\xa0міжнародного розвитку" in page and "14\xa0грудня\xa02015" in page
    assert "ПУЛЬС" in html(client.get(reverse("partners:programme_list")))


def test_article_links_to_its_hromadas_and_initiatives(
    client, make_article, make_municipality, initiative
):
    """An article page links to the hromadas it mentions and its initiatives."""
    ternopil = make_municipality("Тернопільська")
    article = make_article()
    article.municipalities.add(ternopil)
    article.initiatives.add(initiative)
    page = html(client.get(article.get_absolute_url()))
    assert f'<a href="{ternopil.get_absolute_url()}">Тернопільська міська громада</a>' in page
    assert f'<a href="{initiative.get_absolute_url()}">Партнерство' in page


def test_english_pages_use_english_names(client, make_municipality, initiative, join):
    """The English directory and initiative page show the English names."""
    initiative.description_en = "<p>Local action plans for openness.</p>"
    initiative.save()
    join(initiative, make_municipality("Тернопільська", name_en="Ternopilska"))
    page = html(client.get("/en/hromadas/"))
    assert "Ternopilska urban hromada" in page and "Ternopilska oblast" in page
    assert "Open Government Partnership Local" in html(client.get("/en/initiatives/ogp-local/"))


def test_directory_rows_say_where_each_hromada_is(client, make_municipality):
    """Each row names its oblast and raion as Ukrainians abbreviate them, and its centre."""
    make_municipality("Тернопільська", centre_en="Ternopil")
    assert "Тернопільська обл., Тернопільський р-н · центр: Тернопіль" in html(directory(client))
    english = html(client.get("/en/hromadas/"))
    assert "Ternopilska oblast, Ternopilskyi raion · centre: Ternopil" in english


def test_open_data_csv_and_json(client, make_municipality, initiative, join):
    """The directory and the memberships download as CSV for Excel (a BOM, semicolons, a
    decimal comma) and JSON."""
    ternopil = make_municipality(
        "Тернопільська", name_en="Ternopilska", amu_member=True, area=Decimal("72.5")
    )
    join(initiative, ternopil, action_plan_start=2021, action_plan_end=2023)
    response = client.get(reverse("partners:municipalities_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content[:3] == b"\xef\xbb\xbf"  # without it Excel reads Windows-1251
    rows = read_csv(response)
    assert rows[0]["area_km2"] == "72,5"
    assert rows[0]["name_uk"] == "Тернопільська" and rows[0]["code"] == ternopil.code
    assert rows[0]["amu_member"] == "true" and rows[0]["initiatives"] == "ogp-local"
    assert rows[0]["url"] == "http://testserver/hromady/" + ternopil.slug + "/"
    data = json.loads(client.get(reverse("partners:municipalities_json")).content)
    assert data["count"] == 1 and data["municipalities"][0]["oblast_uk"] == "Тернопільська"
    assert data["municipalities"][0]["area_km2"] == 72.5
    response = client.get(reverse("partners:memberships_csv"))
    assert response.content[:3] == b"\xef\xbb\xbf"
    rows = read_csv(response)
    assert rows == [
        {
            "initiative": "ogp-local",
            "initiative_uk": "Партнерство «Відкритий уряд» — місцевий рівень",
            "initiative_en": "Open Government Partnership Local",
            "municipality_code": ternopil.code,
            "municipality_uk": "Тернопільська",
            "oblast_uk": "Тернопільська",
            "joined_year": "2020",
            "status": "active",
            "action_plan_start": "2021",
            "action_plan_end": "2023",
        }
    ]
    data = json.loads(client.get(reverse("partners:memberships_json")).content)
    assert data["memberships"][0]["joined_year"] == 2020


def read_csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def populate(count, make_municipality, make_article, initiative, programme, join):
    """count members of the initiative, each mentioned by an article of the programme."""
    municipalities = [make_municipality(f"Громада {n}", amu_member=True) for n in range(count)]
    for municipality in municipalities:
        join(initiative, municipality)
        article = make_article(programme=programme)
        article.municipalities.add(municipalities[0], municipality)
        article.initiatives.add(initiative)
    return municipalities[0]


@pytest.mark.parametrize("count", [1, 30])
def test_query_budgets_do_not_grow_with_members_or_articles(
    client, django_assert_max_num_queries, make_municipality, make_article, initiative,
    programme, join, count,
):  # fmt: skip
    """Directory, hromada, initiative, programme and open-data pages cost the same few queries."""
    first = populate(count, make_municipality, make_article, initiative, programme, join)
    directory = reverse("partners:municipality_list")
    pages = {
        # The filters' choices, the counts of each choice (two), the figures of the first
        # screen, the next scheduled change of news, pages and events (all then remembered),
        # the page, its memberships.
        directory: 10,
        directory + "?initiative=ogp-local&member=on&q=громада": 6,
        first.get_absolute_url(): 5,
        initiative.get_absolute_url(): 7,  # with its documents (pages app)
        programme.get_absolute_url(): 4,
        reverse("partners:initiative_list"): 2,
        # With its documents (pages app) and its related news (issue 6): choosing them and
        # the next scheduled change (both then remembered), their cards.
        Article.objects.first().get_absolute_url(): 9,
        reverse("partners:municipalities_csv"): 2,
        reverse("partners:memberships_json"): 1,
    }
    client.get("/")  # the header and footer are cached after the first page (pages app)
    for url, budget in pages.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200, url
    with django_assert_max_num_queries(7):  # the related news' choice remembered
        assert client.get(Article.objects.first().get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(2):  # the choices and counts remembered
        assert client.get(directory).status_code == 200
    with django_assert_max_num_queries(4):  # a search by name is counted afresh
        assert client.get(directory + "?q=громада&member=on").status_code == 200


def test_combined_filters_count_each_choice_in_both_languages(
    client, make_municipality, initiative, join
):
    """Type, membership, status and initiative combine in the address; each choice shows how
    many hromadas it would leave with the other filters kept, in Ukrainian and in English;
    the language switch keeps the filters."""
    ternopil = make_municipality("Тернопільська", amu_member=True, status="possible_hostilities")
    make_municipality("Збаразька", kind="settlement", amu_member=True, centre_uk="Збараж")
    make_municipality("Байковецька", kind="rural", centre_uk="Байківці")
    make_municipality("Великобірківська", kind="settlement", status="occupied")
    join(initiative, ternopil)
    response = directory(client, member="on", kind="settlement")
    assert names(response) == ["Збаразька"]
    page = html(response)
    assert "1\xa0громада" in page
    assert '<option value="settlement" selected>селищні громади (1)</option>' in page
    assert '<option value="urban">міські громади (1)</option>' in page
    assert '<option value="rural">сільські громади (0)</option>' in page
    # Membership counted among settlement hromadas: one member, one not.
    assert '<option value="on" selected>Члени АМУ (1)</option>' in page
    assert '<option value="no">Не члени (1)</option>' in page
    assert '<option value="hostilities">бойові дії (активні чи можливі) (0)</option>' in page
    assert '<option value="ogp-local">OGP Local (0)</option>' in page
    assert 'href="/en/hromadas/?member=on&amp;kind=settlement"' in page

    response = client.get("/en/hromadas/", {"member": "on", "kind": "settlement"})
    assert names(response) == ["Zbarazka"]
    page = html(response)
    assert "1 hromada" in page
    assert '<option value="settlement" selected>settlement hromadas (1)</option>' in page
    assert '<option value="on" selected>AUC members (1)</option>' in page
    assert 'href="/hromady/?member=on&amp;kind=settlement"' in page
    translation.activate("uk")

    response = directory(client, status="hostilities", initiative="ogp-local", member="on")
    assert names(response) == ["Тернопільська"]
    response = directory(client, status="occupied", member="on")
    assert names(response) == []
    page = html(response)
    assert "Жодна громада не відповідає цим умовам." in page
    assert (
        "Зніміть частину фільтрів" in page
        and '<a href="/hromady/">Показати всі громади</a>' in page
    )
    assert '<option value="no">Не члени (1)</option>' in page  # what to try instead


def test_directory_filters_by_raion_within_an_oblast(client, directory):
    """Choosing an oblast narrows the raions to its own, each with its count."""
    params = {"oblast": "ternopilska", "raion": "UA61040000000090285"}
    response = client.get(reverse("partners:municipality_list"), params)
    page = html(response)
    assert response.context["paginator"].count == 25
    assert '<option value="UA61040000000090285" selected>Тернопільський (25)</option>' in page
    assert "Вінницький" not in page  # raions of other oblasts are not offered
    assert (
        "1\xa0469\xa0територіальних громад" in page
        and "2\xa0міста зі спеціальним статусом" in page
    )


FILTER_COMBINATIONS = [
    {},
    {"oblast": "ternopilska"},
    {"oblast": "ternopilska", "raion": "UA61040000000090285", "kind": "urban"},
    {"member": "on", "status": "hostilities"},
    {"member": "on", "kind": "rural", "initiative": "ogp-local"},
    {"status": "occupied", "kind": "special"},
]


def directory_queries(client):
    """(queries cold, queries warm) of each filter combination's first page, and whether it
    listed any hromada."""
    counts = []
    for params in FILTER_COMBINATIONS:
        cache.clear()  # the filters' choices and counts computed afresh
        client.get("/")  # the header and footer are cached after the first page (pages app)
        row = []
        for _attempt in ("cold", "warm"):
            with CaptureQueriesContext(connection) as queries:
                response = directory(client, **params)
            row.append(len(queries))
        counts.append((*row, bool(response.context["municipalities"])))
    return counts


def test_directory_queries_are_fixed_with_every_hromada_and_member(
    client, directory, initiative, join
):
    """The directory with all 1,471 units costs the same few queries with 0 or 600 members,
    for any combination of filters (issue 27; run on PostgreSQL in CI)."""
    # Cold: the choices (two), the counts (two), the first screen's figures, the next
    # scheduled change of news, pages and events, the page, its memberships; warm: the last
    # two. An empty page reads neither.
    expected = {True: (10, 2), False: (8, 0)}
    before = directory_queries(client)
    assert [(cold, warm) for cold, warm, _listed in before] == [
        expected[listed] for _cold, _warm, listed in before
    ]
    members = Municipality.objects.order_by("code")[:600]
    Municipality.objects.filter(pk__in=members.values("pk")).update(
        amu_member=True, status="active_hostilities"
    )
    for municipality in members[:50]:
        join(initiative, municipality)
    after = directory_queries(client)
    assert [(cold, warm) for cold, warm, _listed in after] == [
        expected[listed] for _cold, _warm, listed in after
    ]
    assert sum(listed for *_counts, listed in after) == 6  # every combination lists some now
