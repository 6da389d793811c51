import io
import json
import re
from datetime import datetime

import pytest
from django.contrib.redirects.models import Redirect
from django.core.management import CommandError, ManagementUtility, call_command
from django.db import DatabaseError, connections
from django.urls import reverse
from django.utils import timezone

from legacy_import.exports import (
    SourceError,
    description_from_text,
    parse_json_lines,
    parse_text_export,
    title_from_text,
)
from legacy_import.management.commands import import_articles
from legacy_import.models import ImportRecord
from news.models import Article, Category
from partners.katottg import BUNDLED_FILE
from partners.models import Organization, Programme

FOOTER = (
    "Сторінку розроблено в рамках проекту «Політика для українського локального "
    "самоврядування» (ПУЛЬС)"
)
PAGE = f"""Підготовка до відновлення деокупованих громад
20 / Червень, 2022

Громади Київщини готуються до відновлення: що вже зроблено.

Експерти розповіли, як планувати відбудову.

{FOOTER}
"""
OLD_SLUG = "pidgotovka-do-vidnovlennya-deokupovanyh-gromad"

# A story as an editor copies it from auc.org.ua in a browser: paragraphs separated by blank
# lines in one place and by single line breaks in another, a sentence wrapped over two
# lines, trailing spaces, non-breaking spaces, and the donor footer over two lines.
COPIED_PAGE = (
    "Громади Київщини обмінялися досвідом відновлення  \n"
    "20 / Червень, 2022\n"
    "\n"
    "У Бучі відбулася зустріч голів громад Київщини, які постраждали від окупації. "
    "Учасники обговорили, як планувати відбудову.\n"
    "Зустріч організувала Асоціація міст України разом з Українським фондом соціальних "
    "інвестицій.\n"
    "\n"
    "«Ми маємо відбудовувати краще, ніж було», — наголосив голова громади.\n"
    "Експерти розповіли про нові правила для місцевих бюджетів\n"
    "на 2023\u00a0рік і про доступ до грантів.   \n"
    "Наступна зустріч відбудеться у Вінниці.\n"
    "\n"
    "\n"
    "{footer_first}\n"
    "{footer_second}\n"
    "\n"
)
COPIED_PARAGRAPHS = [
    "У Бучі відбулася зустріч голів громад Київщини, які постраждали від окупації. "
    "Учасники обговорили, як планувати відбудову.",
    "Зустріч організувала Асоціація міст України разом з Українським фондом соціальних "
    "інвестицій.",
    "«Ми маємо відбудовувати краще, ніж було», — наголосив голова громади.",
    "Експерти розповіли про нові правила для місцевих бюджетів на 2023\u00a0рік і про "
    "доступ до грантів.",
    "Наступна зустріч відбудеться у Вінниці.",
]
PULSE_NAME = "Політика для українського локального самоврядування"
# The footer's first line in the spellings of the old site's years, and the second line.
FOOTER_FIRST_LINES = [
    "Сторінку розроблено в рамках проекту",
    "Сторінку розроблено в рамках проєкту",
    "Сторінку розроблено у межах проєкту",
    "Сторінку розроблено в межах проекту",
]


def copied_page(footer_first=FOOTER_FIRST_LINES[0], footer_second=f"«{PULSE_NAME}» (ПУЛЬС)"):
    return COPIED_PAGE.format(footer_first=footer_first, footer_second=footer_second)


def json_line(**overrides):
    return json.dumps(
        {
            "title": "Зустріч у Брюсселі",
            "date": "2022-06-17",
            "body": "<p>Мери говорили про <b>відновлення</b>.</p><script>alert(1)</script>",
            "url": "https://www.auc.org.ua/novyna/zustrich-u-bryusseli",
            "category": "Міжнародна співпраця",
            "tags": ["ЄС", "відновлення"],
        }
        | overrides,
        ensure_ascii=False,
    )


@pytest.fixture
def exports(tmp_path):
    """A folder with the old site's exports; write(name, text) adds one."""

    def write(name, text):
        path = tmp_path / "exports" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    write.folder = tmp_path / "exports"
    return write


def run(*args, fails=False):
    """The command's stdout and stderr (the progress bar); fails: it must end in an error,
    whose message ends stderr."""
    out, err = io.StringIO(), io.StringIO()
    if fails:
        with pytest.raises(CommandError) as raised:
            call_command("import_articles", *map(str, args), stdout=out, stderr=err)
        err.write(str(raised.value))
    else:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- Reading the plain-text export --------------------------------------------


