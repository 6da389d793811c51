"""Every empty list or search says what to try next (issue 26)."""

import re

import pytest

from news.models import Category

pytestmark = pytest.mark.django_db


def next_steps(html):
    """The links and hints of the page's empty state."""
    block = re.search(r'<div class="empty-state">.*?</div>', html, re.S)
    assert block, "no empty state"
    return re.findall(r'<li>(?:<a href="([^"]+)">)?([^<]+)', block.group(0))


def test_search_without_results_suggests_what_to_try(client, make_article):
    """Nothing found: a hint on the words, the same words without filters, all news."""
    make_article(title_uk="Бюджет громади")
    html = client.get("/poshuk/", {"q": "дороги"}).content.decode()
    assert "Нічого не знайдено за запитом «дороги»." in html
    steps = next_steps(html)
    assert steps[0][1].startswith("Перевірте написання")
    assert ("/novyny/", "Усі новини") in steps
    other = Category.objects.create(name_uk="Інша")
    filtered = client.get("/poshuk/", {"q": "бюджет", "category": other.slug})
    steps = next_steps(filtered.content.decode())
    without_filters = "/poshuk/?q=%D0%B1%D1%8E%D0%B4%D0%B6%D0%B5%D1%82"
    assert (without_filters, "Шукати без рубрики та року") in steps
    assert client.get(without_filters).context["paginator"].count == 1


def test_empty_category_leads_elsewhere(client):
    """A category without news yet offers all news and the search."""
    category = Category.objects.create(name_uk="Порожня")
    steps = next_steps(client.get(category.get_absolute_url()).content.decode())
    assert ("/novyny/", "Усі новини") in steps
    assert ("/poshuk/", "Пошук на сайті") in steps


def test_documents_without_match_offer_all_documents(client):
    """No document matches: a hint and the way back to all documents."""
    steps = next_steps(client.get("/dokumenty/", {"q": "кошторис"}).content.decode())
    assert steps[0][1].startswith("Спробуйте менше або інші слова")
    assert ("/dokumenty/", "Усі документи") in steps
