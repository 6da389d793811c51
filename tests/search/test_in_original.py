"""An English search meets the Ukrainian edition's results (issue 26)."""

import pytest

pytestmark = pytest.mark.django_db


def test_english_search_for_ukrainian_words_offers_ukrainian_results(search, make_article):
    """«бюджет» in English finds no English article, but is not told just "nothing": the
    Ukrainian news are offered, marked as Ukrainian, leading to the Ukrainian pages."""
    article = make_article(title_uk="Бюджет громади на 2027 рік")
    make_article(title_uk="Інша новина")
    response = search("бюджет", language="en")
    html = response.content.decode()
    assert response.context["paginator"].count == 0
    assert "In the Ukrainian edition" in html
    assert "The Ukrainian edition has 1 article with these words" in html
    assert f'href="{article.url_in("uk")}" hreflang="uk" lang="uk">' in html
    assert 'href="/poshuk/?q=%D0%B1%D1%8E%D0%B4%D0%B6%D0%B5%D1%82" hreflang="uk"' in html


def test_english_results_come_alone_for_english_words(search, make_article):
    """An English query that finds English news is not padded with Ukrainian ones; a
    Ukrainian search never offers the Ukrainian edition to itself."""
    make_article(title_uk="Бюджет", title_en="Budget", lead_en="A.", body_en="<p>Budget.</p>")
    assert search("budget", language="en").context["in_original"] is None
    assert search("бюджет").context["in_original"] is None
    assert search("нічогоподібного", language="en").context["in_original"] is None