def test_text_export_with_title_date_body_and_footer():
    """A page export keeps its title and Kyiv date; the donor footer is no body text."""
    entry = parse_text_export(PAGE, "page.txt", old_slug=OLD_SLUG)
    assert entry.title == "Підготовка до відновлення деокупованих громад"
    assert not entry.title_needs_review
    assert timezone.localtime(entry.published_at) == timezone.make_aware(
        datetime(2022, 6, 20, 12, 0)
    )
    assert entry.body == (
        "<p>Громади Київщини готуються до відновлення: що вже зроблено.</p>"
        "<p>Експерти розповіли, як планувати відбудову.</p>"
    )
    assert entry.programme.name == "Політика для українського локального самоврядування"
    assert entry.programme.acronym == "ПУЛЬС"
    assert entry.old_paths == [f"/novyna/{OLD_SLUG}", f"/news/{OLD_SLUG}"]


def test_text_export_without_title_gets_one_from_the_first_sentence():
    """A page without a title line gets its first sentence as title, flagged for an editor."""
    text = "5 / Березень, 2021\nУ м. Вінниця відкрили центр. Друге речення.\n"
    entry = parse_text_export(text, "x.txt", old_slug="x")
    assert entry.title == "У м. Вінниця відкрили центр"
    assert entry.title_needs_review
    assert entry.body == "<p>У м. Вінниця відкрили центр. Друге речення.</p>"


def test_long_first_sentence_is_cut_at_a_word_boundary():
    """A made-up title never ends in half a word."""
    sentence = "Громади " + " ".join(["відновлювали"] * 30) + " школи."
    title = title_from_text(sentence)
    assert len(title) <= 121 and title.endswith("…")
    assert title[:-1].split()[-1] == "відновлювали"


def test_text_paragraphs_without_blank_lines_are_one_per_line():
    """Exports with one paragraph a line keep their paragraphs."""
    text = "Заголовок\n1 / Січень, 2020\nПерший абзац.\nДругий абзац.\n"
    assert parse_text_export(text, "x.txt", old_slug="x").body == (
        "<p>Перший абзац.</p><p>Другий абзац.</p>"
    )


@pytest.mark.parametrize("footer_first", FOOTER_FIRST_LINES)
@pytest.mark.parametrize("quotes", ["«»", "„“", '""'])
def test_copied_page_keeps_its_paragraphs_and_its_footer_over_two_lines(footer_first, quotes):
    """A page copied from a browser: every paragraph kept, the two-line footer a programme."""
    footer_second = f"{quotes[0]}{PULSE_NAME}{quotes[1]} (ПУЛЬС)"
    entry = parse_text_export(copied_page(footer_first, footer_second), "p.txt", old_slug="p")
    assert entry.title == "Громади Київщини обмінялися досвідом відновлення"
    assert entry.body == "".join(f"<p>{paragraph}</p>" for paragraph in COPIED_PARAGRAPHS)
    assert entry.body.count("<p>") == 5
    assert (entry.programme.name, entry.programme.acronym) == (PULSE_NAME, "ПУЛЬС")


def test_the_page_export_of_docs_import_md_reads_as_it_says():
    """The example editors follow: three paragraphs and a footer over three lines."""
    text = (
        "Підготовка до відновлення деокупованих громад\n20 / Червень, 2022\n\n"
        "Перший абзац. Ще речення.\nДругий абзац.\n\n"
        "Третій абзац, який у файлі\nперенесено на новий рядок.\n"
        "Сторінку розроблено в рамках проекту\n«Політика для українського локального\n"
        "самоврядування» (ПУЛЬС)\n"
    )
    entry = parse_text_export(text, "p.txt", old_slug="p")
    assert entry.body == (
        "<p>Перший абзац. Ще речення.</p><p>Другий абзац.</p>"
        "<p>Третій абзац, який у файлі перенесено на новий рядок.</p>"
    )
    assert (entry.programme.name, entry.programme.acronym) == (PULSE_NAME, "ПУЛЬС")


def test_footer_on_one_line_after_single_line_breaks_is_found_too():
    """The footer on one line, right under the text, is no paragraph of the article."""
    text = f"Заголовок\n1 / Січень, 2020\nПерший абзац.\n{FOOTER.replace('проекту', 'проєкту')}\n"
    entry = parse_text_export(text, "x.txt", old_slug="x")
    assert entry.body == "<p>Перший абзац.</p>"
    assert entry.programme.acronym == "ПУЛЬС"


def test_a_sentence_about_a_project_is_no_footer():
    """A paragraph that mentions a project stays in the text; nothing is linked."""
    text = "Заголовок\n1 / Січень, 2020\nТекст.\nСторінку розроблено в рамках проекту.\n"
    entry = parse_text_export(text, "x.txt", old_slug="x")
    assert entry.programme is None
    assert entry.body == "<p>Текст.</p><p>Сторінку розроблено в рамках проекту.</p>"


