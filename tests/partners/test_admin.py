import re

import pytest
from django.urls import reverse

from partners.models import Membership

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["municipality", "initiative", "organization", "programme", "oblast", "raion"]
)
def test_changelist_and_add_form_open(
    admin_client, make_municipality, initiative, programme, join, model
):
    """Every partners list and add form opens for an editor, in Ukrainian."""
    join(initiative, make_municipality())
    changelist = admin_client.get(reverse(f"admin:partners_{model}_changelist"))
    assert changelist.status_code == 200
    add = admin_client.get(reverse(f"admin:partners_{model}_add"))
    assert add.status_code == 200
    assert 'lang="uk"' in add.content.decode()


def test_municipality_changelist_search_and_filters(
    admin_client, make_municipality, initiative, join
):
    """Editors find a hromada by a case form or its code and filter the list."""
    ternopil = make_municipality("Тернопільська", amu_member=True)
    make_municipality("Байковецька", kind="rural", centre_uk="Байківці")
    join(initiative, ternopil)
    url = reverse("admin:partners_municipality_changelist")

    def found(**params):
        return [m.name for m in admin_client.get(url, params).context["cl"].result_list]

    assert found(q="Тернополя") == ["Тернопільська"]
    assert found(q=ternopil.code.lower()) == ["Тернопільська"]
    assert found(kind__exact="rural") == ["Байковецька"]
    assert found(amu_member="yes") == ["Тернопільська"]
    assert found(initiatives__id__exact=initiative.pk) == ["Тернопільська"]
    assert found(oblast__id__exact=ternopil.oblast_id) == ["Байковецька", "Тернопільська"]
    # In alphabetical order, and no column claims otherwise (the code column once did).
    html = admin_client.get(url).content.decode()
    assert found() == ["Байковецька", "Тернопільська"]
    assert 'class="sortable column-code sorted' not in html and " sorted " not in html


def test_municipality_changelist_names_only_a_special_status(admin_client, make_municipality):
    """Occupied and de-occupied hromadas stand out; the rest show «-», not a label each."""
    make_municipality("Олешківська", status="occupied")
    make_municipality("Тернопільська")
    url = reverse("admin:partners_municipality_changelist")
    response = admin_client.get(url)
    html = response.content.decode()
    cells = re.findall(r'<td class="field-special_status">(.*?)</td>', html)
    assert sorted(cells) == ["-", "тимчасово окупована"]
    assert "без особливого статусу" not in html.split('id="result_list"')[1].split("</table>")[0]
    column = response.context["cl"].list_display.index("special_status")
    ordered = admin_client.get(url, {"o": str(column)}).context["cl"].result_list
    assert [municipality.name for municipality in ordered] == ["Тернопільська", "Олешківська"]


def test_initiative_form_adds_members_by_autocomplete_once(
    admin_client, make_municipality, initiative, join
):
    """The initiative form lists members inline; the same hromada cannot be added twice."""
    ternopil = make_municipality("Тернопільська")
    join(initiative, ternopil)
    url = reverse("admin:partners_initiative_change", args=[initiative.pk])
    page = admin_client.get(url).content.decode()
    assert "admin-autocomplete" in page and "Тернопільська міська громада" in page
    membership = Membership.objects.get()
    data = {
        "name_uk": initiative.name_uk,
        "name_en": initiative.name_en,
        "acronym": initiative.acronym,
        "slug": initiative.slug,
        "description_uk": initiative.description_uk,
        "description_en": "",
        "partners": [p.pk for p in initiative.partners.all()],
        "memberships-TOTAL_FORMS": "2",
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": membership.pk,
        "memberships-0-initiative": initiative.pk,
        "memberships-0-municipality": ternopil.pk,
        "memberships-0-joined_year": "2020",
        "memberships-0-status": "active",
        "memberships-1-initiative": initiative.pk,
        "memberships-1-municipality": ternopil.pk,
        "memberships-1-joined_year": "2021",
        "memberships-1-status": "active",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Ця громада вже бере участь в ініціативі." in response.content.decode()
    assert Membership.objects.count() == 1


def test_article_form_picks_hromadas_initiatives_and_programme(
    admin_client, make_municipality, initiative, programme, make_article
):
    """The article form offers autocomplete for hromadas (with oblast), initiatives, programme."""
    make_municipality("Тернопільська")
    article = make_article()
    page = admin_client.get(reverse("admin:news_article_change", args=[article.pk]))
    html = page.content.decode()
    for field in ["municipalities", "initiatives", "programme"]:
        assert f'name="{field}"' in html and "admin-autocomplete" in html
    assert "Громади й партнери" in html

    def complete(field, term):
        response = admin_client.get(
            reverse("admin:autocomplete"),
            {"term": term, "app_label": "news", "model_name": "article", "field_name": field},
        )
        return [result["text"] for result in response.json()["results"]]

    assert complete("municipalities", "Тернополя") == [
        "Тернопільська міська громада (Тернопільська обл.)"
    ]
    assert complete("initiatives", "місцевий") == ["OGP Local"]
    assert complete("programme", "ПУЛЬС") == [
        "ПУЛЬС — Розробка курсу на зміцнення місцевого самоврядування в Україні"
    ]
