"""The old site's exports, read into entries (issues 11, 25); legacy_import.importer writes
them as articles.

Two formats (docs/import.md): plain-text page exports (.txt) and JSON Lines (.jsonl).
Reading never touches the database.
"""

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _

from editorial.text import html_to_text, sanitize_html

# Bump when the meaning of an export changes, so that the next import rewrites every article.
FORMAT_VERSION = 3

TEXT_SUFFIXES = {".txt"}
JSON_LINES_SUFFIXES = {".jsonl", ".ndjson"}

# The old site writes dates as "20 / Червень, 2022": the month in the nominative.
MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "січень",
            "лютий",
            "березень",
            "квітень",
            "травень",
            "червень",
            "липень",
            "серпень",
            "вересень",
            "жовтень",
            "листопад",
            "грудень",
        ],
        start=1,
    )
}
DATE_LINE = re.compile(r"^(\d{1,2})\s*/\s*([^\W\d_]+)\s*,?\s*(\d{4})$")
# Date-only sources are placed at noon in Kyiv: the same calendar day in every time zone
# a reader or a feed reader is likely to use.
NOON = time(12, 0)

# "Сторінку розроблено в рамках проекту «…» (ПУЛЬС)": old pages spell it «проекту» and
# «в рамках», current ones «проєкту» and «у межах»; copied from a browser, it runs over
# two lines (FOOTER_LINES), and the name may be in „…“ quotes.
FOOTER = re.compile(
    r"^Сторінк[ау]\s+розроблен[оа]\s+[ву]\s+(?:рамках|межах)\s+про[еє]кту\s*:?\s+"
    r"[«\"“„](?P<name>.+)[»\"”“]\s*\((?P<acronym>[^()]+)\)\s*\.?$",
    re.IGNORECASE,
)
FOOTER_LINES = 3
LAST_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>((?:(?!<p[\s>]).)*?)</p>\s*$", re.DOTALL | re.I)
PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p>", re.DOTALL | re.I)
LINE_BREAK = re.compile(r"<br\s*/?>", re.I)
# A damaged export's control characters (NUL, BEL…) are no text; tabs and line breaks are.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Old article addresses: /novyna/<slug> and /news/<slug> name the same page.
OLD_ARTICLE_PATH = re.compile(r"^/(?:novyna|news)/(?P<slug>[^/]+)/?$")
OLD_PREFIXES = ("novyna", "news")
OLD_PATH_MAX_LENGTH = 200  # django.contrib.redirects' old_path

TITLE_MAX_LENGTH = 200  # Article.title
TITLE_FROM_BODY_MAX_LENGTH = 120
# A made-up title ends at a clause (after a comma, a colon, a dash) no shorter than this.
TITLE_MIN_CLAUSE_LENGTH = 40
CLAUSE_END = re.compile(r"(?:[,;:]|\s[—–-])(?=\s)")
DESCRIPTION_MAX_LENGTH = 160  # Article.meta_description
# A full stop after these does not end a sentence: "у м. Вінниця", "вул. Шевченка".
ABBREVIATIONS = frozenset(
    "м с смт вул просп пл ім р рр ст обл р-н див напр тис млн млрд грн коп т д ін пп проф".split()
)
SENTENCE_END = re.compile(r"[.!?…]+[»\"”“)]?(?=\s)")
# A line break in a copied page is a paragraph break unless the next line goes on with the
# sentence: it starts in lower case, or the line before ends with a comma or a hyphen.
LINE_GOES_ON = re.compile(r"[,\-\u00ad]$")
WHITESPACE = re.compile(r"\s")


class SourceError(Exception):
    """A problem in an export, reported with the file name and line and then skipped."""

    def __init__(self, source, message, line=None):
        self.source, self.message, self.line = source, message, line
        super().__init__(str(self))

    def __str__(self):
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Footer:
    """The donor footer of an old page: the programme's full name and acronym."""

    name: str
    acronym: str


