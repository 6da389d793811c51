import pytest
from playwright.sync_api import expect

from partners.models import Initiative

pytestmark = pytest.mark.django_db(transaction=True)


def test_language_switcher_keeps_the_reader_on_the_article(page, live_server, make_article):
    """A reader of a Ukrainian article switches to English and back, staying on it."""
    article = make_article(
        title_uk="Громади обговорили бюджет на 2026 рік",
        title_en="Municipalities discussed the 2026 budget",
        lead_en="A short introduction.",
        body_en="<p>The text of the news.</p>",
    )
    page.goto(f"{live_server.url}/novyny/{article.slug}/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Громади обговорили бюджет на 2026 рік")

    page.locator(".lang-switch").get_by_role("link", name="EN").click()
    expect(heading).to_have_text("Municipalities discussed the 2026 budget")
    expect(page).to_have_url(f"{live_server.url}/en/news/{article.slug_en}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.locator(".lang-switch").get_by_role("link", name="UK").click()
    expect(heading).to_have_text("Громади обговорили бюджет на 2026 рік")
    expect(page).to_have_url(f"{live_server.url}/novyny/{article.slug}/")


def test_language_switcher_keeps_the_reader_on_the_initiative(page, live_server):
    """A reader of a Ukrainian initiative page switches to English and back, staying on it."""
    initiative = Initiative.objects.create(
        name_uk="Партнерство «Відкритий уряд» — місцевий рівень",
        name_en="Open Government Partnership Local",
        acronym="OGP Local",
        description_uk="<p>Місцеві плани дій щодо відкритості.</p>",
        description_en="<p>Local action plans for openness.</p>",
    )
    page.goto(f"{live_server.url}/initsiatyvy/{initiative.slug}/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Партнерство «Відкритий уряд» — місцевий рівень")

    page.locator(".lang-switch").get_by_role("link", name="EN").click()
    expect(heading).to_have_text("Open Government Partnership Local")
    expect(page).to_have_url(f"{live_server.url}/en/initiatives/{initiative.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Local action plans for openness.")).to_be_visible()

    page.locator(".lang-switch").get_by_role("link", name="UK").click()
    expect(heading).to_have_text("Партнерство «Відкритий уряд» — місцевий рівень")
    expect(page).to_have_url(f"{live_server.url}/initsiatyvy/{initiative.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "uk")


def test_admin_marks_the_untranslated_tab_of_an_initiative(
    browser, live_server, django_user_model
):
    """An editor sees «не перекладено» on the English tab of an initiative's name until
    they type the English name; the description's tab keeps its marker."""
    django_user_model.objects.create_superuser("editor", password="password")
    initiative = Initiative.objects.create(
        name_uk="Мережа громад, дружніх до дітей", description_uk="<p>Лише українською.</p>"
    )
    context = browser.new_context(locale="uk-UA", timezone_id="Europe/Kyiv")
    admin = context.new_page()
    admin.goto(f"{live_server.url}/admin/login/")
    admin.locator("#id_username").fill("editor")
    admin.locator("#id_password").fill("password")
    admin.locator("input[type=submit]").click()
    admin.goto(f"{live_server.url}/admin/partners/initiative/{initiative.pk}/change/")
    name_tab = admin.locator("[role=tab][aria-controls='tab_id_name_en']")
    description_tab = admin.locator("[role=tab][aria-controls='tab_id_description_en']")
    expect(name_tab).to_contain_text("не перекладено")
    expect(description_tab).to_contain_text("не перекладено")
    name_tab.click()
    admin.locator("#id_name_en").fill("Child Friendly Hromadas")
    expect(name_tab).not_to_contain_text("не перекладено")
    expect(description_tab).to_contain_text("не перекладено")
    context.close()
