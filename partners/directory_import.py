"""Keeping the directory current from files: the association's member list, the government's
list of territories of hostilities and occupation, and facts about hromadas (issue 27).

Each file is CSV or XLSX (read as the codifier is, partners.katottg.read_rows) with a header
row; the columns are recognised by their Ukrainian or English titles (docs/editors-guide.md).
Every importer first plans its changes (a dry run prints the plan and changes nothing), then
writes only the rows that differ, with a history record naming who ran it: a re-run of the
same file changes nothing.
"""

import csv
import datetime
import difflib
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

import pagecache
from editorial.text import normalize_apostrophes

from .katottg import CodifierError, read_rows
from .models import Municipality, StatusPeriod

HEADER_SEARCH_ROWS = 20
# Words of a hromada's or an oblast's full name that do not tell which one is meant.
NAME_NOISE = frozenset(
    "територіальна громада тг отг об’єднана обл область м місто р-н район".split()
)
KIND_WORDS = {"міська": "urban", "селищна": "settlement", "сільська": "rural"}


class ImportFileError(CodifierError):
    """A file the importer cannot use; the message says why, in Ukrainian."""


def normalize(text):
    return normalize_apostrophes(str(text or "")).replace("'", "’").strip().lower()


def read_file_rows(path):
    """(line, cells) of a CSV or XLSX file; a CSV's delimiter is the one its header uses most
    (the title lines above a table have none)."""
    path = Path(path)
    if not path.is_file() or path.suffix.lower() in {".xlsx", ".xlsm"}:
        yield from read_rows(path)
        return
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1251")  # a CSV saved by Excel on a Ukrainian Windows
    first_lines = text.splitlines()[:HEADER_SEARCH_ROWS] or [""]
    delimiter = max(",;\t", key=lambda d: max(line.count(d) for line in first_lines))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as exc:
        raise ImportFileError(
            _("Line %(line)d: %(problem)s") % {"line": reader.line_num, "problem": exc}
        ) from exc


def read_table(path, columns, required):
    """(line, {key: cell}) of each data row. columns: {key: [header titles]}."""
    titles = {normalize(title): key for key, names in columns.items() for title in names}
    rows = iter(read_file_rows(path))
    header = None
    for line, cells in rows:
        found = {
            titles[normalize(cell)]: i for i, cell in enumerate(cells) if normalize(cell) in titles
        }
        if any(key in found for key in required):
            header = found
            break
        if line >= HEADER_SEARCH_ROWS:
            break
    if header is None:
        raise ImportFileError(
            _("No header row in the first %(count)d lines; expected columns: %(columns)s.")
            % {
                "count": HEADER_SEARCH_ROWS,
                "columns": ", ".join(f"«{columns[k][0]}»" for k in required),
            }
        )
    missing = [key for key in required if key not in header]
    if missing:
        raise ImportFileError(
            _("Line %(line)d: the header lacks the columns %(columns)s.")
            % {"line": line, "columns": ", ".join(f"«{columns[k][0]}»" for k in missing)}
        )
    for line, cells in rows:
        values = {
            key: str(cells[index]).strip()
            if index < len(cells) and cells[index] is not None
            else ""
            for key, index in header.items()
        }
        if any(values.values()):
            yield line, values


def row_error(line, message):
    return ImportFileError(_("Line %(line)d: %(problem)s") % {"line": line, "problem": message})


DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%d.%m.%y", "%d/%m/%Y")


def parse_date(value, line):
    """A date as the files write it: 24.02.2022, 2022-02-24 or an Excel date cell."""
    if not value:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise row_error(
        line, _("«%(value)s» is not a date (write it as 24.02.2022).") % {"value": value}
    )


def parse_year(value, line):
    """A year, or the year of a date: membership is kept by the year."""
    if not value:
        return None
    if re.fullmatch(r"\d{4}(\.0)?", value):
        year = int(value[:4])
    else:
        year = parse_date(value, line).year
    if not 1990 <= year <= 2100:
        raise row_error(line, _("the year %(year)d is out of range.") % {"year": year})
    return year