@dataclass
class Entry:
    """One article as an export tells it."""

    source: str
    old_paths: list[str]
    title: str
    published_at: datetime
    body: str
    title_needs_review: bool = False
    old_url: str = ""
    category: str = ""
    tags: list[str] = field(default_factory=list)
    programme: Footer | None = None
    description: str = ""
    warnings: list[str] = field(default_factory=list)
    size: int = 0  # bytes of the export it was read from

    @property
    def key(self):
        return self.old_paths[0]

    def fingerprint(self):
        """Changes exactly when what the import would write changes."""
        data = [
            FORMAT_VERSION,
            self.old_paths,
            self.title,
            self.title_needs_review,
            self.published_at.isoformat(),
            self.body,
            self.category,
            sorted(self.tags),
            [self.programme.name, self.programme.acronym] if self.programme else None,
            self.description,
        ]
        return sha256(json.dumps(data, ensure_ascii=False))


def sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


def read_paths(paths):
    """Entries and SourceErrors of every export under the given files and folders, in order."""
    for path in map(Path, paths):
        if path.is_dir():
            files = sorted(
                item
                for item in path.rglob("*")
                if item.is_file() and item.suffix.lower() in TEXT_SUFFIXES | JSON_LINES_SUFFIXES
            )
            for item in files:
                yield from read_file(item)
        elif path.is_file():
            yield from read_file(path)
        else:
            yield SourceError(str(path), _("no such file or folder."))


def read_file(path):
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | JSON_LINES_SUFFIXES:
        yield SourceError(
            path.name, _("unknown format: expected a .txt page export or a .jsonl file.")
        )
        return
    try:
        text = decode(path)
    except SourceError as error:
        yield error
        return
    if suffix in TEXT_SUFFIXES:
        try:
            yield parse_text_export(text, path.name, old_slug=path.stem)
        except SourceError as error:
            yield error
    else:
        yield from parse_json_lines(text, path.name)


def decode(path):
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(path.name, _("the file is not in UTF-8."), line) from None


def parse_text_export(text, source, *, old_slug):
    """A page export: optional title line, date line, body paragraphs, optional footer."""
    text, warnings = without_control_characters(text, source)
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)]
    filled = [(number, line) for number, line in lines if line]
    if not filled:
        raise SourceError(source, _("the file is empty."))

    title = ""
    number, first = filled[0]
    if not DATE_LINE.match(first):
        title = first
        if len(filled) < 2 or not DATE_LINE.match(filled[1][1]):
            raise SourceError(
                source,
                _("no date line: expected a line like “20 / Червень, 2022” after the title."),
                filled[1][0] if len(filled) > 1 else number,
            )
        number, first = filled[1]
    published_at = parse_old_date(first, source, number)

    body_lines, programme = split_footer_lines([line for n, line in lines if n > number])
    paragraphs = text_paragraphs(body_lines)
    if not paragraphs:
        raise SourceError(source, _("the article has no text."), number + 1)

    needs_review = False
    if not title:
        title, needs_review = title_from_text(paragraphs[0]), True
    elif len(title) > TITLE_MAX_LENGTH:
        title, needs_review = cut_at_clause(title, TITLE_MAX_LENGTH), True
    return Entry(
        source=source,
        old_paths=old_paths_for_slug(old_slug),
        title=title,
        title_needs_review=needs_review,
        published_at=published_at,
        body="".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs),
        programme=programme,
        description=description_from_text(paragraphs[0]),
        warnings=warnings,
        size=len(text.encode()),
    )


def without_control_characters(text, source, *, lines=True):
    """The text without control characters, and a warning naming the first one's line
    (lines=False: source names the line already)."""
    first = CONTROL_CHARACTERS.search(text)
    if not first:
        return text, []
    if lines:
        line = text.count("\n", 0, first.start()) + 1
        source = f"{source}:{line}"
    warning = _(
        "control characters (NUL, BEL…) removed: %(count)d; compare the text with the old page."
    ) % {"count": len(CONTROL_CHARACTERS.findall(text))}
    return CONTROL_CHARACTERS.sub("", text), [f"{source}: {warning}"]


def split_footer_lines(lines):
    """The body's lines without the donor footer at its end, and the footer (or None).
    Copied from a browser, the footer runs over two lines, the name on the second."""
    lines = list(lines)
    while lines and not lines[-1]:
        lines.pop()
    last = [index for index, line in enumerate(lines) if line][-FOOTER_LINES:]
    for start in reversed(last):
        text = " ".join(" ".join(lines[start:]).split())
        if match := FOOTER.match(text):
            return lines[:start], Footer(match["name"].strip(), match["acronym"].strip())
    return lines, None


