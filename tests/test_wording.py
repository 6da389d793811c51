"""Public wording a Ukrainian proofreader asked for (issue 26)."""

import pytest
from django.template.defaultfilters import filesizeformat
from django.utils import translation

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("size", "text"),
    [(75_366, f"73,6{NBSP}КБ"), (5 * 1024**2, f"5,0{NBSP}МБ"), (3 * 1024**3, f"3,0{NBSP}ГБ")],
)
def test_file_sizes_in_bytes_not_bits(size, text):
    """«КБ/МБ/ГБ» (bytes), not Django's «Кб/Мб» (bits), wherever sizes are shown."""
    with translation.override("uk"):
        assert filesizeformat(size) == text


def test_all_is_usi():
    """«Усі», the site's one form, also where Django's own catalogue says «Всі»."""
    with translation.override("uk"):
        assert translation.gettext("All") == "Усі"


def test_skip_link_and_missing_version(client, make_article):
    """The skip link leads to the main content; a missing version is named in Ukrainian."""
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert ">Перейти до основного вмісту</a>" in html
    assert 'title="Англійської версії немає"' in html
    assert f"Час читання: 1{NBSP}хв" in html
    english = client.get("/en/news/").content.decode()
    assert ">Skip to main content</a>" in english


def test_not_found_page_says_what_to_do(client, db):
    """The 404 page offers the news list and the home page in plain Ukrainian."""
    html = client.get("/novyny/nemaie-takoi-novyny/").content.decode()
    assert "Перегляньте перелік новин або перейдіть на головну сторінку." in html