# --- Finding the hromada a row means -----------------------------------------------------


class Directory:
    """The hromadas, to find by code, or by name and oblast with the closest candidates."""

    def __init__(self):
        self.rows = list(Municipality.objects.select_related("oblast"))
        self.by_code = {row.code: row for row in self.rows}
        self.by_name = defaultdict(list)
        for row in self.rows:
            self.by_name[
                (name_key(row.name_uk), name_key(row.oblast.name_uk) if row.oblast else "")
            ].append(row)
        self.labels = {self.label(row): row for row in self.rows}

    @staticmethod
    def label(row):
        return f"{row.name_uk} ({row.oblast.name_uk})" if row.oblast else row.name_uk

    def find(self, code="", name="", oblast=""):
        """The hromada, or None and the closest candidates' labels."""
        code = code.strip().upper()
        if code in self.by_code:
            return self.by_code[code], []
        if not name:
            return None, []
        kind = next((KIND_WORDS[w] for w in normalize(name).split() if w in KIND_WORDS), None)
        found = self.by_name.get((name_key(name), name_key(oblast)), [])
        if kind:
            found = [row for row in found if row.kind == kind]
        if len(found) == 1:
            return found[0], []
        if found:
            return None, [f"{self.label(row)}, {row.code}" for row in found]
        wanted = (
            f"{name_key(name).capitalize()} ({name_key(oblast).capitalize()})" if oblast else name
        )
        close = difflib.get_close_matches(wanted, self.labels, n=3, cutoff=0.6)
        return None, [f"{label}, {self.labels[label].code}" for label in close]


def name_key(text):
    """Тернопільська міська територіальна громада → тернопільська; м. Київ → київ."""
    words = re.split(r"[\s.]+", normalize(text))
    return " ".join(w for w in words if w and w not in NAME_NOISE and w not in KIND_WORDS)


# --- The plan and its report -------------------------------------------------------------


@dataclass
class Plan:
    """What an import would do: changed hromadas with their changes, unmatched rows."""

    changes: list = field(default_factory=list)  # (municipality, {field: (old, new)})
    unmatched: list = field(default_factory=list)  # (line, what the row said, candidates)
    unchanged: int = 0
    notes: list = field(default_factory=list)
    periods: dict = field(default_factory=dict)  # status import: {municipality pk: periods}

    def change(self, municipality, new_values):
        diff = {
            name: (getattr(municipality, name), value)
            for name, value in new_values.items()
            if getattr(municipality, name) != value
        }
        if diff:
            self.changes.append((municipality, diff))
        else:
            self.unchanged += 1
        return diff

    def report(self):
        lines = []
        for municipality, diff in self.changes:
            described = "; ".join(
                f"{name}: {show(old)} → {show(new)}" for name, (old, new) in diff.items()
            )
            lines.append(f"{municipality.code} {Directory.label(municipality)}: {described}")
        for line, described, candidates in self.unmatched:
            text = _("Line %(line)d: not found: %(row)s.") % {"line": line, "row": described}
            if candidates:
                text += " " + _("Closest: %(candidates)s.") % {"candidates": "; ".join(candidates)}
            lines.append(text)
        lines.extend(self.notes)
        lines.append(
            _("Changed: %(changed)d, unchanged: %(unchanged)d, not found: %(unmatched)d.")
            % {
                "changed": len(self.changes),
                "unchanged": self.unchanged,
                "unmatched": len(self.unmatched),
            }
        )
        return lines


def show(value):
    """A value as a person reads it in a report or a revision: «—», «так», «ні»."""
    if value in (None, ""):
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return str(value)