def text_paragraphs(lines):
    """Paragraphs of a copied page, which mixes blank lines and single line breaks between
    them: every line break ends a paragraph unless the next line goes on with the sentence."""
    paragraphs, current = [], ""
    for line in [*lines, ""]:
        line = line.strip()
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
        elif current and goes_on(current, line):
            if current.endswith("\u00ad"):  # a soft hyphen: one word split over two lines
                current = current[:-1] + line
            elif current.endswith("-") and not current.endswith(" -"):
                current += line
            else:
                current = f"{current} {line}"
        else:
            if current:
                paragraphs.append(current)
            current = line
    return paragraphs


def goes_on(line, next_line):
    """Whether next_line continues line's sentence: it starts in lower case ("…бюджетів" /
    "на 2023 рік"), or with a number after a word ("понад" / "300 учасників"), or line ends
    with a comma or a hyphen."""
    first = next_line[0]
    return (
        first.islower()
        or (first.isdigit() and line[-1].isalpha())
        or bool(LINE_GOES_ON.search(line))
    )


def parse_old_date(text, source, line):
    """ "20 / Червень, 2022" → 20 June 2022, 12:00 Kyiv time."""
    match = DATE_LINE.match(text.strip())
    if not match:
        raise SourceError(
            source, _("“%(text)s” is not a date like “20 / Червень, 2022”.") % {"text": text}, line
        )
    day, month_name, year = match.groups()
    month = MONTHS.get(month_name.lower())
    if month is None:
        raise SourceError(
            source,
            _("unknown month “%(month)s”: expected one of Січень … Грудень.")
            % {"month": month_name},
            line,
        )
    try:
        return at_noon(date(int(year), month, int(day)))
    except ValueError:
        raise SourceError(
            source, _("there is no such date: “%(text)s”.") % {"text": text}, line
        ) from None


def at_noon(day):
    return timezone.make_aware(datetime.combine(day, NOON))


def title_from_text(text):
    """The first sentence, cut at a clause or a word; without its full stop."""
    sentence = first_sentence(text)
    if sentence.endswith(".") and not sentence.endswith("..."):
        sentence = sentence[:-1]
    return cut_at_clause(sentence, TITLE_FROM_BODY_MAX_LENGTH)


def sentence_ends(text):
    """Where the sentences of a one-line text end ("у м. Вінниця" goes on)."""
    for match in SENTENCE_END.finditer(f"{text} "):
        before = WHITESPACE.split(text[: match.start()])[-1].lower()
        if match.group().startswith(".") and (
            before in ABBREVIATIONS or (len(before) == 1 and before.isalpha())
        ):
            continue
        yield match.end()


def first_sentence(text):
    text = " ".join(text.split())
    return text[: next(sentence_ends(text), len(text))]


def description_from_text(paragraph):
    """A description for search engines: the paragraph's whole sentences that fit, or its
    first sentence cut at a word."""
    text = paragraph.strip()
    if len(text) <= DESCRIPTION_MAX_LENGTH:
        return text
    fitting = [end for end in sentence_ends(text) if end <= DESCRIPTION_MAX_LENGTH]
    if fitting:
        return text[: fitting[-1]]
    return cut_at_word(text, DESCRIPTION_MAX_LENGTH - 1)


def description_from_html(body):
    """description_from_text of the first paragraph with text (not a heading), or of the
    first line of text when there is no <p>."""
    for match in PARAGRAPH.finditer(body or ""):
        if text := " ".join(html.unescape(strip_tags(LINE_BREAK.sub(" ", match[1]))).split()):
            return description_from_text(text)
    lines = html_to_text(body).splitlines()
    return description_from_text(lines[0]) if lines else ""


def cut_at_clause(text, max_length):
    """The text up to its last clause boundary (a comma, a colon, a dash) within max_length
    that leaves at least TITLE_MIN_CLAUSE_LENGTH characters; else cut at a word."""
    if len(text) <= max_length:
        return text
    ends = [
        match.start()
        for match in CLAUSE_END.finditer(text[: max_length + 1])
        if match.start() >= TITLE_MIN_CLAUSE_LENGTH
    ]
    return text[: ends[-1]] if ends else cut_at_word(text, max_length)


def cut_at_word(text, max_length):
    if len(text) <= max_length:
        return text
    cut = text[:max_length]  # room for the ellipsis
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:—–-") + "…"


