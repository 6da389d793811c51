"""Share links and tables on a phone (issue 28): 360 px, with and without JavaScript."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from news.models import Article
from tests.browser.test_quality import AXE_OPTIONS, OVERFLOW_SCRIPT
from tests.news.test_tables import EDITOR_TABLE

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 800}
# A table wider than a phone: long words in many columns.
WIDE_TABLE = EDITOR_TABLE.replace("<p>2024</p>", "<p>Надходження загального фонду 2024</p>")
WIDE_TABLE = WIDE_TABLE.replace("<p>2025</p>", "<p>Надходження спеціального фонду 2025</p>")
LINKS = [
    re.compile(r"^Поділитися в\sTelegram$"),
    re.compile(r"^Поділитися в\sFacebook$"),
    re.compile(r"^Поділитися в\sX$"),
    re.compile(r"^Поділитися в\sLinkedIn$"),
    re.compile(r"^Надіслати електронною поштою$"),
]
# A phone's share sheet, where headless Chromium on Linux has none.
FAKE_WEB_SHARE = (
    "navigator.share = data => { window.sharedWith = data; return Promise.resolve(); };"
)


@pytest.fixture
def article(make_article):
    return make_article(
        title_uk="Громади обговорили бюджети: «таблиця доходів»",
        body_uk=f"<p>Вступ до таблиці.</p>{WIDE_TABLE}<p>Кінець.</p>",
    )


def test_share_links_and_table_on_a_phone(page, live_server, article):
    """On a 360 px phone every share link and button is named, large enough and in view;
    copying puts the address on the clipboard, the phone's share sheet gets it too; the
    wide table scrolls in its own box, the page not at all; axe finds nothing."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.add_init_script(FAKE_WEB_SHARE)
    page.set_viewport_size(PHONE)
    address = live_server.url + article.get_absolute_url()
    page.goto(address)

    share = page.get_by_role("region", name="Поділитися")
    controls = [share.get_by_role("link", name=name) for name in LINKS] + [
        share.get_by_role("button", name="Поділитися через застосунок на пристрої"),
        share.get_by_role("button", name="Скопіювати посилання"),
    ]
    for control in controls:
        expect(control).to_be_visible()
        box = control.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert share.get_by_role("link").count() == len(LINKS)

    share.get_by_role("button", name="Скопіювати посилання").click()
    expect(share.get_by_role("status")).to_have_text("Посилання скопійовано.")
    assert page.evaluate("navigator.clipboard.readText()") == address
    share.get_by_role("button", name="Поділитися через застосунок на пристрої").click()
    assert page.evaluate("window.sharedWith") == {"title": article.title_uk, "url": address}

    table_box = page.get_by_role("region", name="Бюджети громад, млн грн")
    expect(table_box.locator("caption")).to_have_text("Бюджети громад, млн грн")
    assert table_box.evaluate("box => box.scrollWidth > box.clientWidth")
    assert page.evaluate(OVERFLOW_SCRIPT) == []

    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert [violation["id"] for violation in violations] == []


def test_share_links_work_without_javascript(browser, live_server, article):
    """Without JavaScript the links still work and no dead button is shown."""
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="uk-UA")
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    share = page.get_by_role("region", name="Поділитися")
    for name in LINKS:
        expect(share.get_by_role("link", name=name)).to_be_visible()
    expect(share.get_by_role("button")).to_have_count(0)
    telegram = share.get_by_role("link", name=LINKS[0]).get_attribute("href")
    assert telegram.startswith("https://t.me/share/url?url=http")
    assert page.evaluate(OVERFLOW_SCRIPT) == []
    context.close()


def test_editor_makes_a_table_with_a_caption(page, live_server, editor, category):
    """An editor inserts a table, merges its first row into the caption and publishes it;
    readers get that row as the table's caption."""
    page.goto(live_server.url + "/admin/login/?next=/admin/news/article/add/")
    page.locator("#id_username").fill("taras")
    page.locator("#id_password").fill("password")
    page.locator("input[type=submit]").click()
    page.locator("#id_title_uk").fill("Розклад засідань комітетів")
    page.locator("#id_category + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("Под")
    page.locator(".select2-results__option", has_text="Події").click()

    editor_box = page.locator(".ProseMirror:visible").first
    editor_box.click()
    page.keyboard.type("Засідання відкриті.")
    page.locator(".prose-menubar:visible button[title='Таблиця']").first.click()
    dialog = page.locator("dialog.prose-editor-dialog")
    dialog.locator("[name=rows]").fill("2")
    dialog.locator("[name=cols]").fill("2")
    dialog.locator("[name=withHeaderRow]").select_option("Yes")
    dialog.get_by_role("button", name="Вставити таблицю").click()

    first_row = editor_box.locator("tr").first
    first_row.locator("th").first.click()
    page.keyboard.press("Shift+ArrowRight")
    page.locator(".prose-menubar:visible button[title='Об’єднати клітинки']").first.click()
    first_row.locator("th").first.click()
    page.keyboard.type("Засідання у вересні")
    editor_box.locator("tr").nth(1).locator("th, td").first.click()
    page.keyboard.type("Бюджетний комітет")
    page.locator("#id_status").select_option("published")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    article = Article.objects.get()
    assert '<th colspan="2"><p>Засідання у&nbsp;вересні</p></th>' in article.body_uk
    page.goto(live_server.url + article.get_absolute_url())
    table = page.get_by_role("region", name="Засідання у вересні").get_by_role("table")
    expect(table.locator("caption")).to_have_text("Засідання у\xa0вересні")
    expect(table.get_by_role("cell", name="Бюджетний комітет")).to_be_visible()