@transaction.atomic
def apply(plan, user=None, reason=""):
    """Write the plan's changes, each with a history record (who, when, why)."""
    rows = []
    fields = set()
    for municipality, diff in plan.changes:
        values = {name: new for name, (_old, new) in diff.items() if name != PERIODS}
        if not values:
            continue
        for name, new in values.items():
            setattr(municipality, name, new)
        fields.update(values)
        try:
            municipality.full_clean(
                exclude=["slug", "code", "name", "centre", "oblast", "raion", "coat_of_arms"],
                validate_unique=False,
            )
        except ValidationError as exc:
            raise ImportFileError(
                f"{Directory.label(municipality)}: {' '.join(exc.messages)}"
            ) from exc
        rows.append(municipality)
    if rows:
        bulk_update_with_history(
            rows, Municipality, sorted(fields), default_user=user, default_change_reason=reason
        )
    for municipality_pk, periods in plan.periods.items():
        sync_periods(municipality_pk, periods)
    if rows or plan.periods:
        pagecache.invalidate()  # bulk writes send no signals


# --- Membership in the association -------------------------------------------------------

MEMBER_COLUMNS = {
    "code": ["Код КАТОТТГ", "код", "katottg", "code", "код громади"],
    "name": ["Назва", "громада", "назва громади", "name", "hromada"],
    "oblast": ["Область", "oblast"],
    "since": ["Член з", "член асоціації з", "дата вступу", "рік вступу", "member since", "since"],
    "until": [
        "Членство припинено",
        "дата виходу",
        "рік виходу",
        "вийшла",
        "member until",
        "ended",
    ],
}


def plan_members(path, unmark_missing=False):
    directory = Directory()
    plan = Plan()
    listed = set()
    for line, row in read_table(path, MEMBER_COLUMNS, required=["since"]):
        if not row.get("code") and not row.get("name"):
            raise row_error(line, _("neither a KATOTTG code nor a name."))
        municipality, candidates = directory.find(
            row.get("code", ""), row.get("name", ""), row.get("oblast", "")
        )
        if municipality is None:
            described = ", ".join(
                v for v in (row.get("code"), row.get("name"), row.get("oblast")) if v
            )
            plan.unmatched.append((line, described, candidates))
            continue
        if municipality.pk in listed:
            plan.notes.append(
                _("Line %(line)d: %(name)s is listed twice; the first row counts.")
                % {"line": line, "name": Directory.label(municipality)}
            )
            continue
        listed.add(municipality.pk)
        since = parse_year(row.get("since", ""), line)
        until = parse_year(row.get("until", ""), line)
        if since and until and until < since:
            raise row_error(line, _("the membership ends before it begins."))
        plan.change(
            municipality,
            {"amu_member": until is None, "amu_member_since": since, "amu_member_until": until},
        )
    missing = [row for row in directory.rows if row.amu_member and row.pk not in listed]
    if missing and unmark_missing:
        for municipality in missing:
            plan.change(municipality, {"amu_member": False})
    elif missing:
        plan.notes.append(
            _(
                "%(count)d members in the directory are not in this file; they were left as "
                "they are (--unmark-missing unmarks them): %(names)s."
            )
            % {
                "count": len(missing),
                "names": ", ".join(Directory.label(row) for row in missing[:10]),
            }
            + (" …" if len(missing) > 10 else "")
        )
    return plan


# --- Hostilities and occupation ----------------------------------------------------------

STATUS_COLUMNS = {
    "code": ["Код", "код катоттг", "код кодифікатора", "code", "katottg"],
    "name": ["Назва території", "назва", "територія", "name", "territory"],
    "status": ["Статус", "тип території", "категорія", "status"],
    "start": ["Дата початку", "дата виникнення", "дата виникнення можливості", "start", "started"],
    "end": ["Дата завершення", "дата припинення", "дата завершення бойових дій", "end", "ended"],
}
STATUS_WORDS = [
    ("окупован", StatusPeriod.Status.OCCUPIED),
    ("occupied", StatusPeriod.Status.OCCUPIED),
    ("активн", StatusPeriod.Status.ACTIVE_HOSTILITIES),
    ("active", StatusPeriod.Status.ACTIVE_HOSTILITIES),
    ("можлив", StatusPeriod.Status.POSSIBLE_HOSTILITIES),
    ("possible", StatusPeriod.Status.POSSIBLE_HOSTILITIES),
]
# Which status a hromada shows when the list gives it several at once.
STATUS_RANK = [
    StatusPeriod.Status.OCCUPIED,
    StatusPeriod.Status.ACTIVE_HOSTILITIES,
    StatusPeriod.Status.POSSIBLE_HOSTILITIES,
]