def old_paths_for_slug(slug):
    return [f"/{prefix}/{slug}" for prefix in OLD_PREFIXES]


def parse_json_lines(text, source):
    """One JSON object a line; every bad line is reported and skipped."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield parse_json_line(line, f"{source}:{number}")
        except SourceError as error:
            error.source, error.line = source, number
            yield error


def parse_json_line(line, source):
    line, warnings = without_control_characters(line, source, lines=False)
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise SourceError(
            source,
            _("not valid JSON: an error at column %(column)d.") % {"column": error.colno},
        ) from None
    if not isinstance(data, dict):
        raise SourceError(source, _("expected a JSON object {…}."))

    def text_field(name, required=True):
        value = data.get(name, "")
        if not isinstance(value, str):
            raise SourceError(source, _("“%(field)s” must be text.") % {"field": name})
        # Written as \u0000 in the JSON, they are only there once it is read.
        value, found = without_control_characters(value, source, lines=False)
        warnings.extend(found)
        if required and not value.strip():
            raise SourceError(source, _("“%(field)s” is missing.") % {"field": name})
        return value.strip()

    title = " ".join(text_field("title").split())
    published_at = parse_any_date(text_field("date"), source)
    old_url = text_field("url")
    body = text_field("body")
    category = text_field("category", required=False)
    tags = data.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise SourceError(source, _("“tags” must be a list of texts."))
    tags = [CONTROL_CHARACTERS.sub("", tag) for tag in tags]

    body, programme = split_footer_html(legacy_tags_renamed(body))
    if not (clean_body := sanitize_html(body)):
        raise SourceError(source, _("the article has no text."))
    needs_review = len(title) > TITLE_MAX_LENGTH
    return Entry(
        source=source,
        old_paths=old_paths_for_url(old_url, source),
        title=cut_at_clause(title, TITLE_MAX_LENGTH),
        title_needs_review=needs_review,
        published_at=published_at,
        body=body,
        old_url=old_url,
        category=" ".join(category.split()),
        tags=list(dict.fromkeys(" ".join(tag.split()) for tag in tags if tag.strip())),
        programme=programme,
        description=description_from_html(clean_body),
        warnings=list(dict.fromkeys(warnings)),
        size=len(line.encode()),
    )


def parse_any_date(text, source):
    """The old site's "20 / Червень, 2022", an ISO date, or an ISO date and time (Kyiv)."""
    if DATE_LINE.match(text):
        return parse_old_date(text, source, None)
    try:
        return at_noon(date.fromisoformat(text))
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise SourceError(
            source,
            _("“%(text)s” is not a date: use 2022-06-20 or “20 / Червень, 2022”.")
            % {"text": text},
        ) from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def old_paths_for_url(url, source):
    path = unquote(urlsplit(url).path) or "/"
    if match := OLD_ARTICLE_PATH.match(path):
        return old_paths_for_slug(match["slug"])
    query = urlsplit(url).query
    path = path.rstrip("/") or "/"
    if query:
        path = f"{path}?{query}"
    if not path.startswith("/") or len(path) > OLD_PATH_MAX_LENGTH:
        raise SourceError(source, _("“url” is not a usable old address: %(url)s") % {"url": url})
    return [path]


# Old editors' tags that the sanitizer would drop, as the ones it keeps: bold stays bold.
LEGACY_TAGS = {"b": "strong", "i": "em", "h1": "h2", "h5": "h4", "h6": "h4"}
LEGACY_TAG = re.compile(r"<(/?)(b|i|h1|h5|h6)(?=[\s>/])", re.IGNORECASE)


def legacy_tags_renamed(body):
    return LEGACY_TAG.sub(lambda m: f"<{m[1]}{LEGACY_TAGS[m[2].lower()]}", body)


def split_footer_html(body):
    """The donor footer in the last paragraph of body HTML, or in the last two, split off
    as a Footer."""
    rest, texts = body, []
    for _paragraph in range(2):
        match = LAST_PARAGRAPH.search(rest)
        if not match:
            break
        text = html.unescape(strip_tags(LINE_BREAK.sub(" ", match.group(1))))
        texts.insert(0, " ".join(text.split()))
        rest = rest[: match.start()]
        if footer := FOOTER.match(" ".join(texts)):
            return rest.rstrip(), Footer(footer["name"].strip(), footer["acronym"].strip())
    return body, None
