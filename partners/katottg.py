"""Reading the official codifier (КАТОТТГ) and updating the directory of hromadas from it.

The ministry publishes the codifier as XLSX (and CSV exports of it) with a title block and
the columns «Перший рівень … Назва об’єкта». The project's compact extract
(partners/data/katottg.csv, see its README) keeps that layout for levels 1–3 and adds
«Тип громади» and «Адміністративний центр»; in the ministry's full file both are derived
from the level-4 settlements instead. Rows are keyed on the code, never on the name.
"""

import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

import pagecache
from editorial.text import free_slug, normalize_apostrophes, slugify_uk, transliterate

from .collation import APOSTROPHE
from .models import KIND_IN_CODIFIER, Municipality, Oblast, Raion

BUNDLED_FILE = Path(__file__).resolve().parent / "data" / "katottg.csv"

# AR Crimea: the codifier encodes the occupied peninsula on its pre-2020 council structure;
# it is not among the 1,469 hromadas of the 2020 reform (docs/decisions.md).
CRIMEA = "UA01000000000013043"
# Kyiv and Sevastopol are level-1 units of their own (category K): no oblast, raion or
# hromada rows. The directory lists them beside the hromadas. Sevastopol has been
# temporarily occupied since 20 February 2014 (Law of Ukraine № 1207-VII, art. 1-1); a new
# row starts with that status, and the status import may change it.
SEVASTOPOL = "UA85000000000065278"
OCCUPIED_SINCE_2014 = {SEVASTOPOL: date(2014, 2, 20)}

CODE = re.compile(r"^UA\d{17}$")
LEVELS = ("level1", "level2", "level3", "level4", "extra")
COLUMNS = {
    "перший рівень": "level1",
    "другий рівень": "level2",
    "третій рівень": "level3",
    "четвертий рівень": "level4",
    "додатковий рівень": "extra",
    "категорія об'єкта": "category",
    "назва об'єкта": "name",
    "тип громади": "kind",
    "адміністративний центр": "centre",
}
REQUIRED = ("level1", "level2", "level3", "level4", "extra", "category", "name")
# The deepest code column each category fills.
CATEGORY_LEVEL = {
    "O": "level1",  # oblast, AR Crimea
    "K": "level1",  # city with special status: Kyiv, Sevastopol
    "P": "level2",  # raion
    "H": "level3",  # territorial hromada
    "M": "level4",  # city
    "X": "level4",  # settlement
    "T": "level4",  # urban-type settlement (editions before 2024)
    "C": "level4",  # village
    "B": "extra",  # city district
}
KINDS = {word: kind for kind, word in KIND_IN_CODIFIER.items()}
CENTRE_KIND = {
    "M": Municipality.Kind.URBAN,
    "T": Municipality.Kind.SETTLEMENT,
    "X": Municipality.Kind.SETTLEMENT,
    "C": Municipality.Kind.RURAL,
}
# Hromadas whose centre is a rural-type селище («X» since 2024, «X» before): they are
# сільська, not селищна (partners/data/README.md, "How the centre and the kind were derived").
RURAL_SETTLEMENT_CENTRES = frozenset(
    {
        "UA12020230000085693",
        "UA23080110000020314",
        "UA44160070000013725",
        "UA48020230000095751",
        "UA48060030000055210",
        "UA48060290000080246",
        "UA48080070000061107",
        "UA61060330000041227",
        "UA63100010000016136",
        "UA01160470000074732",
    }
)
HEADER_SEARCH_ROWS = 20


class CodifierError(Exception):
    """A file that is not a readable codifier; the message names the line."""


@dataclass
class Unit:
    code: str
    name: str
    line: int
    parent: str = ""


@dataclass
class Hromada:
    code: str
    name: str
    oblast: str
    raion: str
    line: int
    kind: str = ""
    centre: str = ""


@dataclass
class Codifier:
    oblasts: dict = field(default_factory=dict)
    raions: dict = field(default_factory=dict)
    hromadas: dict = field(default_factory=dict)
    cities: dict = field(default_factory=dict)  # cities with special status (category K)
    skipped: int = 0


@dataclass
class Result:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    not_in_file: int = 0


def error(line, message):
    return CodifierError(_("Line %(line)d: %(problem)s") % {"line": line, "problem": message})


def clean(value):
    """A cell as text: None → "", spaces trimmed, every apostrophe as ’."""
    if value is None:
        return ""
    text = str(value).strip()
    return normalize_apostrophes(text).replace("'", APOSTROPHE)


# --- Reading ------------------------------------------------------------------------


def read_rows(path):
    """(line number, cells) for every row of a CSV or XLSX file."""
    path = Path(path)
    if not path.is_file():
        raise CodifierError(_("File not found: %(path)s") % {"path": path})
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return read_xlsx(path)
    return read_csv(path)


