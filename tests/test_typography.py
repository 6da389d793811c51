"""Ukrainian typography: no line breaks where a Ukrainian reader expects none (issue 26)."""

import html
import importlib
import re
from html.parser import HTMLParser

import pytest

from editorial.typography import typograph, typograph_html
from tests.public_pages import load_demo_site, public_pages

NBSP = "\xa0"

MONTHS = "січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня"
# Where a page's text must have a non-breaking space and has a breakable one instead.
BREAKABLE = {
    "date": re.compile(rf"\b\d{{1,2}} (?:{MONTHS})\b|\b(?:{MONTHS}) \d{{4}}\b"),
    "size": re.compile(r"\d (?:Б|КБ|МБ|ГБ|ТБ|байт)\b"),
    "number and word": re.compile(r"\b\d+ [а-яіїєґ]{2,}"),
    "м./вул.": re.compile(r"(?<![\w.])(?:м|вул|с|смт)\. "),
    "initials": re.compile(r"(?<![\w.])[А-ЯІЇЄҐ]\. [А-ЯІЇЄҐ]"),
    "one-letter word": re.compile(r"(?<![\w'’ʼ.\-])[уУвВіІзЗаА] "),
    "before a dash": re.compile(r"\S [—–](?:\s|$)"),
}


def breakable_spaces(text):
    """(rule, «context») of every space in text that the rules want non-breaking."""
    found = []
    for rule, pattern in BREAKABLE.items():
        for match in pattern.finditer(text):
            start, end = max(match.start() - 20, 0), match.end() + 20
            found.append((rule, text[start:end].replace("\n", " ")))
    return found


class VisibleText(HTMLParser):
    """The text a reader sees in <body>: no scripts, no attributes; blocks on new lines."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "div", "nav", "section", "header", "footer"}
    HIDDEN = {"script", "style", "template", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS or tag in {"br", "option"}:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden -= 1
        elif tag in self.BLOCKS or tag == "option":
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)

    def text(self):
        return re.sub(r"[ \t\r\n]*\n[ \t\r\n]*", "\n", "".join(self.parts))


def visible_text(page):
    parser = VisibleText()
    parser.feed(page)
    parser.close()
    return parser.text()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26 червня 2026", f"26{NBSP}червня{NBSP}2026"),
        ("73,6 КБ", f"73,6{NBSP}КБ"),
        ("Читати 5 хвилин", f"Читати 5{NBSP}хвилин"),
        ("м. Київ, вул. Січових Стрільців, 73", f"м.{NBSP}Київ, вул.{NBSP}Січових Стрільців, 73"),
        ("О. О. Слобожан", f"О.{NBSP}О.{NBSP}Слобожан"),
        ("громади у Києві і в Одесі", f"громади у{NBSP}Києві і{NBSP}в{NBSP}Одесі"),
        ("Бюджет — це план", f"Бюджет{NBSP}— це план"),
        # A number before a one-letter word stays breakable: no long unbreakable runs.
        ("з 2016 у Києві", f"з{NBSP}2016 у{NBSP}Києві"),
        # Latin text and entities are left alone.
        ("A &amp; B at 5 pm", f"A &amp; B at 5{NBSP}pm"),
    ],
)
def test_typograph_binds_what_must_stay_together(text, expected):
    """A date, a size, «м. Київ» or «у Києві» is never split across two lines."""
    assert typograph(text) == expected
    assert typograph(expected) == expected  # applying it twice changes nothing


def test_typograph_html_touches_text_only():
    """Spaces beside tags are caught; an address with a space in an attribute is not."""
    body = '<p>Громада у <strong>Києві</strong> і <a href="/a b">в межах</a> — так</p>'
    assert typograph_html(body) == (
        f'<p>Громада у{NBSP}<strong>Києві</strong> і{NBSP}<a href="/a b">в{NBSP}межах</a>'
        f"{NBSP}— так</p>"
    )


def test_rich_text_gets_typography_when_saved(make_article):
    """The body is stored with its non-breaking spaces, not worked out on every request."""
    article = make_article(body_uk="<p>Зустріч у м. Київ 26 червня — О. Слобожан</p>")
    article.refresh_from_db()
    assert html.unescape(article.body_uk) == (
        f"<p>Зустріч у{NBSP}м.{NBSP}Київ 26{NBSP}червня{NBSP}— О.{NBSP}Слобожан</p>"
    )


def test_page_check_finds_breakable_spaces():
    """The check below is not blind: each rule fires on a breakable space."""
    text = visible_text(
        "<body><p>26 червня 2026, 73,6 КБ, 5 хвилин, м. Київ, вул. Хрещатик, О. Слобожан,"
        " у Києві — так</p><script>у Києві</script></body>"
    )
    assert {rule for rule, _context in breakable_spaces(text)} == set(BREAKABLE)
    assert breakable_spaces(typograph(text)) == []


@pytest.mark.django_db
def test_every_ukrainian_page_keeps_words_together(client):
    """Dates, sizes, «м.», «вул.», initials, one-letter words and dashes never break a line,
    on every public page type in Ukrainian."""
    load_demo_site()
    problems = []
    for page in public_pages(languages=["uk"]):
        response = client.get(page.url)
        assert response.status_code == page.status, page.id
        text = visible_text(response.content.decode())
        problems += [f"{page.id}: {rule}: «{context}»" for rule, context in breakable_spaces(text)]
    assert problems == []


def test_migration_gives_old_rich_text_its_non_breaking_spaces(make_article):
    """Articles saved before the rules read like new ones, without waiting for an edit."""
    from django.apps import apps

    article = make_article()
    Article = type(article)
    Article.objects.filter(pk=article.pk).update(body_uk="<p>Зустріч у Києві — так</p>")
    migration = importlib.import_module("pages.migrations.0008_typography_in_rich_text")
    migration.typograph_rich_text(apps, None)
    article.refresh_from_db()
    assert article.body_uk == f"<p>Зустріч у{NBSP}Києві{NBSP}— так</p>"