@pytest.mark.parametrize(
    ("lines", "paragraphs"),
    [
        # Blank lines between some paragraphs, single line breaks between others.
        ("Один.\nДва.\n\nТри.\nЧотири!\n\n\nП’ять?\n«Шість».", 6),
        # A sentence wrapped over lines is one paragraph.
        ("Громади отримали\nкошти на ремонт,\nУкриття і школи.\n\nДругий абзац.", 2),
        ("Форум зібрав понад\n300 учасників з Кам’янець-\nПодільського.\nДругий абзац.", 2),
        # A list after a colon, items numbered.
        ("Учасники:\n1. Громади.\n2. Експерти.", 3),
        # A heading without a full stop is a paragraph of its own.
        ("Основні результати\nГромади отримали кошти.\nДругий абзац.", 3),
        # Without blank lines, a paragraph a line.
        ("Перший абзац.\nДругий абзац.\nТретій абзац.", 3),
    ],
    ids=["mixed", "wrapped", "wrapped-number", "list", "heading", "no-blank-lines"],
)
def test_paragraphs_of_mixed_line_breaks(lines, paragraphs):
    """Copied pages mix blank lines and single line breaks; no paragraphs are glued."""
    entry = parse_text_export(f"Заголовок\n1 / Січень, 2020\n\n{lines}\n", "x.txt", old_slug="x")
    assert entry.body.count("<p>") == paragraphs


def test_control_characters_are_removed_with_a_warning():
    """NUL and BEL from a damaged export reach neither the title nor the page."""
    text = "Зустріч\x00 у Брюсселі\n20 / Червень, 2022\n\nМери\x07 говорили.\x00\n"
    entry = parse_text_export(text, "damaged.txt", old_slug="damaged")
    assert entry.title == "Зустріч у Брюсселі"
    assert entry.body == "<p>Мери говорили.</p>"
    assert entry.warnings == [
        "damaged.txt:1: вилучено керівних символів (NUL, BEL…): 3; звірте текст зі "
        "сторінкою старого сайту."
    ]
    (json_entry,) = parse_json_lines(
        json_line(title="Зустріч\u0000", body="<p>Мери\u0007 говорили.</p>"), "news.jsonl"
    )
    assert (json_entry.title, json_entry.body) == ("Зустріч", "<p>Мери говорили.</p>")
    assert json_entry.warnings[0].startswith("news.jsonl:1: вилучено керівних символів")


def test_description_is_the_first_paragraph():
    """Search engines get the story's first paragraph as its description."""
    entry = parse_text_export(copied_page(), "p.txt", old_slug="p")
    assert entry.description == COPIED_PARAGRAPHS[0]
    (json_entry,) = parse_json_lines(
        json_line(body="<h2>Мери в Брюсселі</h2><p> </p><p>Перший, <b>жирний</b>.</p><p>Ні.</p>"),
        "news.jsonl",
    )
    assert json_entry.description == "Перший, жирний."
    (json_entry,) = parse_json_lines(json_line(body="<ul><li>Пункт</li></ul>"), "news.jsonl")
    assert json_entry.description == "Пункт"


def test_long_first_paragraph_gives_whole_sentences_or_whole_words():
    """A description never ends in half a sentence when a whole one fits, nor in half a word."""
    first = "У м. Вінниця відкрили центр надання адміністративних послуг для громади."
    paragraph = f"{first} {first} {first}"
    assert description_from_text(paragraph) == f"{first} {first}"
    sentence = "Громади " + " ".join(["відновлювали"] * 20) + " школи."
    description = description_from_text(sentence)
    assert len(description) <= 160 and description.endswith("відновлювали…")


def test_long_first_sentence_is_cut_at_a_clause():
    """A made-up title ends where a clause ends, not mid-phrase, and stays flagged."""
    sentence = (
        "Громади Київщини, які постраждали від окупації, готуються до відновлення шкіл, "
        "лікарень і доріг, а експерти асоціації пояснюють, як залучити кошти донорів "
        "та державного фонду регіонального розвитку."
    )
    assert title_from_text(sentence) == (
        "Громади Київщини, які постраждали від окупації, готуються до відновлення шкіл, "
        "лікарень і доріг"
    )
    entry = parse_text_export(f"1 / Січень, 2020\n{sentence}\n", "x.txt", old_slug="x")
    assert entry.title == title_from_text(sentence) and entry.title_needs_review


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Заголовок\nТекст без дати.\n", 2, "немає рядка з датою"),
        ("Заголовок\n17 / Червеня, 2022\nТекст.\n", 2, "невідомий місяць «Червеня»"),
        ("Заголовок\n31 / Лютий, 2022\nТекст.\n", 2, "такої дати немає"),
        ("Заголовок\n20 / Червень, 2022\n\n" + FOOTER + "\n", 3, "у новини немає тексту"),
        ("\n\n", None, "файл порожній"),
    ],
    ids=["no-date", "unknown-month", "no-such-day", "empty-body", "empty-file"],
)
def test_broken_text_exports_are_reported_with_the_line(text, line, message):
    """A broken export is named with its line and a Ukrainian reason."""
    with pytest.raises(SourceError) as raised:
        parse_text_export(text, "broken.txt", old_slug="broken")
    assert raised.value.line == line
    assert message in str(raised.value)
    assert str(raised.value).startswith(f"broken.txt:{line}:" if line else "broken.txt:")


