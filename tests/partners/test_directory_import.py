import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from partners.models import Municipality, StatusPeriod

pytestmark = pytest.mark.django_db

TERNOPIL = "UA61040490000035010"
KYIV = "UA80000000000093317"


def run(command, path, *args):
    out = io.StringIO()
    call_command(command, str(path), *args, stdout=out)
    return out.getvalue()


def write(tmp_path, text, name="file.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def snapshot():
    return list(
        Municipality.objects.order_by("code").values(
            "code", "amu_member", "amu_member_since", "amu_member_until", "status", "status_since"
        )
    )


# The association's list as its staff keep it: a title line, codes for some rows, names
# with the kind and «область» for others, a date where a year would do, a typo, a stranger.
MEMBERS = """Список членів Асоціації міст України станом на 01.09.2026
Код КАТОТТГ;Назва;Область;Член з;Членство припинено
UA61040490000035010;Тернопільська міська територіальна громада;Тернопільська;1992;
;Вінницька міська;Вінницька область;15.05.1993;
;м. Київ;;1992;
;Хмельницька міська громада;Хмельницька обл.;2001;2024
;Тернопільська;Хмельницька;2010;
;Житомрська;Житомирська;2004;
"""


def test_membership_import_dry_run_then_run_then_rerun(directory, tmp_path, django_user_model):
    """The dry run lists changes and unmatched rows with candidates and changes nothing; the
    import marks the members with who and when; a re-run changes nothing."""
    editor = django_user_model.objects.create_user("olena")
    path = write(tmp_path, MEMBERS)
    before = snapshot()
    output = run("import_members", path, "--dry-run")
    assert snapshot() == before
    assert (
        "Тернопільська (Тернопільська): amu_member: ні → так; amu_member_since: — → 1992" in output
    )
    assert "Рядок 7: не знайдено: Тернопільська, Хмельницька." in output
    assert (
        "Рядок 8: не знайдено: Житомрська, Житомирська. "
        "Найближчі: Житомирська (Житомирська), UA18040190000029215" in output
    )
    assert "Змінено: 4, без змін: 0, не знайдено: 2." in output
    assert "Пробний запуск: нічого не змінено." in output

    run("import_members", path, "--user", "olena")
    ternopil = Municipality.objects.get(code=TERNOPIL)
    assert (ternopil.amu_member, ternopil.amu_member_since) == (True, 1992)
    vinnytsia = Municipality.objects.get(name_uk="Вінницька", kind="urban")
    assert (vinnytsia.amu_member, vinnytsia.amu_member_since) == (True, 1993)
    assert Municipality.objects.get(code=KYIV).amu_member
    khmelnytskyi = Municipality.objects.get(name_uk="Хмельницька", kind="urban")
    assert (khmelnytskyi.amu_member, khmelnytskyi.amu_member_until) == (False, 2024)
    record = ternopil.history.first()
    assert record.history_user == editor and "імпорт списку членів" in record.history_change_reason

    after = snapshot()
    output = run("import_members", path)
    assert "Змінено: 0, без змін: 4, не знайдено: 2." in output
    assert snapshot() == after
    assert ternopil.history.count() == 1

    page = client_page(f"/hromady/{ternopil.slug}/")
    assert "Член АМУ" in page and "з 1992 року" in page


def client_page(address):
    from django.test import Client

    return Client().get(address).content.decode()


def test_membership_import_reads_xlsx_and_refuses_bad_years(directory, tmp_path):
    """An Excel list works like a CSV; a bad year names its line and changes nothing."""
    workbook = Workbook()
    workbook.active.append(["Код КАТОТТГ", "Член з"])
    workbook.active.append([TERNOPIL, 1995])
    workbook.save(tmp_path / "members.xlsx")
    run("import_members", tmp_path / "members.xlsx")
    assert Municipality.objects.get(code=TERNOPIL).amu_member_since == 1995
    path = write(tmp_path, f"Код КАТОТТГ,Член з\n{KYIV},1992\n{TERNOPIL},тоді\n")
    with pytest.raises(CommandError, match="Рядок 3: «тоді» — не дата"):
        run("import_members", path)
    assert not Municipality.objects.get(code=KYIV).amu_member


# The government's list in its shape: one row per status period of a territory.
STATUSES = """Код;Назва території;Статус;Дата початку;Дата завершення
UA65100150000057191;Херсонська;Тимчасово окупована територія;01.03.2022;11.11.2022
UA65100150000057191;Херсонська;Територія активних бойових дій;11.11.2022;
UA63040090000021240;Ізюмська;Тимчасово окупована територія;01.04.2022;
UA61040490000035010;Тернопільська;Території можливих бойових дій;24.02.2022;
UA63040090001234567;Куньє;Тимчасово окупована територія;01.04.2022;10.09.2022
"""


def test_status_import_keeps_dates_and_follows_an_ended_status(directory, tmp_path, client):
    """Statuses come with their dates; when the list ends one, a re-run shows it."""
    path = write(tmp_path, STATUSES)
    output = run("import_statuses", path)
    assert "Рядок 6: не знайдено: UA63040090001234567, Куньє." in output
    kherson = Municipality.objects.get(code="UA65100150000057191")
    assert (kherson.status, str(kherson.status_since)) == ("deoccupied", "2022-11-11")
    assert kherson.status_periods.count() == 2
    izium = Municipality.objects.get(code="UA63040090000021240")
    assert (izium.status, str(izium.status_since)) == ("occupied", "2022-04-01")
    ternopil = Municipality.objects.get(code=TERNOPIL)
    assert ternopil.status == "possible_hostilities"
    page = client.get(izium.get_absolute_url()).content.decode()
    assert "тимчасово окупована з\xa01\xa0квітня\xa02022" in page

    assert "Змінено: 0, без змін: 3" in run("import_statuses", path)

    occupied = "Ізюмська;Тимчасово окупована територія;01.04.2022;"
    ended = STATUSES.replace(occupied, occupied + "10.09.2022")
    output = run("import_statuses", write(tmp_path, ended, "updated.csv"))
    assert "Змінено: 1, без змін: 2" in output
    izium.refresh_from_db()
    assert (izium.status, str(izium.status_since)) == ("deoccupied", "2022-09-10")
    period = StatusPeriod.objects.get(municipality=izium)
    assert (str(period.started_on), str(period.ended_on)) == ("2022-04-01", "2022-09-10")
    page = client.get(izium.get_absolute_url()).content.decode()
    assert "деокупована з\xa010\xa0вересня\xa02022" in page
    assert "з\xa01\xa0квітня\xa02022 до 10\xa0вересня\xa02022" in page
    listed = client.get(reverse("partners:municipality_list"), {"status": "deoccupied"})
    assert [m.name for m in listed.context["municipalities"]] == ["Ізюмська", "Херсонська"]


def test_status_import_refuses_an_unknown_status(directory, tmp_path):
    """A status the list does not have names its line; nothing changes."""
    path = write(tmp_path, "Код;Статус;Дата початку\nUA65100150000057191;спокійно;01.03.2022\n")
    with pytest.raises(CommandError, match="Рядок 2: «спокійно» — не статус"):
        run("import_statuses", path)
    assert not StatusPeriod.objects.exists()


FACTS = """Код КАТОТТГ,Населення,Площа,Сайт,Посада голови,Джерело,Станом на
UA61040490000035010,225 879,"72,6",rada.te.ua,міський голова,Держстат,01.01.2022
UA80000000000093317,2952301,,,,Держстат,01.01.2022
"""


def test_facts_import_with_source_and_date(directory, tmp_path, client):
    """Facts show with their source and date; facts not given are not shown as blanks."""
    run("import_facts", write(tmp_path, FACTS))
    ternopil = Municipality.objects.get(code=TERNOPIL)
    assert (ternopil.population, str(ternopil.area), ternopil.website) == (
        225879, "72.6", "https://rada.te.ua"
    )  # fmt: skip
    assert ternopil.head_title == "mayor" and ternopil.population_year == 2022
    page = client.get(ternopil.get_absolute_url()).content.decode()
    assert "225\xa0879" in page and "джерело: Держстат, станом на 1\xa0січня\xa02022" in page
    assert "міський голова" in page
    kyiv = client.get(Municipality.objects.get(code=KYIV).get_absolute_url()).content.decode()
    assert "2\xa0952\xa0301" in kyiv
    assert "Площа" not in kyiv and "Сайт" not in kyiv and "Голова" not in kyiv
    assert "Змінено: 0, без змін: 2" in run("import_facts", write(tmp_path, FACTS))


def test_admin_marks_and_unmarks_members_with_history(admin_client, directory):
    """Editors mark several hromadas as members at once; the history names them."""
    ids = list(
        Municipality.objects.filter(oblast__slug="ternopilska").values_list("pk", flat=True)[:3]
    )
    url = reverse("admin:partners_municipality_changelist")
    response = admin_client.post(
        url, {"action": "mark_members", "_selected_action": ids}, follow=True
    )
    assert "Змінено 3 громади." in response.content.decode()
    assert Municipality.objects.filter(pk__in=ids, amu_member=True).count() == 3
    admin_client.post(url, {"action": "unmark_members", "_selected_action": ids[:1]})
    first = Municipality.objects.get(pk=ids[0])
    assert not first.amu_member
    assert [r.amu_member for r in first.history.all()] == [False, True]
    assert first.history.first().history_user.is_superuser
    form = admin_client.get(reverse("admin:partners_municipality_change", args=[ids[0]]))
    page = form.content.decode()
    assert "знято позначку членства" in page and "член асоціації: так → ні" in page
    assert "admin" in page  # who
