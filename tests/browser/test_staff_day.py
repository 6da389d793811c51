"""A newsroom's day, as an author and an editor (never the superuser) do it in Chromium.

Every response of every window (pages, their XHRs and the popups they open) must be below
400, and no window may log a console error or throw.
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from news.models import Article
from pages.models import Document, DocumentCategory
from partners.models import Initiative, Municipality, Oblast, Organization, Programme, Raion
from tests.images import factories
from tests.pages.conftest import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Громади Полтавщини об’єднують закупівлі"


class Watch:
    """What went wrong in a browser context: answers ≥ 400 and console errors, any window."""

    def __init__(self, context):
        self.problems = []
        context.on("response", self.response)
        context.on("page", self.page)
        for page in context.pages:
            self.page(page)

    def response(self, response):
        if response.status >= 400:
            self.problems.append(f"{response.status} {response.request.method} {response.url}")

    def page(self, page):
        page.on(
            "console",
            lambda message: (
                self.problems.append(f"console {message.type} on {page.url}: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))


def sign_in(browser, live_server, username):
    context = browser.new_context(locale="uk-UA", timezone_id="Europe/Kyiv")
    watch = Watch(context)
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()
    return context, page, watch


def autocomplete(page, field, term, choice):
    page.locator(f"#id_{field} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    page.locator(".select2-results__option", has_text=choice).first.click()


def menu_button(page, title):
    return page.locator(f".prose-menubar:visible button[title='{title}']").first


@pytest.fixture
def newsroom(db, category, make_staff):
    """What an ordinary morning starts with: the roles, a hromada, OGP Local, ПУЛЬС."""
    make_staff("author", "olena")
    make_staff("editor", "taras")
    oblast = Oblast.objects.create(
        code="UA53000000000028050", name_uk="Полтавська", name_en="Poltavska", slug="poltavska"
    )
    raion = Raion.objects.create(code="UA53080000000083", name_uk="Полтавський", oblast=oblast)
    Municipality.objects.create(
        name_uk="Решетилівська",
        slug="reshetylivska",
        code="UA53080370000040000",
        kind=Municipality.Kind.URBAN,
        oblast=oblast,
        raion=raion,
        centre_uk="Решетилівка",
    )
    Initiative.objects.create(
        name_uk="Партнерство «Відкритий уряд» — місцевий рівень", acronym="OGP Local"
    )
    usaid = Organization.objects.create(name_uk="USAID", acronym_uk="USAID", kind="donor")
    Programme.objects.create(
        name_uk="Політика для розвитку",
        acronym_uk="ПУЛЬС",
        donor=usaid,
        implementer=usaid,
        start_date=date(2015, 12, 14),
    )
    DocumentCategory.objects.create(name_uk="Звіти")


def test_author_and_editor_do_a_whole_day(browser, live_server, newsroom, settings):
    """An author writes a full article with a document; an editor reviews, previews,
    schedules, shares, publishes, and restores an earlier revision: nothing fails."""
    settings.ROOT_URLCONF = "tests.browser.urls"  # serves the uploaded images

    # --- The author writes --------------------------------------------------------
    author_context, author, author_watch = sign_in(browser, live_server, "olena")
    author.goto(live_server.url + "/admin/news/article/add/")
    author.locator("#id_title_uk").fill(TITLE)
    author.locator("#id_lead_uk").fill("Спільні тендери заощаджують кошти.")
    author.locator("#id_meta_description_uk").fill("Спільні тендери громад.")
    expect(author.locator(".field-meta_description_uk .length-count")).to_have_text(
        "23 з 160 символів"
    )
    title_width = author.locator("#id_title_uk").bounding_box()["width"]
    assert title_width > 600, title_width
    author.locator(".ProseMirror:visible").first.click()
    author.locator(".prose-menubar:visible .prose-menubar__selected").first.click()
    author.locator(".prose-menubar__dropdown:visible").get_by_text("Заголовок 2").click()
    author.keyboard.type("Як це працює")
    author.keyboard.press("Enter")
    menu_button(author, "Маркований список").click()
    author.keyboard.type("спільна заявка")
    author.keyboard.press("Enter")
    author.keyboard.type("одна комісія")
    author.keyboard.press("Enter")
    author.keyboard.press("Enter")
    author.keyboard.type("Докладніше на Prozorro")
    author.keyboard.press("Enter")
    menu_button(author, "Зображення").click()
    with author_context.expect_page() as picker_window:
        author.locator("dialog[open]").get_by_role(
            "button", name="Завантажити або вибрати…"
        ).click()
    picker = picker_window.value
    picker.locator("#id_file").set_input_files(
        files=[{"name": "tender.jpg", "mimeType": "image/jpeg", "buffer": factories.jpeg()}]
    )
    picker.locator("#id_alt").fill("Засідання тендерного комітету")
    picker.locator("input[type=submit]").click()
    figure_dialog = author.locator("dialog[open]")
    expect(figure_dialog.get_by_label("Опис зображення (для тих, хто не бачить)")).to_have_value(
        "Засідання тендерного комітету"
    )
    figure_dialog.get_by_role("button", name="Вставити").click()
    expect(author.locator(".ProseMirror:visible figure img")).to_be_visible()
    # The link last: a dialog hands the focus back to the editor in its own time.
    author.locator(".ProseMirror:visible p", has_text="Докладніше").click(click_count=3)
    author.wait_for_function("() => window.getSelection().toString().includes('Prozorro')")
    menu_button(author, "Посилання").click()
    link_dialog = author.locator("dialog[open]")
    expect(link_dialog.locator("h3")).to_have_text("Посилання")
    link_dialog.get_by_label("Адреса").fill("https://prozorro.gov.ua/")
    link_dialog.get_by_role("button", name="Готово").click()
    expect(author.locator("dialog[open]")).to_have_count(0)
    expect(author.locator(".ProseMirror:visible p a")).to_have_text("Докладніше на Prozorro")

    author.locator("#id_cover_image").set_input_files(
        files=[{"name": "cover.jpg", "mimeType": "image/jpeg", "buffer": factories.jpeg()}]
    )
    author.locator("#id_cover_alt_uk").fill("Представники громад підписують угоду")
    autocomplete(author, "category", "Под", "Події")
    autocomplete(author, "municipalities", "Решет", "Решетилівська")
    autocomplete(author, "initiatives", "OGP", "OGP Local")
    autocomplete(author, "programme", "ПУЛЬС", "ПУЛЬС")
    author.locator("#id_status").select_option("review")
    author.locator("input[name=_save]").click()
    expect(author.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get(title_uk=TITLE)
    assert article.status == "review"
    body = article.body_uk
    assert "<h2>Як це працює</h2>" in body
    assert "<li><p>спільна заявка</p></li>" in body
    assert 'href="https://prozorro.gov.ua/"' in body
    assert 'alt="Засідання тендерного комітету"' in body
    assert [m.name_uk for m in article.municipalities.all()] == ["Решетилівська"]
    assert article.initiatives.get().acronym == "OGP Local"
    assert article.programme.acronym_uk == "ПУЛЬС"
    assert article.cover_image

    # A document for the article: proposed, not yet public.
    author.goto(live_server.url + "/admin/pages/document/add/")
    author.locator("#id_title_uk").fill("Звіт про спільні закупівлі")
    author.locator("#id_file").set_input_files(
        files=[{"name": "zvit.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    autocomplete(author, "category", "Зві", "Звіти")
    autocomplete(author, "articles", "Громади", TITLE)
    author.locator("#id_status").select_option("review")
    author.locator("input[name=_save]").click()
    expect(author.locator(".messagelist .success")).to_be_visible()
    document = Document.objects.get()
    assert (document.status, document.author.username) == ("review", "olena")
    assert author_watch.problems == []

    # --- The editor reviews, previews, schedules and shares ---------------------------
    editor_context, editor, editor_watch = sign_in(browser, live_server, "taras")
    editor.goto(live_server.url + "/admin/news/article/")
    editor.get_by_role("link", name="На перевірці: 1").click()
    editor.get_by_role("link", name=TITLE).click()
    with editor_context.expect_page() as preview_window:
        editor.get_by_role("link", name="Попередній перегляд").click()
    preview = preview_window.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(preview.locator(".preview-banner")).to_contain_text("На перевірці")
    expect(preview.locator(".article__body figure img")).to_be_visible()
    preview.close()

    editor.locator("#id_title_uk").fill(TITLE + " і заощаджують")
    tomorrow = timezone.localdate() + timedelta(days=1)
    editor.locator("#id_status").select_option("published")
    editor.locator("#id_published_at_0").fill(tomorrow.isoformat())
    editor.locator("#id_published_at_1").fill("10:00")
    editor.locator("input[name=_continue]").click()
    expect(editor.locator(".workflow-state .badge")).to_have_text("Заплановано")
    assert not Article.objects.published().filter(pk=article.pk).exists()

    editor.get_by_role("link", name="Посилання для перегляду").click()
    editor.get_by_role("button", name="Створити посилання").click()
    share_url = editor.locator("td input[readonly]").first.input_value()
    editor_context.grant_permissions(["clipboard-read", "clipboard-write"])
    editor.get_by_role("button", name="Копіювати").click()
    expect(editor.get_by_role("button", name="Скопійовано")).to_be_visible()
    assert editor.evaluate("navigator.clipboard.readText()") == share_url
    reader_context = browser.new_context(locale="uk-UA")
    reader_watch = Watch(reader_context)
    reader = reader_context.new_page()
    reader.goto(share_url)
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE + " і заощаджують")
    expect(reader.locator(".preview-banner")).to_contain_text("Заплановано на")
    reader_context.close()
    assert reader_watch.problems == []

    # --- Published now, with the document -------------------------------------------
    editor.goto(live_server.url + f"/admin/news/article/{article.pk}/change/")
    editor.locator("#id_published_at_0").fill("")
    editor.locator("#id_published_at_1").fill("")
    editor.locator("input[name=_continue]").click()
    expect(editor.locator(".workflow-state .badge")).to_have_text("На сайті")

    editor.goto(live_server.url + "/admin/pages/document/")
    editor.get_by_role("row", name=re.compile("Звіт про спільні закупівлі")).locator(
        "input[type=checkbox]"
    ).check()
    editor.locator("select[name=action]").select_option("publish")
    editor.locator("button[name=index]").first.click()
    expect(editor.locator(".messagelist .success")).to_contain_text("Опубліковано 1 документ")

    editor.goto(live_server.url + "/")
    editor.get_by_role("link", name=TITLE + " і заощаджують").first.click()
    expect(editor.locator(".article__body h2")).to_have_text("Як це працює")
    expect(editor.locator(".article__related")).to_contain_text("Решетилівська")
    expect(editor.locator(".article__related")).to_contain_text("Відкритий уряд")
    expect(editor.locator(".attached-documents")).to_contain_text("Звіт про спільні закупівлі")
    expect(editor.locator(".article__programme")).to_contain_text("ПУЛЬС")

    # --- History: the author's title comes back -------------------------------------
    editor.goto(live_server.url + f"/admin/news/article/{article.pk}/history/")
    rows = editor.locator("table.revisions tbody tr")
    expect(rows.first).to_contain_text("Taras")
    expect(rows.last).to_contain_text("Olena")
    rows.last.get_by_role("button", name="Відновити").click()
    expect(editor.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert (article.title_uk, article.status) == (TITLE, "published")

    editor_context.close()
    author_context.close()
    assert editor_watch.problems == []
    assert author_watch.problems == []