# --- Reading JSON Lines ----------------------------------------------------------


def test_json_lines_report_a_bad_line_and_read_the_rest():
    """One line of invalid JSON is reported by number; the other lines are read."""
    text = "\n".join(
        [json_line(), '{"title": "Обірвано', "", json_line(url="/news/insha", title="Інша")]
    )
    first, error, second = parse_json_lines(text, "news.jsonl")
    assert first.title == "Зустріч у Брюсселі"
    assert first.tags == ["ЄС", "відновлення"]
    assert first.old_paths == ["/novyna/zustrich-u-bryusseli", "/news/zustrich-u-bryusseli"]
    assert isinstance(error, SourceError)
    assert str(error).startswith("news.jsonl:2: це не JSON")
    assert second.old_paths == ["/novyna/insha", "/news/insha"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date": ""}, "немає поля «date»"),
        ({"date": "17 / Червеня, 2022"}, "невідомий місяць «Червеня»"),
        ({"date": "вчора"}, "це не дата"),
        ({"body": "<p> </p><script>x</script>"}, "у новини немає тексту"),
        ({"url": ""}, "немає поля «url»"),
        ({"tags": "ЄС"}, "«tags» має бути списком"),
        ({"title": 5}, "«title» має бути текстом"),
    ],
    ids=["no-date", "unknown-month", "not-a-date", "empty-body", "no-url", "tags", "title"],
)
def test_broken_json_lines_are_reported(overrides, message):
    """A JSON line with a missing or malformed field is skipped with a reason."""
    (error,) = parse_json_lines(json_line(**overrides), "news.jsonl")
    assert isinstance(error, SourceError)
    assert str(error).startswith("news.jsonl:1:")
    assert message in str(error)


@pytest.mark.parametrize(
    "footer",
    [
        f"<p>Сторінку розроблено у межах проєкту</p><p>«{PULSE_NAME}» (ПУЛЬС)</p>",
        f"<p>Сторінку розроблено в рамках проекту<br>„{PULSE_NAME}“ (ПУЛЬС)</p>",
    ],
    ids=["two-paragraphs", "line-break"],
)
def test_json_body_footer_over_two_lines_becomes_the_programme(footer):
    """A footer over two paragraphs or two lines of body HTML is no body text either."""
    (entry,) = parse_json_lines(json_line(body=f"<p>Текст.</p>\n{footer}"), "news.jsonl")
    assert entry.body == "<p>Текст.</p>"
    assert (entry.programme.name, entry.programme.acronym) == (PULSE_NAME, "ПУЛЬС")


def test_json_body_footer_becomes_the_programme():
    """The donor footer as the last paragraph of body HTML is no body text either."""
    (entry,) = parse_json_lines(
        json_line(body=f"<p>Текст.</p>\n<p><em>{FOOTER}</em></p>"), "news.jsonl"
    )
    assert entry.body == "<p>Текст.</p>"
    assert entry.programme.acronym == "ПУЛЬС"


# --- The command -------------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_drafts_with_official_slugs_and_reports(exports, category):
    """Both formats import as drafts with original dates, official slugs and clean HTML."""
    exports(f"{OLD_SLUG}.txt", PAGE)
    exports("news.jsonl", json_line() + "\n{broken\n")
    exports("bad-month.txt", "Заголовок\n17 / Червеня, 2022\nТекст.\n")
    out, err = run(exports.folder, fails=True)

    page = Article.objects.get(title_uk="Підготовка до відновлення деокупованих громад")
    assert page.slug == "pidhotovka-do-vidnovlennia-deokupovanykh-hromad"
    assert page.status == Article.Status.DRAFT
    assert page.published_at.date().isoformat() == "2022-06-20"
    assert page.category.name_uk == "Хроніка"
    assert FOOTER not in page.body_uk
    brussels = Article.objects.get(title_uk="Зустріч у Брюсселі")
    assert brussels.body_uk == "<p>Мери говорили про <strong>відновлення</strong>.</p>"
    assert brussels.category.name_uk == "Міжнародна співпраця"
    assert {tag.name_uk for tag in brussels.tags.all()} == {"відновлення", "ЄС"}
    assert brussels.import_record.old_url == "https://www.auc.org.ua/novyna/zustrich-u-bryusseli"

    assert "Створено: 2, оновлено: 0, без змін: 0" in out
    assert "з помилками: 2" in out
    assert "bad-month.txt:2: невідомий місяць «Червеня»" in out
    assert "news.jsonl:2: це не JSON" in out
    assert "100%" in err and "4/4" in err
    assert err.endswith("Джерел із помилками: 2 (перелік вище).")


