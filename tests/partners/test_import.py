import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from partners.katottg import BUNDLED_FILE
from partners.models import Municipality, Oblast

pytestmark = pytest.mark.django_db

HEADER = (
    "Перший рівень,Другий рівень,Третій рівень,Четвертий рівень,Додатковий рівень,"
    "Категорія об’єкта,Назва об’єкта,Тип громади,Адміністративний центр"
)


def run(path, **options):
    out = io.StringIO()
    call_command("import_hromadas", str(path), stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def bundled_lines():
    return BUNDLED_FILE.read_text(encoding="utf-8").splitlines()


def write(tmp_path, lines, name="katottg.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bundled_codifier_fills_the_directory_with_1469_hromadas(client, directory):
    """The directory holds every hromada of the 24 oblasts, with the codifier's count each,
    and Kyiv and Sevastopol, the cities with special status."""
    assert Municipality.objects.count() == 1471
    assert Oblast.objects.count() == 24
    kinds = {kind: Municipality.objects.filter(kind=kind).count() for kind in Municipality.Kind}
    assert kinds == {"urban": 411, "settlement": 434, "rural": 624, "special": 2}
    for name, count in [("Вінницька", 63), ("Тернопільська", 55), ("Хмельницька", 60),
                        ("Луганська", 37), ("Одеська", 91)]:  # fmt: skip
        slug = Oblast.objects.get(name_uk=name).slug
        response = client.get(reverse("partners:municipality_list"), {"oblast": slug})
        assert response.context["paginator"].count == count, name
    assert not Municipality.objects.filter(code__startswith="UA01").exists()  # AR Crimea


def test_second_import_changes_nothing(directory):
    """Running the importer again reports every hromada unchanged and writes nothing."""
    before = list(Municipality.objects.order_by("code").values())
    output = run(BUNDLED_FILE)
    assert "створено 0, оновлено 0, без змін 1471" in output
    assert "Пропущено громад АР Крим: 303" in output
    assert list(Municipality.objects.order_by("code").values()) == before


def test_import_updates_by_code_and_keeps_editors_facts(directory, tmp_path):
    """A renamed hromada is updated in place: same page address, editors' facts kept."""
    lviv = Municipality.objects.get(code="UA46060250000025047")
    lviv.population, lviv.website = 717_273, "https://city-adm.lviv.ua/"
    lviv.save()
    lines = [line.replace(",H,Львівська,", ",H,Левова,") for line in bundled_lines()]
    output = run(write(tmp_path, lines))
    assert "створено 0, оновлено 1, без змін 1470" in output
    lviv.refresh_from_db()
    assert (lviv.name_uk, lviv.name_en, lviv.slug) == ("Левова", "Levova", "lvivska")
    assert (lviv.population, lviv.website) == (717_273, "https://city-adm.lviv.ua/")
    assert Municipality.objects.search("Левова").get() == lviv


def broken(lines, change, number=1500):
    """The lines with one cell of the given line changed."""
    lines = list(lines)
    cells = next(csv.reader([lines[number - 1]]))
    assert cells[5] == "H"
    change(cells)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    lines[number - 1] = buffer.getvalue()
    return lines


def test_malformed_file_names_the_line_and_changes_nothing(directory, tmp_path):
    """A broken line stops the import with its number; renames before it are not applied."""
    lines = [line.replace(",H,Вінницька,", ",H,Вінницька нова,") for line in bundled_lines()]
    lines = broken(lines, lambda cells: cells.__setitem__(2, "UA6104049"))
    with pytest.raises(CommandError, match="Рядок 1500: «UA6104049» — не код") as raised:
        run(write(tmp_path, lines))
    assert "Нічого не змінено" in str(raised.value)
    assert Municipality.objects.get(code="UA05020030000031457").name_uk == "Вінницька"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda cells: cells.__setitem__(5, "Z"), "Рядок 1500: невідома категорія «Z»"),
        (lambda cells: cells.__setitem__(6, ""), "Рядок 1500: назва порожня"),
        (lambda cells: cells.__setitem__(7, "міськa"), "Рядок 1500: «міськa» — не тип громади"),
        (
            lambda cells: cells.__setitem__(2, ""),
            "Рядок 1500: для категорії H потрібен код у стовпці «Третій рівень»",
        ),
        (lambda cells: cells.__setitem__(3, cells[2]), "не може бути коду в стовпці «Четвертий"),
        (
            lambda cells: cells.__setitem__(2, "UA05020030000031457"),
            r"Рядок 1500: код громади UA05020030000031457 трапляється двічі \(уперше — у рядку",
        ),
    ],
    ids=["category", "empty-name", "kind", "missing-code", "extra-code", "duplicate"],
)
def test_each_kind_of_malformed_line_is_named(db, tmp_path, change, message):
    """Each problem is told in Ukrainian with its line number, and nothing is imported."""
    with pytest.raises(CommandError, match=message):
        run(write(tmp_path, broken(bundled_lines(), change)))
    assert not Municipality.objects.exists()
    assert not Oblast.objects.exists()


