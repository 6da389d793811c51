"""Tables in rich text (issue 28): what the sanitizer keeps, the caption, the scrolling box."""

import pytest
from django.urls import reverse

from editorial.text import sanitize_html, tables_without_caption
from news.models import Article

# What the editor's Table extension (Tiptap) writes: a merged first row, a header row,
# colspan/rowspan on every cell, widths in style and colgroup.
EDITOR_TABLE = (
    '<table style="min-width: 75px"><colgroup><col style="min-width: 25px"><col><col>'
    "</colgroup><tbody>"
    '<tr><th colspan="3" rowspan="1"><p>Бюджети громад, млн грн</p></th></tr>'
    '<tr><th colspan="1" rowspan="1" colwidth="120"><p>Громада</p></th>'
    '<th colspan="1" rowspan="1"><p>2024</p></th><th colspan="1" rowspan="1"><p>2025</p></th></tr>'
    '<tr><td colspan="1" rowspan="2"><p>Вінниця</p></td><td colspan="1" rowspan="1"><p>1</p></td>'
    '<td colspan="1" rowspan="1"><p>2</p></td></tr>'
    '<tr><td colspan="2" rowspan="1"><p>разом 3</p></td></tr>'
    "</tbody></table>"
)


def test_sanitizer_keeps_table_markup():
    """Tables pasted or imported keep their caption, head, body, rows and cells."""
    html = (
        '<table><caption>Підсумки</caption><thead><tr><th scope="col">Рік</th></tr></thead>'
        '<tbody><tr><td colspan="2" rowspan="3">2025</td></tr></tbody></table>'
    )
    assert sanitize_html(html) == (
        "<table><caption>Підсумки</caption><thead><tr><th>Рік</th></tr></thead>"
        '<tbody><tr><td colspan="2" rowspan="3">2025</td></tr></tbody></table>'
    )


@pytest.mark.parametrize(
    "cell",
    [
        '<td style="background:url(javascript:alert(1))">x</td>',
        '<td onclick="alert(1)">x</td>',
        '<td onmouseover="alert(1)" class="big" width="900">x</td>',
        '<td colspan="javascript:alert(1)">x</td>',
    ],
)
def test_sanitizer_strips_style_and_handlers_from_tables(cell):
    """Table cells lose style, event handlers and anything but their spans."""
    cleaned = sanitize_html(
        f'<table onclick="alert(1)" style="width:9000px"><tr>{cell}</tr></table>'
    )
    assert cleaned == "<table><tbody><tr><td>x</td></tr></tbody></table>"


def test_editor_table_is_stored_without_its_widths():
    """What the editor writes is stored without widths and default spans, merged cells kept."""
    cleaned = sanitize_html(EDITOR_TABLE)
    assert "style" not in cleaned and "colgroup" not in cleaned and "colwidth" not in cleaned
    assert '<th colspan="3"><p>Бюджети громад, млн грн</p></th>' in cleaned
    assert '<td rowspan="2"><p>Вінниця</p></td>' in cleaned
    assert '<td colspan="2"><p>разом 3</p></td>' in cleaned
    assert tables_without_caption(cleaned) == 0


def test_article_shows_table_captioned_in_its_own_scrolling_box(client, make_article):
    """A reader sees the merged first row as the table's caption, the table in a box of its
    own that a keyboard can scroll, named by the caption."""
    article = make_article(body_uk=f"<p>Вступ.</p>{EDITOR_TABLE}")
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<div class="table-scroll" role="region" tabindex="0" '
        'aria-label="Бюджети громад, млн грн"><table><caption>Бюджети громад, млн грн'
        "</caption><tbody><tr><th><p>Громада</p></th>"
    ) in html
    assert "</table></div>" in html
    assert html.count("<caption>") == 1


def test_table_without_caption_is_named_as_a_table(client, make_article):
    """A table saved without a caption (by an import) still has a named box."""
    article = make_article()
    Article.objects.filter(pk=article.pk).update(
        body_uk="<table><tr><td>1</td><td>2</td></tr></table>", body_en=""
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<div class="table-scroll" role="region" tabindex="0" aria-label="Таблиця"><table>' in html
    )
    html = client.get(reverse("news:list")).content.decode()
    assert "table-scroll" not in html


def test_imported_caption_names_its_box(client, make_article):
    """A table that came with its own caption keeps it, and its box is named by it; an
    empty caption is no caption."""
    article = make_article()
    Article.objects.filter(pk=article.pk).update(
        body_uk="<table><caption>Підсумки <em>року</em></caption><tbody><tr><td>1</td></tr>"
        "</tbody></table><table><caption> </caption><tbody><tr><td>2</td></tr></tbody></table>"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<div class="table-scroll" role="region" tabindex="0" aria-label="Підсумки року">'
        "<table><caption>Підсумки <em>року</em></caption><tbody>"
    ) in html
    assert '<div class="table-scroll" role="region" tabindex="0" aria-label="Таблиця">' in html
    assert tables_without_caption(Article.objects.get().body_uk) == 1


def test_article_refuses_a_table_without_caption(admin_client, category):
    """A table without a caption is refused with a Ukrainian hint how to give it one."""
    data = {
        "title_uk": "Новина з таблицею",
        "category": category.pk,
        "status": "draft",
        "body_uk": '<table><tbody><tr><th colspan="1" rowspan="1"><p>Рік</p></th>'
        '<th colspan="1" rowspan="1"><p>Сума</p></th></tr></tbody></table>',
    }
    response = admin_client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 200
    assert "Дайте кожній таблиці підпис" in response.content.decode()
    assert not Article.objects.exists()

    data["body_uk"] = EDITOR_TABLE
    response = admin_client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 302
    assert '<th colspan="3"><p>Бюджети громад' in Article.objects.get().body_uk