@pytest.mark.django_db
def test_import_is_idempotent_and_a_changed_source_updates(exports, client):
    """A repeated import creates nothing; an edited export updates its article in place."""
    path = exports(f"{OLD_SLUG}.txt", PAGE)
    run(path, "--publish")
    out, _err = run(path)
    assert "Створено: 0, оновлено: 0, без змін: 1" in out
    assert Article.objects.count() == 1 and Redirect.objects.count() == 2

    article = Article.objects.get()
    path.write_text(PAGE.replace("Експерти розповіли", "Експертки розповіли"), encoding="utf-8")
    out, _err = run(path)
    assert "Створено: 0, оновлено: 1, без змін: 0" in out
    updated = Article.objects.get()
    assert (updated.pk, updated.slug, updated.status) == (article.pk, article.slug, "published")
    assert "Експертки розповіли" in updated.body_uk
    assert Redirect.objects.count() == 2


@pytest.mark.django_db
def test_editors_changes_are_kept_unless_overwritten(exports):
    """A re-import never silently replaces what an editor wrote since the last import."""
    path = exports(f"{OLD_SLUG}.txt", PAGE)
    run(path)
    article = Article.objects.get()
    article.title_uk = "Заголовок від редакторки"
    article.save()
    path.write_text(PAGE.replace("Експерти", "Експертки"), encoding="utf-8")

    out, _err = run(path)
    assert "залишено (змінено в адмінці): 1" in out
    assert "новину змінено в адмінці після останнього імпорту" in out
    assert Article.objects.get().title_uk == "Заголовок від редакторки"

    out, _err = run(path, "--overwrite-edits")
    assert "оновлено: 1" in out
    assert Article.objects.get().title_uk == "Підготовка до відновлення деокупованих громад"


@pytest.mark.django_db
def test_dry_run_changes_nothing(exports):
    """--dry-run lists what would be created and leaves the database as it was."""
    exports(f"{OLD_SLUG}.txt", PAGE)
    exports("news.jsonl", json_line())
    out, _err = run(exports.folder, "--dry-run", "--publish")
    assert "Пробний запуск, нічого не збережено." in out
    assert "створити: news.jsonl:1 → /novyny/zustrich-u-briusseli/" in out
    assert not Article.objects.exists()
    assert not Redirect.objects.exists() and not ImportRecord.objects.exists()


@pytest.mark.django_db
def test_a_failing_article_leaves_nothing_half_imported(exports, monkeypatch):
    """An article whose write fails leaves no trace; the others are imported."""
    exports(f"{OLD_SLUG}.txt", PAGE)
    exports("news.jsonl", json_line())
    real = Redirect.objects.update_or_create

    def fail_for_brussels(**kwargs):
        if "zustrich" in kwargs["old_path"]:
            raise DatabaseError("диск заповнено")
        return real(**kwargs)

    monkeypatch.setattr(Redirect.objects, "update_or_create", fail_for_brussels)
    out, _err = run(exports.folder, "--publish", fails=True)
    assert "news.jsonl:1: диск заповнено" in out
    assert list(Article.objects.values_list("title_uk", flat=True)) == [
        "Підготовка до відновлення деокупованих громад"
    ]
    assert ImportRecord.objects.count() == 1
    assert not Redirect.objects.filter(old_path__contains="zustrich").exists()


@pytest.mark.django_db
def test_the_same_old_address_twice_in_one_run_is_reported(exports):
    """Two exports of one old page are not silently merged."""
    exports(f"{OLD_SLUG}.txt", PAGE)
    exports("news.jsonl", json_line(url=f"/news/{OLD_SLUG}"))
    out, _err = run(exports.folder, fails=True)
    assert f"{OLD_SLUG}.txt: та сама стара адреса /novyna/{OLD_SLUG}, що й у news.jsonl:1" in out
    assert Article.objects.count() == 1