def test_files_that_are_not_the_codifier_are_refused(db, tmp_path):
    """A wrong file, a missing column or a broken workbook gives a clear message, no traceback."""
    with pytest.raises(CommandError, match="це не кодифікатор"):
        run(write(tmp_path, ["name,population", "Київ,2952301"]))
    header = HEADER.replace(",Назва об’єкта", "")
    with pytest.raises(CommandError, match="Рядок 1: у заголовку бракує стовпців «Назва об’єкта»"):
        run(write(tmp_path, [header]))
    broken = tmp_path / "kodifikator.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="як книгу Excel"):
        run(broken)
    with pytest.raises(CommandError, match="Файл не знайдено"):
        run(tmp_path / "missing.csv")
    assert not Municipality.objects.exists()


def ministry_rows():
    """The ministry's own layout: no kind or centre columns, settlements at level 4."""
    oblast, raion = "UA12000000000090473", "UA12020000000022325"
    return [
        (oblast, None, None, None, None, "O", "Дніпропетровська"),
        (oblast, raion, None, None, None, "P", "Дніпровський"),
        (oblast, raion, "UA12020010000033698", None, None, "H", "Дніпровська "),
        (oblast, raion, "UA12020010000033698", "UA12020010010078315", None, "M", "Дніпро"),
        (oblast, raion, "UA12020230000085693", None, None, "H", "Святовасилівська"),
        (oblast, raion, "UA12020230000085693", "UA12020230010087645", None, "X", "Святовасилівка"),
        (oblast, raion, "UA12020230000085693", "UA12020230020064817", None, "C", "Бузинівка"),
        (oblast, raion, "UA12020050000028349", None, None, "H", "Ляшківська"),
        (oblast, raion, "UA12020050000028349", "UA12020050010064620", None, "C", "Ляшківка"),
        (oblast, raion, "UA12020070000095616", None, None, "H", "Слобожанська"),
        (oblast, raion, "UA12020070000095616", "UA12020070010037616", None, "X", "Слобожанське"),
        ("UA01000000000013043", None, None, None, None, "O", "Автономна Республіка Крим"),
        ("UA01000000000013043", "UA01020000000022387", None, None, None, "P", "Бахчисарайський"),
        ("UA01000000000013043", "UA01020000000022387", "UA01020010000048857", None, None, "H",
         "Андріївська "),
        ("UA01000000000013043", "UA01020000000022387", "UA01020010000048857",
         "UA01020010010075540", None, "C", "Андріївка"),
    ]  # fmt: skip


def test_ministry_xlsx_layout_derives_kind_and_centre(db, tmp_path):
    """The ministry's XLSX (title block, seven columns, settlements) imports as it is published."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Кодифікатор"
    sheet.append([None] * 5 + ["ЗАТВЕРДЖЕНО\nнаказом Міністерства …"])
    sheet.append([])
    sheet.append(["Кодифікатор адміністративно-територіальних одиниць"])
    sheet.append(HEADER.split(",")[:7])
    for row in ministry_rows():
        sheet.append(row)
    path = tmp_path / "kodifikator.xlsx"
    workbook.save(path)

    output = run(path)
    assert "створено 4, оновлено 0, без змін 0" in output
    assert "Пропущено громад АР Крим: 1" in output
    hromadas = {m.name_uk: (m.kind, m.centre_uk) for m in Municipality.objects.all()}
    assert hromadas == {
        "Дніпровська": ("urban", "Дніпро"),
        "Святовасилівська": ("rural", "Святовасилівка"),  # a rural-type селище centre
        "Ляшківська": ("rural", "Ляшківка"),
        "Слобожанська": ("settlement", "Слобожанське"),
    }
    assert "створено 0, оновлено 0, без змін 4" in run(path)


def test_ministry_csv_in_windows_1251_with_semicolons(db, tmp_path):
    """An older CSV export of the codifier (cp1251, semicolons, title line) reads the same."""
    lines = ["Кодифікатор адміністративно-територіальних одиниць", HEADER.replace(",", ";")]
    lines += [";".join(cell or "" for cell in row) for row in ministry_rows()]
    path = tmp_path / "kodifikator.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1251"))
    assert "створено 4, оновлено 0, без змін 0" in run(path)
    assert Municipality.objects.get(code="UA12020010000033698").name_uk == "Дніпровська"


def test_kyiv_and_sevastopol_come_from_the_codifiers_own_rows(client, directory):
    """Kyiv is in the directory, found by «Київ», with a page; Sevastopol is occupied."""
    kyiv = Municipality.objects.get(code="UA80000000000093317")
    assert (kyiv.name_uk, kyiv.kind, kyiv.oblast, kyiv.raion) == ("Київ", "special", None, None)
    response = client.get(reverse("partners:municipality_list"), {"q": "Київ"})
    assert kyiv in response.context["municipalities"]
    assert f'href="{kyiv.get_absolute_url()}">Київ</a>' in response.content.decode()
    page = client.get(kyiv.get_absolute_url()).content.decode()
    assert "<h1>Київ</h1>" in page and "місто зі спеціальним статусом" in page
    sevastopol = Municipality.objects.get(code="UA85000000000065278")
    assert sevastopol.status == "occupied" and str(sevastopol.status_since) == "2014-02-20"
    page = client.get(sevastopol.get_absolute_url()).content.decode()
    assert "тимчасово окупована з\xa020\xa0лютого\xa02014" in page
    special = client.get(reverse("partners:municipality_list"), {"kind": "special"})
    assert [m.name for m in special.context["municipalities"]] == ["Київ", "Севастополь"]
