import pytest
from django.urls import reverse
from playwright.sync_api import expect

from news.models import Article

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
    page, live_server, admin_user, make_article
):
    """Editors sign in, write in the editor, switch language tabs and save: nothing is blocked."""
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
    page.locator('a[href="#tab_id_title_en"]').click()
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
