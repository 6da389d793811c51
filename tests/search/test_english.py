"""English search (issue 7) beyond tests/search/test_search.py's articles and initiatives:
hromadas and the category filter follow the language rule of editorial/languages.py."""

import pytest

from news.models import Category
from partners.models import Municipality

from .conftest import found, group

pytestmark = pytest.mark.django_db


def test_english_search_finds_hromadas_by_english_name_and_shows_it(search, make_municipality):
    """«Ternopil» in English lists the hromada under its English name."""
    ternopil = make_municipality("Тернопільська", centre_uk="Тернопіль")
    html = search("Ternopil", language="en").content.decode()
    assert group(search("Ternopil", language="en"), "hromadas") == [ternopil]
    assert "Ternopilska urban hromada" in html
    assert "Тернопільська" not in html


def test_english_search_leaves_out_a_hromada_without_english_name(search, make_municipality):
    """A hromada whose English name is missing is not shown in Ukrainian as English."""
    zbarazh = make_municipality("Збаразька", centre_uk="Збараж")
    Municipality.objects.filter(pk=zbarazh.pk).update(name_en="")
    assert group(search("Збараж"), "hromadas") == [zbarazh]
    assert group(search("Збараж", language="en"), "hromadas") == []


def test_english_category_filter_offers_only_english_categories(search, make_article, category):
    """The English filter names categories in English only; an unnamed one is left out."""
    Category.objects.create(name_uk="Лише українською")
    article = make_article(
        title_en="Budget hearings", lead_en="Intro.", body_en="<p>The budget text.</p>"
    )
    response = search("budget", language="en")
    html = response.content.decode()
    assert f'<option value="{category.slug}">Events</option>' in html
    assert "Лише українською" not in html
    assert found(response) == [article]


def test_english_search_speaks_english_typography(search, make_article):
    """English pages quote with “…”, not the Ukrainian «…», and their hint shows English word
    forms, which English search finds too."""
    article = make_article(
        title_en="Cities agree a budget", lead_en="Intro.", body_en="<p>Text.</p>"
    )
    html = search("cities", language="en").content.decode()
    assert "<title>“cities”: search ·" in html
    assert "«" not in html and "»" not in html
    assert "e.g. “city” also finds “cities”" in search(language="en").content.decode()
    assert found(search("city", language="en")) == [article]
    assert "Nothing found for “zzzz”." in search("zzzz", language="en").content.decode()