# --- Old links and the site -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "old", [f"/novyna/{OLD_SLUG}", f"/news/{OLD_SLUG}", f"/news/{OLD_SLUG}/?fbclid=abc"]
)
def test_old_links_answer_301_to_the_new_address(exports, client, old):
    """Links to the old site's pages keep working, shared ones with ?fbclid too."""
    run(exports(f"{OLD_SLUG}.txt", PAGE), "--publish")
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == "/novyny/pidhotovka-do-vidnovlennia-deokupovanykh-hromad/"


@pytest.mark.django_db
def test_round_trip_from_export_to_article_page(exports, client):
    """Import, follow the old link: title, Ukrainian date, body, and the site's own footer."""
    run(exports(f"{OLD_SLUG}.txt", PAGE), "--publish")
    response = client.get(f"/novyna/{OLD_SLUG}", follow=True)
    assert response.redirect_chain == [
        ("/novyny/pidhotovka-do-vidnovlennia-deokupovanykh-hromad/", 301)
    ]
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Підготовка до відновлення деокупованих громад</h1>" in html
    assert "20\xa0червня\xa02022" in html
    body = html.split('class="article__body')[1].split("</div>")[0]
    assert "<p>Експерти розповіли, як планувати відбудову.</p>" in body
    assert "Сторінку розроблено" not in body
    footer = html.split('class="article__programme"')[1].split("</p>")[0]
    assert (
        "Сторінку розроблено в\xa0межах проєкту «Політика для українського локального "
        "самоврядування» (ПУЛЬС)"
    ) in footer
    assert html.count("Сторінку розроблено") == 1


@pytest.mark.django_db
def test_redirects_are_editable_in_the_admin(exports, admin_client):
    """Editors see and change the old-address redirects in the admin, in Ukrainian."""
    run(exports(f"{OLD_SLUG}.txt", PAGE), "--publish")
    changelist = admin_client.get(reverse("admin:redirects_redirect_changelist"))
    assert changelist.status_code == 200
    assert f"/novyna/{OLD_SLUG}" in changelist.content.decode()
    redirect = Redirect.objects.get(old_path=f"/news/{OLD_SLUG}")
    change_url = reverse("admin:redirects_redirect_change", args=[redirect.pk])
    assert "Перенаправлення" in admin_client.get(change_url).content.decode()
    response = admin_client.post(
        change_url,
        {"site": redirect.site_id, "old_path": redirect.old_path, "new_path": "/novyny/"},
    )
    assert response.status_code == 302
    assert admin_client.get(f"/news/{OLD_SLUG}")["Location"] == "/novyny/"


@pytest.mark.django_db
def test_admin_shows_the_import_and_the_title_to_check(exports, admin_client, make_article):
    """Editors find imported articles whose title was made up, and tick it off."""
    exports("no-title.txt", "5 / Березень, 2021\nУ м. Вінниця відкрили центр. Далі.\n")
    run(exports.folder)
    make_article(title_uk="Звичайна новина")
    url = reverse("admin:news_article_changelist")
    listed = admin_client.get(url, {"imported": "title"})
    assert [a.title_uk for a in listed.context["cl"].result_list] == [
        "У м. Вінниця відкрили центр"
    ]
    article = Article.objects.get(import_record__isnull=False)
    form = admin_client.get(reverse("admin:news_article_change", args=[article.pk]))
    html = form.content.decode()
    assert "Імпорт зі старого сайту" in html and "/novyna/no-title" in html
    assert "Заголовок треба перевірити" in html
    plain = Article.objects.get(title_uk="Звичайна новина")
    html = admin_client.get(reverse("admin:news_article_change", args=[plain.pk])).content
    assert "Імпорт зі старого сайту" not in html.decode()


@pytest.mark.django_db
def test_a_new_redirect_needs_no_site_choice(admin_client):
    """An editor adding an old address finds the association's site already chosen."""
    html = admin_client.get(reverse("admin:redirects_redirect_add")).content.decode()
    assert '<option value="1" selected>auc.org.ua</option>' in html


# --- Programmes and hromadas (with the partners app) -----------------------------------


@pytest.fixture
def directory(db):
    """The 1,469 hromadas of the committed codifier extract, as `make run` loads them."""
    call_command("import_hromadas", str(BUNDLED_FILE), verbosity=0)


@pytest.fixture
def pulse(db):
    usaid = Organization.objects.create(name_uk="USAID", kind=Organization.Kind.DONOR)
    return Programme.objects.create(
        name_uk="Політика для українського локального самоврядування",
        acronym_uk="ПУЛЬС",
        donor=usaid,
    )