def read_csv(path):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # The ministry's older CSV exports are in Windows-1251.
        text = raw.decode("cp1251")
    header_line = next(
        (line for line in text.splitlines()[:HEADER_SEARCH_ROWS] if "рівень" in line.lower()),
        text.splitlines()[0] if text else "",
    )
    delimiter = max(",;\t", key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as exc:
        raise error(reader.line_num, str(exc)) from exc


def read_xlsx(path):
    from openpyxl import load_workbook  # heavy, and only the .xlsx codifier needs it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise CodifierError(
            _("Cannot read %(path)s as an Excel workbook: %(reason)s")
            % {"path": path.name, "reason": exc}
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, ["" if cell is None else str(cell) for cell in cells]
    finally:
        workbook.close()


def header_columns(cells):
    """{column key: index} if these cells are the codifier's header row, else None."""
    names = [normalize_apostrophes(str(cell or "")).strip().lower() for cell in cells]
    columns = {COLUMNS[name]: index for index, name in enumerate(names) if name in COLUMNS}
    return columns if "level1" in columns else None


def parse(rows):
    """The codifier's oblasts, raions and hromadas, validated; CodifierError otherwise."""
    rows = iter(rows)
    columns = None
    for line, cells in rows:
        columns = header_columns(cells)
        if columns or line >= HEADER_SEARCH_ROWS:
            break
    if not columns:
        raise CodifierError(
            _(
                "No header row «Перший рівень, Другий рівень, …» in the first %(count)d lines: "
                "this is not the codifier."
            )
            % {"count": HEADER_SEARCH_ROWS}
        )
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        raise error(
            line,
            _("the header lacks the columns %(columns)s.")
            % {"columns": ", ".join(f"«{column_title(key)}»" for key in missing)},
        )

    codifier = Codifier()
    centres = {}  # hromada code → (centre name, centre category), from level-4 rows
    for line, cells in rows:
        values = {
            key: clean(cells[index]) if index < len(cells) else ""
            for key, index in columns.items()
        }
        if not any(values.values()):
            continue
        read_row(codifier, centres, line, values)

    for hromada in codifier.hromadas.values():
        finish_hromada(codifier, centres, hromada)
    return codifier


def read_row(codifier, centres, line, values):
    category = values["category"]
    if category not in CATEGORY_LEVEL:
        raise error(line, _("unknown category «%(category)s».") % {"category": category})
    if not values["name"]:
        raise error(line, _("the name is empty."))
    depth = LEVELS.index(CATEGORY_LEVEL[category])
    # A row fills the codes of every level down to its own, and none below.
    for index, level in enumerate(LEVELS):
        code = values[level]
        if index <= depth and not code:
            raise error(
                line,
                _("category %(category)s needs a code in the column «%(column)s».")
                % {"category": category, "column": column_title(level)},
            )
        if index > depth and code:
            raise error(
                line,
                _("category %(category)s cannot have a code in the column «%(column)s».")
                % {"category": category, "column": column_title(level)},
            )
        if code and not CODE.match(code):
            raise error(
                line,
                _("«%(code)s» is not a codifier code (UA and 17 digits).") % {"code": code},
            )

    if category == "O":
        codifier.oblasts[values["level1"]] = Unit(values["level1"], values["name"], line)
    elif category == "K":
        codifier.cities[values["level1"]] = Unit(values["level1"], values["name"], line)
    elif category == "P":
        codifier.raions[values["level2"]] = Unit(
            values["level2"], values["name"], line, parent=values["level1"]
        )
    elif category == "H":
        code = values["level3"]
        if code in codifier.hromadas:
            raise error(
                line,
                _("the hromada code %(code)s occurs twice (first on line %(first)d).")
                % {"code": code, "first": codifier.hromadas[code].line},
            )
        kind = values.get("kind", "")
        if kind and kind not in KINDS:
            raise error(
                line,
                _("«%(kind)s» is not a kind of hromada (міська, селищна, сільська).")
                % {"kind": kind},
            )
        codifier.hromadas[code] = Hromada(
            code=code,
            name=values["name"],
            oblast=values["level1"],
            raion=values["level2"],
            line=line,
            kind=KINDS.get(kind, ""),
            centre=values.get("centre", ""),
        )
    elif depth == LEVELS.index("level4") and values["level4"][9:12] == "001":
        # The codifier lists a hromada's administrative centre first, as settlement 001.
        centres.setdefault(values["level3"], (values["name"], category))


def column_title(key):
    title = next(name for name, value in COLUMNS.items() if value == key).capitalize()
    return title.replace("'", APOSTROPHE)


def finish_hromada(codifier, centres, hromada):
    line = hromada.line
    if hromada.oblast not in codifier.oblasts:
        raise error(line, _("the oblast %(code)s is not in the file.") % {"code": hromada.oblast})
    if hromada.raion not in codifier.raions:
        raise error(line, _("the raion %(code)s is not in the file.") % {"code": hromada.raion})
    centre_name, centre_category = centres.get(hromada.code, ("", ""))
    hromada.centre = hromada.centre or centre_name
    if not hromada.kind and centre_category:
        if centre_category == "X" and hromada.code in RURAL_SETTLEMENT_CENTRES:
            hromada.kind = Municipality.Kind.RURAL
        else:
            hromada.kind = CENTRE_KIND.get(centre_category, "")
    if not hromada.centre or not hromada.kind:
        raise error(
            line,
            _(
                "the hromada «%(name)s» has no administrative centre: the file has neither the "
                "columns «Тип громади» and «Адміністративний центр» nor its settlements."
            )
            % {"name": hromada.name},
        )


# --- Updating the directory --------------------------------------------------------


def machine_translation(current, old_source, new_source):
    """The English name: the official transliteration, unless an editor wrote another."""
    if not current or current == transliterate(old_source or ""):
        return transliterate(new_source)
    return current


def sync_units(model, units, extra=None):
    """Create or update oblasts or raions by code; returns {code: pk}."""
    existing = {unit.code: unit for unit in model.objects.all()}
    taken = {unit.slug for unit in existing.values()} if hasattr(model, "slug") else set()
    to_create, to_update = [], []
    for unit in units:
        row = existing.get(unit.code)
        fields = {
            "name_uk": unit.name,
            "name_en": machine_translation(
                row.name_en if row else "", row.name_uk if row else "", unit.name
            ),
            **(extra(unit) if extra else {}),
        }
        if row is None:
            row = model(code=unit.code, **fields)
            if hasattr(model, "slug"):
                row.slug = new_slug(unit.name, taken)
            to_create.append(row)
        elif any(getattr(row, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(row, name, value)
            to_update.append(row)
    model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, list(fields))
    return dict(model.objects.values_list("code", "pk"))


def new_slug(text, taken):
    """A slug no row has, remembered in taken (the slugs of the rows so far)."""
    slug = free_slug(slugify_uk(text), taken)
    taken.add(slug)
    return slug


# Per-language columns only: the plain attributes read in the active language.
HROMADA_FIELDS = [
    "name_uk",
    "name_en",
    "centre_uk",
    "centre_en",
    "kind",
    "oblast_id",
    "raion_id",
]


@transaction.atomic
def update_directory(codifier, progress=iter):
    """Create and update the hromadas of the 24 oblasts and the cities with special status
    by code; nothing is deleted."""
    result = Result()
    hromadas = [h for h in codifier.hromadas.values() if h.oblast != CRIMEA]
    result.skipped = len(codifier.hromadas) - len(hromadas)
    oblast_ids = sync_units(
        Oblast, [codifier.oblasts[code] for code in sorted({h.oblast for h in hromadas})]
    )
    raion_ids = sync_units(
        Raion,
        [codifier.raions[code] for code in sorted({h.raion for h in hromadas})],
        extra=lambda unit: {"oblast_id": oblast_ids[unit.parent]},
    )

    # Kyiv and Sevastopol: a city with special status is its own centre.
    cities = [
        Hromada(code=city.code, name=city.name, oblast="", raion="", line=city.line,
                kind=Municipality.Kind.SPECIAL, centre=city.name)
        for city in codifier.cities.values()
    ]  # fmt: skip
    oblast_ids[""] = raion_ids[""] = None

    existing = {row.code: row for row in Municipality.objects.all()}
    taken = {row.slug for row in existing.values()}
    same_name = Counter(h.name for h in hromadas)
    same_name_in_oblast = Counter((h.name, h.oblast) for h in hromadas)
    to_create, to_update = [], []
    for hromada in progress([*cities, *hromadas]):
        row = existing.get(hromada.code)
        if row is None:
            row = Municipality(code=hromada.code)
            parts = [hromada.name]
            if same_name[hromada.name] > 1:
                parts.append(codifier.oblasts[hromada.oblast].name)
            if same_name_in_oblast[(hromada.name, hromada.oblast)] > 1:
                parts.append(codifier.raions[hromada.raion].name)
            row.slug = new_slug(" ".join(parts), taken)
            if hromada.code in OCCUPIED_SINCE_2014:
                row.status = Municipality.Status.OCCUPIED
                row.status_since = OCCUPIED_SINCE_2014[hromada.code]
        before = [getattr(row, name) for name in HROMADA_FIELDS]
        before_search_text = row.search_text
        row.name_en = machine_translation(row.name_en, row.name_uk, hromada.name)
        row.centre_en = machine_translation(row.centre_en, row.centre_uk, hromada.centre)
        row.name_uk = hromada.name
        row.centre_uk = hromada.centre
        row.kind = hromada.kind
        row.oblast_id = oblast_ids[hromada.oblast]
        row.raion_id = raion_ids[hromada.raion]
        changed = [getattr(row, name) for name in HROMADA_FIELDS] != before
        if row.pk is None or changed or not row.search_text:
            # Lemmatizing is the slow part: only for new and changed rows.
            row.search_text = row.compute_search_text()
        if row.pk is None:
            to_create.append(row)
        elif changed or row.search_text != before_search_text:
            to_update.append(row)
        else:
            result.unchanged += 1
    Municipality.objects.bulk_create(to_create, batch_size=500)
    Municipality.objects.bulk_update(to_update, [*HROMADA_FIELDS, "search_text"], batch_size=500)
    if to_create or to_update:
        pagecache.invalidate()  # bulk writes send no signals
    result.created, result.updated = len(to_create), len(to_update)
    result.not_in_file = len(existing.keys() - codifier.hromadas.keys() - codifier.cities.keys())
    return result
