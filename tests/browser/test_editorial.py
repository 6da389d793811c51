import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from news.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(browser, live_server, username):
    context = browser.new_context(locale="uk-UA", timezone_id="Europe/Kyiv")
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("input[type=submit]").click()
    return context, page


def test_author_submits_editor_previews_schedules_and_publishes(
    browser, live_server, make_staff, category
):
    """An author writes and submits; an editor previews, schedules, then publishes it."""
    make_staff("author", "olena")
    make_staff("editor", "taras")
    title = "Громади Полтавщини об’єднують закупівлі"

    _, author = log_in(browser, live_server, "olena")
    author.goto(live_server.url + "/admin/news/article/add/")
    author.locator("#id_title_uk").fill(title)
    author.locator(".ProseMirror:visible").first.click()
    author.keyboard.type("Спільні тендери заощаджують кошти.")
    author.locator("#id_category + .select2").click()
    author.locator(".select2-container--open .select2-search__field").fill("Под")
    author.locator(".select2-results__option", has_text="Події").click()
    statuses = author.locator("#id_status option").all_inner_texts()
    assert statuses == ["Чернетка", "На перевірці"]
    author.locator("#id_status").select_option("review")
    author.locator("input[name=_save]").click()
    expect(author.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get(title_uk=title)
    assert article.status == "review"

    editor_context, editor = log_in(browser, live_server, "taras")
    editor.goto(live_server.url + "/admin/news/article/coming-up/")
    editor.get_by_role("link", name=title).click()
    with editor_context.expect_page() as preview_page:
        editor.get_by_role("link", name="Попередній перегляд").click()
    preview = preview_page.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(title)
    expect(preview.locator(".preview-banner")).to_contain_text("На перевірці")
    preview.close()

    tomorrow = timezone.localdate() + timedelta(days=1)
    editor.locator("#id_status").select_option("published")
    editor.locator("#id_published_at_0").fill(tomorrow.isoformat())
    editor.locator("#id_published_at_1").fill("10:00")
    editor.locator("input[name=_save]").click()
    row = editor.locator("#result_list tr", has_text=title)
    expect(row.locator(".field-state_badge .badge")).to_have_text("Заплановано")
    assert not Article.objects.published().filter(pk=article.pk).exists()

    row.get_by_role("link", name=title).click()
    editor.locator("#id_published_at_0").fill("")
    editor.locator("#id_published_at_1").fill("")
    editor.locator("input[name=_save]").click()
    expect(row.locator(".field-state_badge .badge")).to_have_text("На сайті")

    editor.goto(live_server.url + "/")
    editor.get_by_role("link", name=title).click()
    expect(editor).to_have_url(re.compile(r"/novyny/hromady-poltavshchyny"))
    expect(editor.locator(".article__body")).to_contain_text("Спільні тендери")


def test_author_switches_languages_and_links_by_keyboard(
    browser, live_server, make_staff, category, make_tag
):
    """The language tabs and the autocomplete fields work from the keyboard and the mouse,
    and each names itself to a screen reader."""
    make_staff("author", "olena")
    make_tag("громади")
    make_tag("бюджет")
    _, author = log_in(browser, live_server, "olena")
    author.goto(live_server.url + "/admin/news/article/add/")

    english = author.locator("#id_title_en")
    uk_tab = author.locator("[role=tab][aria-controls=tab_id_title_uk]")
    expect(uk_tab).to_have_attribute("title", "Українська")
    uk_tab.focus()
    author.keyboard.press("ArrowRight")
    expect(english).to_be_visible()
    author.keyboard.press("Home")
    expect(english).to_be_hidden()
    author.locator("[role=tab][aria-controls=tab_id_title_en]").click()
    expect(english).to_be_visible()
    assert author.locator(".ui-tabs-anchor:not([inert])").count() == 0

    box = author.locator("#id_category + .select2 [role=combobox]")
    expect(box).to_have_accessible_name("Рубрика:")
    box.focus()
    author.keyboard.press("Enter")
    author.keyboard.type("Под")
    expect(author.locator(".select2-results__option--highlighted")).to_have_text("Події")
    author.keyboard.press("Enter")
    expect(author.locator("#id_category")).to_have_value(str(category.pk))
    expect(box).to_have_accessible_name("Рубрика: Події")

    search = author.locator("#id_tags + .select2 .select2-search__field")
    expect(search).to_have_accessible_name("Теми:")
    search.focus()
    author.keyboard.type("бюдж")
    expect(author.locator(".select2-results__option--highlighted")).to_have_text("бюджет")
    author.keyboard.press("Enter")
    expect(author.locator("#id_tags option:checked")).to_have_text(["бюджет"])