def parse_status(value, line):
    text = normalize(value)
    for word, status in STATUS_WORDS:
        if word in text:
            return status
    raise row_error(
        line,
        _(
            "«%(value)s» is not a status of the list (possible hostilities, active "
            "hostilities, temporarily occupied)."
        )
        % {"value": value},
    )


def current_status(periods, today):
    """(status, since) of a hromada from its periods [(status, start, end)]: the status in
    force, ranked; de-occupied since its end when an occupation has ended and none is in
    force; none otherwise."""
    in_force = [p for p in periods if p[1] <= today and (p[2] is None or p[2] > today)]
    if in_force:
        status, start, _end = min(in_force, key=lambda p: (STATUS_RANK.index(p[0]), p[1]))
        if status == StatusPeriod.Status.OCCUPIED:
            return Municipality.Status.OCCUPIED, start
    ended = [
        p[2] for p in periods if p[0] == StatusPeriod.Status.OCCUPIED and p[2] and p[2] <= today
    ]
    if ended:
        return Municipality.Status.DEOCCUPIED, max(ended)
    if in_force:
        return Municipality.Status(status), start
    return Municipality.Status.NONE, None


def plan_statuses(path, today=None):
    today = today or datetime.date.today()
    directory = Directory()
    plan = Plan()
    periods = defaultdict(set)
    for line, row in read_table(path, STATUS_COLUMNS, required=["code", "status", "start"]):
        municipality = directory.by_code.get(row["code"].strip().upper())
        if municipality is None:
            plan.unmatched.append(
                (line, ", ".join(v for v in (row["code"], row.get("name")) if v), [])
            )
            continue
        start = parse_date(row["start"], line)
        if start is None:
            raise row_error(line, _("the start date is empty."))
        end = parse_date(row.get("end", ""), line)
        if end and end < start:
            raise row_error(line, _("the status ends before it starts."))
        periods[municipality].add((parse_status(row["status"], line), start, end))
    if plan.unmatched:
        plan.notes.append(
            _(
                "Rows not found are settlements or codes that are not hromadas of the "
                "directory; the list names a whole hromada by the hromada's own code."
            )
        )
    existing = defaultdict(set)
    for period in StatusPeriod.objects.filter(municipality__in=list(periods)):
        existing[period.municipality_id].add((period.status, period.started_on, period.ended_on))
    for municipality, found in periods.items():
        # One period per status and start: a later row with an end date wins.
        merged = {}
        for status, start, end in sorted(
            found, key=lambda p: (p[0], p[1], p[2] or datetime.date.max)
        ):
            merged.setdefault((status, start), end)
            if end and merged[(status, start)] is None:
                merged[(status, start)] = end
        found = {(status, start, end) for (status, start), end in merged.items()}
        status, since = current_status(found, today)
        diff = plan.change(municipality, {"status": status, "status_since": since})
        if found != existing[municipality.pk]:
            plan.periods[municipality.pk] = found
            if not diff:
                plan.unchanged -= 1
                plan.changes.append((municipality, diff))
            diff[PERIODS] = (describe(existing[municipality.pk]), describe(found))
    return plan


PERIODS = "periods"


def describe(periods):
    return ", ".join(
        f"{status} {start:%d.%m.%Y}–{end:%d.%m.%Y}" if end else f"{status} {start:%d.%m.%Y}–"
        for status, start, end in sorted(periods, key=lambda p: (p[1], p[0]))
    )


