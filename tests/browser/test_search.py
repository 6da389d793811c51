import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_on_a_phone_searches_from_the_header(page, live_server, make_article):
    """On a 360 px phone the header's search box fits, and a word in another form finds news."""
    make_article(title_uk="Громадам передали нові автобуси")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/")

    box = page.get_by_role("search").get_by_label("Пошук на сайті")
    expect(box).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    width = box.bounding_box()["width"]
    assert width >= 200, width

    box.fill("громада")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Пошук")
    expect(page.get_by_role("status")).to_have_text("Знайдено 1 новину")
    expect(page.locator(".search-result mark")).to_have_text("Громадам")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="Громадам передали нові автобуси").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Громадам передали нові автобуси")
