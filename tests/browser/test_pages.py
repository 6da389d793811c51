import pytest
from playwright.sync_api import expect

from pages.models import Menu, Page

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_adds_a_page_to_the_menu_and_a_visitor_finds_it(
    page, browser, live_server, admin_user
):
    """An editor publishes a page under «Про АМУ» and puts it in the header; a visitor opens it."""
    Page.objects.create(title_uk="Про АМУ", status="published")
    menu, _created = Menu.objects.get_or_create(location="header", language="uk")
    menu.items.all().delete()

    page.goto(live_server.url + "/admin/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill("password")
    page.locator("input[type=submit]").click()

    page.goto(live_server.url + "/admin/pages/page/add/")
    page.locator("#id_title_uk").fill("Керівництво")
    page.locator("#id_parent + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("Про")
    page.locator(".select2-results__option", has_text="Про АМУ").click()
    page.locator("#id_status").select_option("published")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(live_server.url + f"/admin/pages/menu/{menu.pk}/change/")
    page.locator("#id_items-0-position").fill("10")
    page.locator("#id_items-0-page + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("Керів")
    page.locator(".select2-results__option", has_text="Керівництво").click()
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    visitor = browser.new_context(locale="uk-UA").new_page()
    visitor.goto(live_server.url + "/")
    visitor.locator(".site-nav").get_by_role("link", name="Керівництво").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Керівництво")
    assert visitor.url == live_server.url + "/pro-amu/kerivnytstvo/"
    visitor.context.close()