def admin_form_data(response, **overrides):
    """The article change form and its inlines as the browser would post them."""
    data = {"_save": "Зберегти"}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name, field in form.fields.items():
            value, key = form[name].value(), form.add_prefix(name)
            if value is None or hasattr(value, "storage"):
                continue
            if hasattr(field, "fields"):  # split date and time
                for index, part in enumerate(field.widget.decompress(value)):
                    if part is not None:
                        data[f"{key}_{index}"] = part.isoformat()
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            else:
                data[key] = value
    return data | overrides


@pytest.mark.django_db
def test_footer_links_the_existing_programme(exports, pulse):
    """A footer naming a known programme links it; no duplicate programme appears."""
    out, _err = run(exports(f"{OLD_SLUG}.txt", PAGE.replace("(ПУЛЬС)", "(Пульс)")))
    assert Article.objects.get().programme == pulse
    assert Programme.objects.count() == 1
    assert "Нова програма" not in out


@pytest.mark.django_db
def test_an_unknown_programme_is_created_for_the_editor_to_complete(exports):
    """A footer naming a new project makes the programme, and says its donor is missing."""
    page = PAGE.replace("Політика для українського локального самоврядування", "Нова громада")
    page = page.replace("(ПУЛЬС)", "(НГ)")
    out, _err = run(exports(f"{OLD_SLUG}.txt", page))
    programme = Article.objects.get().programme
    assert (programme.name_uk, programme.acronym_uk) == ("Нова громада", "НГ")
    assert "Нова програма НГ: вкажіть її донора в адмінці." in out
    out, _err = run(exports(f"{OLD_SLUG}.txt", page.replace("Експерти", "Експертки")))
    assert "оновлено: 1" in out and "Нова програма" not in out
    assert Article.objects.get().programme == programme


@pytest.mark.django_db
def test_mentioned_hromadas_are_suggested_not_linked(exports, directory):
    """ "Тернополя", "у Вінниці", "Хмельницькому" are offered to the editor, not linked."""
    exports(
        "mentions.txt",
        "Мери обмінялися досвідом\n20 / Червень, 2022\n\n"
        "Представники Тернополя, Хмельницької міської ради та громад Хмельницької області "
        "зустрілися у Вінниці. Наступна зустріч — у Хмельницькому.\n"
        "Український фонд соціальних інвестицій разом з Українським фондом розвитку "
        "підтримали зустріч.\n",
    )
    run(exports.folder)
    article = Article.objects.get()
    assert not article.municipalities.exists()
    suggested = {s.municipality.name_uk: s.mention for s in article.municipality_suggestions.all()}
    assert suggested == {
        "Тернопільська": "Тернополя",
        "Хмельницька": "Хмельницької",
        "Вінницька": "Вінниці",
    }


@pytest.mark.django_db
def test_editor_links_a_suggested_hromada_with_one_tick(exports, directory, admin_client):
    """The change form lists the suggestions; a tick and Save link one, Delete drops one."""
    exports("m.txt", "Новина\n20 / Червень, 2022\n\nУ Тернополі та у Вінниці.\n")
    run(exports.folder)
    article = Article.objects.get()
    url = reverse("admin:news_article_change", args=[article.pk])
    response = admin_client.get(url)
    html = response.content.decode()
    assert "Запропоновані громади" in html and "Тернопільська міська громада" in html
    ternopil = article.municipality_suggestions.get(mention="Тернополі")
    assert article.municipality_suggestions.filter(mention="Вінниці").exists()
    data = admin_form_data(response)
    prefix = "municipality_suggestions"
    for index in range(int(data[f"{prefix}-TOTAL_FORMS"])):
        suggestion_id = int(data[f"{prefix}-{index}-id"])
        key = "accept" if suggestion_id == ternopil.pk else "DELETE"
        data[f"{prefix}-{index}-{key}"] = "on"
    assert admin_client.post(url, data).status_code == 302
    assert [m.name_uk for m in article.municipalities.all()] == ["Тернопільська"]
    assert not article.municipality_suggestions.exists()


@pytest.mark.django_db
def test_list_action_links_all_suggested_hromadas(exports, directory, admin_client):
    """Editors link every suggestion of the selected imported articles at once."""
    exports("m.txt", "Новина\n20 / Червень, 2022\n\nУ Тернополі та у Вінниці.\n")
    run(exports.folder)
    article = Article.objects.get()
    changelist = reverse("admin:news_article_changelist")
    listed = admin_client.get(changelist, {"imported": "suggestions"}).context["cl"]
    assert list(listed.result_list) == [article]
    admin_client.post(
        changelist,
        {"action": "accept_suggested_municipalities", "_selected_action": [article.pk]},
    )
    assert {m.name_uk for m in article.municipalities.all()} == {"Тернопільська", "Вінницька"}
    assert not article.municipality_suggestions.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("footer_first", FOOTER_FIRST_LINES)
