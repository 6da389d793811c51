import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from partners.katottg import BUNDLED_FILE
from partners.models import Municipality

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_finds_news_of_a_hromada_through_the_directory(page, live_server, make_article):
    """A visitor filters the directory by oblast, opens a hromada and reads news about it."""
    call_command("import_hromadas", str(BUNDLED_FILE), verbosity=0)
    vinnytsia = Municipality.objects.get(code="UA05020030000031457")
    article = make_article(title_uk="Вінниця відкрила нові набори даних")
    article.municipalities.add(vinnytsia)

    # Straight to the directory: a transactional test's flush empties the editable menus.
    page.goto(live_server.url + "/hromady/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Громади України")
    expect(page.get_by_role("status")).to_have_text("1 471 громада")

    page.get_by_label("Область").select_option(label="Вінницька (63)")
    page.get_by_role("button", name="Показати").click()
    expect(page.get_by_role("status")).to_have_text("63 громади")
    page.get_by_role("link", name="Вінницька міська громада").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Вінницька міська громада")
    expect(page.locator(".facts")).to_contain_text("Вінниця")
    page.get_by_role("link", name="Вінниця відкрила нові набори даних").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Вінниця відкрила нові набори даних")
    expect(page.locator(".article__related")).to_contain_text("Вінницька міська громада")