def sync_periods(municipality_pk, periods):
    """The hromada's periods become those of the file, keeping the rows that stay."""
    kept = {
        (period.status, period.started_on): period
        for period in StatusPeriod.objects.filter(municipality_id=municipality_pk)
    }
    wanted = {(status, start): end for status, start, end in periods}
    StatusPeriod.objects.filter(
        pk__in=[period.pk for key, period in kept.items() if key not in wanted]
    ).delete()
    for (status, start), end in wanted.items():
        period = kept.get((status, start))
        if period is None:
            StatusPeriod.objects.create(
                municipality_id=municipality_pk, status=status, started_on=start, ended_on=end
            )
        elif period.ended_on != end:
            period.ended_on = end
            period.save(update_fields=["ended_on"])


# --- Facts -------------------------------------------------------------------------------

FACT_COLUMNS = {
    "code": ["Код КАТОТТГ", "код", "code", "katottg"],
    "population": ["Населення", "population"],
    "area": ["Площа", "площа, км²", "площа, км2", "area", "area_km2"],
    "website": ["Сайт", "вебсайт", "website"],
    "head_title": ["Посада голови", "голова", "head_title", "head's title"],
    "source": ["Джерело", "source"],
    "as_of": ["Станом на", "дата", "as_of", "date"],
}
# Per-fact source and date: "population_source", "Джерело: населення"…
for _fact in ("population", "area", "website", "head_title"):
    FACT_COLUMNS[f"{_fact}_source"] = [f"{_fact}_source"]
    FACT_COLUMNS[f"{_fact}_as_of"] = [f"{_fact}_as_of"]
HEAD_TITLES = {
    "міський голова": Municipality.HeadTitle.MAYOR,
    "селищний голова": Municipality.HeadTitle.SETTLEMENT_HEAD,
    "сільський голова": Municipality.HeadTitle.VILLAGE_HEAD,
    "начальник військової адміністрації": Municipality.HeadTitle.MILITARY_ADMINISTRATION,
    "начальник вав": Municipality.HeadTitle.MILITARY_ADMINISTRATION,
    **{value: value for value in Municipality.HeadTitle.values},
}


def parse_fact(name, value, line):
    if name == "population":
        digits = re.sub(r"[\s\u00a0\u202f]", "", value)
        if not digits.isdigit():
            raise row_error(line, _("«%(value)s» is not a population.") % {"value": value})
        return int(digits)
    if name == "area":
        try:
            area = Decimal(value.replace(",", ".").replace(" ", "")).quantize(Decimal("0.1"))
        except InvalidOperation:
            area = None
        if area is None or area <= 0 or area >= 10_000_000:
            raise row_error(line, _("«%(value)s» is not an area in km².") % {"value": value})
        return area
    if name == "website":
        url = value if "://" in value else f"https://{value}"
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise row_error(
                line, _("«%(value)s» is not a web address.") % {"value": value}
            ) from None
        return url
    title = HEAD_TITLES.get(normalize(value))
    if title is None:
        raise row_error(
            line,
            _("«%(value)s» is not a head's title (%(titles)s).")
            % {"value": value, "titles": ", ".join(list(HEAD_TITLES)[:4])},
        )
    return title


def plan_facts(path):
    """Facts by code; an empty cell leaves the fact as it is."""
    directory = Directory()
    plan = Plan()
    for line, row in read_table(path, FACT_COLUMNS, required=["code"]):
        municipality = directory.by_code.get(row["code"].strip().upper())
        if municipality is None:
            plan.unmatched.append((line, row["code"], []))
            continue
        values = {}
        for name in ("population", "area", "website", "head_title"):
            if not row.get(name):
                continue
            values[name] = parse_fact(name, row[name], line)
            values[f"{name}_source"] = row.get(f"{name}_source") or row.get("source", "")
            values[f"{name}_as_of"] = parse_date(
                row.get(f"{name}_as_of") or row.get("as_of", ""), line
            )
            if name == "population" and values["population_as_of"]:
                values["population_year"] = values["population_as_of"].year
        plan.change(municipality, values)
    return plan