def test_copied_page_links_the_programme_in_each_spelling(exports, pulse, client, footer_first):
    """Whatever the footer's spelling, the article gets its programme, the site prints the
    footer once, and search engines get the first paragraph as the description."""
    run(exports("copied.txt", copied_page(footer_first)), "--publish")
    article = Article.objects.get()
    assert article.programme == pulse
    assert "Сторінку розроблено" not in article.body_uk
    assert article.meta_description_uk == COPIED_PARAGRAPHS[0]
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<meta name="description" content="{COPIED_PARAGRAPHS[0]}">' in html
    assert html.count("Сторінку розроблено") == 1


@pytest.mark.django_db
def test_an_editors_description_survives_a_new_import(exports):
    """A description written in the admin is kept when a changed export is imported again."""
    path = exports("copied.txt", copied_page())
    run(path)
    Article.objects.update(meta_description_uk="Опис від редакторки")
    path.write_text(copied_page().replace("Наступна зустріч", "Нова зустріч"), "utf-8")
    run(path)
    article = Article.objects.get()
    assert "Нова зустріч" in article.body_uk
    assert article.meta_description_uk == "Опис від редакторки"


@pytest.mark.django_db
def test_stories_without_a_rubric_go_to_the_chronicle(exports, client):
    """Imported stories without a rubric are filed under «Хроніка», made when missing, not
    under a second «Новини»; the article page's breadcrumbs say so."""
    exports("copied.txt", copied_page())
    exports("news.jsonl", json_line(category=""))
    run(exports.folder, "--publish")
    chronicle = Category.objects.get(name_uk="Хроніка")
    assert set(Article.objects.values_list("category", flat=True)) == {chronicle.pk}
    run(exports("other.txt", PAGE), "--publish")
    assert Category.objects.filter(name_uk="Хроніка").count() == 1
    assert not Category.objects.filter(name_uk="Новини").exists()
    article = Article.objects.get(title_uk="Зустріч у Брюсселі")
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{chronicle.get_absolute_url()}">Хроніка</a>' in html


@pytest.mark.django_db
def test_control_characters_are_reported_in_the_summary(exports, client):
    """The editor is told which file had control characters; the page is valid text."""
    exports("damaged.txt", "Зустріч\x07\n20 / Червень, 2022\n\nМери\x00 говорили.\n")
    out, _err = run(exports.folder, "--publish")
    assert "з помилками: 0" in out
    assert "damaged.txt:1: вилучено керівних символів (NUL, BEL…): 2" in out
    article = Article.objects.get()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "\x00" not in html and "\x07" not in html
    assert "<h1>Зустріч</h1>" in html


def manage(*args):
    """manage.py import_articles … as a shell or cron runs it: its exit status."""
    try:
        argv = ["manage.py", "import_articles", "--skip-checks", *map(str, args)]
        ManagementUtility(argv).execute()
    except SystemExit as exit:
        return exit.code
    return 0


@pytest.mark.django_db
def test_exit_status_says_whether_every_source_was_imported(exports, capsys, monkeypatch):
    """Scripts and cron see a failed file in the exit status; the summary is still printed."""
    # manage.py closes the database connections at the end; the test's must stay open.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    good = exports(f"{OLD_SLUG}.txt", PAGE)
    assert manage(good, "--verbosity", "0") == 0
    exports("bad-month.txt", "Заголовок\n17 / Червеня, 2022\nТекст.\n")
    capsys.readouterr()
    assert manage(exports.folder, "--verbosity", "0") == 1
    captured = capsys.readouterr()
    assert "без змін: 1" in captured.out and "з помилками: 1" in captured.out
    assert "bad-month.txt:2: невідомий місяць «Червеня»" in captured.out
    assert "Джерел із помилками: 1 (перелік вище)." in captured.err


@pytest.mark.django_db
def test_a_large_export_has_a_progress_bar_of_its_own(exports, monkeypatch):
    """A large export shows how far its import has gone, not just "0/1"."""
    monkeypatch.setattr(import_articles, "LARGE_EXPORT", 2_000)
    monkeypatch.setattr("legacy_import.mentions.PROGRESS_STEP", 50)
    exports("small.txt", PAGE)
    exports("large.txt", copied_page().replace("\n\n\n", "\n\n" + PAGE * 5))
    _out, err = run(exports.folder)
    shown = [int(share) for share in re.findall(r"large\.txt:\s+(\d+)%", err)]
    assert shown[0] == 0 and shown[-1] == 100
    assert any(0 < share < 100 for share in shown)
    assert "small.txt:" not in err
