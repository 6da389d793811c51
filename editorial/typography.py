"""Ukrainian typography: non-breaking spaces where a line must not break (issue 26).

«26 червня 2026», «73,6 КБ», «5 хвилин», «м. Київ», «вул. Січових Стрільців, 73»,
«О. Слобожан», a one-letter word («у», «в», «і», «з», «а») and the space before a dash
keep their neighbour on the same line. Rich text gets it once, when it is saved
(editorial.fields.RichTextField); short plain texts (titles, leads, names) through the
`typography` template filter, which is cheap on a line of text.

Every rule binds Cyrillic letters, digits or a dash, never an ASCII letter: applied to
escaped HTML text it cannot reach inside an entity (&amp;, &#x27;) or a tag.
"""

import re

NBSP = "\xa0"
SPACE = r"[ \t]+"  # a breakable space inside a line; line breaks are left alone

# Abbreviations followed by what they name: «м. Київ», «вул. Хрещатик», «с. Ялинка».
ABBREVIATIONS = (
    "м|с|смт|сел|вул|пров|просп|пр|бульв|бул|пл|наб|обл|буд|корп|кв|оф|тел|"
    "ім|див|рис|табл|стор|ст|п|пп|ч|№|р|рр|тис|млн|млрд|грн|дол|коп|т|д"
)
_ABBREVIATION = re.compile(rf"(?<![\w.\-])({ABBREVIATIONS})\.{SPACE}(?=\S)")
_NUMERO = re.compile(rf"(№|§){SPACE}(?=\d)")
# Initials: «О. Слобожан», «О. О. Слобожан».
_INITIAL = re.compile(rf"(?<![\w.\-])([А-ЯІЇЄҐ]\.){SPACE}(?=[А-ЯІЇЄҐ])")
# A one-letter word holds on to the next word: «у Києві», «і громади», «з 2016 року».
_SHORT_WORD = re.compile(rf"(?<![\w'’ʼ.\-])([уУвВіІзЗаАоОйЙїЇ]){SPACE}(?=\S)")
# A number holds on to the word after it: «5 хвилин», «26 червня», «73,6 КБ», «2026 року».
_NUMBER = re.compile(rf"(?<![\w])(\d+(?:[.,]\d+)?){SPACE}(?=[^\W\d_]{{2}}|%|‰)")
# A month's name holds on to the year: «червня 2026».
MONTHS = "січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня"
_MONTH_YEAR = re.compile(rf"(?<![\w])({MONTHS}){SPACE}(?=\d{{4}}\b)", re.IGNORECASE)
# The space before a dash: the dash never starts a line.
_DASH = re.compile(rf"(?<=\S){SPACE}(?=[—–](?:\s|$))")

_RULES = [
    (_ABBREVIATION, rf"\1.{NBSP}"),
    (_NUMERO, rf"\1{NBSP}"),
    (_INITIAL, rf"\1{NBSP}"),
    (_SHORT_WORD, rf"\1{NBSP}"),
    (_NUMBER, rf"\1{NBSP}"),
    (_MONTH_YEAR, rf"\1{NBSP}"),
    (_DASH, NBSP),
]


def typograph(text):
    """Plain text (or escaped text) with non-breaking spaces by the rules above."""
    if not text:
        return text
    for pattern, replacement in _RULES:
        # Twice: "і в Києві" — the second match starts where the first one ended.
        text = pattern.sub(replacement, pattern.sub(replacement, text))
    return text


_MARKUP = re.compile(r"(<[^>]*>)")
TAG_MARK = "\x01"  # a control character: never in sanitized text


def typograph_html(html):
    """Sanitized HTML (editorial.text.ALLOWED_TAGS: no <pre>, no <script>) with the rules
    applied to its text, never to tags or attributes.

    The rules see a block's text with each tag replaced by a mark, so a space beside a tag
    ("у <strong>Києві</strong>") is still caught; then the tags go back where they were."""
    if not html:
        return html
    parts = _MARKUP.split(html)
    tags = parts[1::2]
    pieces = typograph(TAG_MARK.join(parts[0::2])).split(TAG_MARK)
    return "".join(piece + tag for piece, tag in zip(pieces, [*tags, ""], strict=True))
