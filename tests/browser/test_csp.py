import pytest
from django.urls import reverse
from playwright.sync_api import expect

from images.models import BodyImage
from news.models import Article
from tests.images import factories

pytestmark = pytest.mark.django_db(transaction=True)


def watch_for_csp_violations(page):
    """Console messages in which the browser reports a blocked script, style or frame."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: violations.append(f"script error: {error}"))
    return violations


def test_admin_and_rich_text_editor_work_under_the_admin_policy(
    page, live_server, admin_user, make_article, settings
):
    """Editors sign in, write, switch language tabs, save and upload: nothing is blocked."""
    settings.ROOT_URLCONF = "tests.browser.urls"  # serves the uploaded files
    article = make_article(title_uk="Стара новина")
    violations = watch_for_csp_violations(page)

    page.goto(live_server.url + reverse("admin:login"))
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill("password")
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()

    page.goto(live_server.url + reverse("admin:news_article_add"))
    page.locator("#id_title_uk").fill("Громади готуються до опалювального сезону")
    editor = page.locator(".ProseMirror:visible").first
    editor.click()
    page.keyboard.type("Перший абзац.")
    page.keyboard.press("Control+b")
    page.keyboard.type(" Важливо.")
    page.locator('[role=tab][aria-controls="tab_id_title_en"]').click()
    expect(page.locator("#id_title_en")).to_be_visible()
    page.locator("#id_title_en").fill("Hromadas prepare for the heating season")
    page.locator("#id_category + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("Под")
    page.locator(".select2-results__option", has_text="Події").click()
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert violations == []
    # Tiptap's own stylesheet (allowed by its hash) keeps spaces as typed, not as &nbsp;.
    saved = Article.objects.get(title_uk="Громади готуються до опалювального сезону")
    assert saved.body_uk == "<p>Перший абзац.<strong> Важливо.</strong></p>"

    # The editor's image window: upload with a description, then it offers the image.
    page.goto(live_server.url + reverse("admin:images_bodyimage_picker"))
    page.locator("#id_file").set_input_files(
        files=[{"name": "zustrich.jpg", "mimeType": "image/jpeg", "buffer": factories.jpeg()}]
    )
    page.locator("#id_alt").fill("Учасники зустрічі в залі громади")
    page.locator("input[type=submit]").click()
    expect(page.locator("[data-picker-chosen]")).to_be_visible()
    assert BodyImage.objects.get().alt == "Учасники зустрічі в залі громади"
    page.goto(live_server.url + reverse("admin:images_bodyimage_picker"))
    expect(page.locator(".picker-grid img")).to_be_visible()
    assert (
        page.locator(".picker-grid").evaluate("grid => getComputedStyle(grid).display") == "grid"
    )

    for url in [
        reverse("admin:news_article_changelist") + "?status__exact=published",
        reverse("admin:news_article_history", args=[article.pk]),
        reverse("admin:news_article_delete", args=[article.pk]),
        reverse("admin:auth_user_change", args=[admin_user.pk]),
        article.get_absolute_url(),
    ]:
        page.goto(live_server.url + url)
        expect(page.locator("h1").first).to_be_visible()

    assert violations == []
