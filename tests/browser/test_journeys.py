import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from news.models import Article

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_reads_an_article(page, live_server, make_article):
    """A visitor opens the home page, follows an article and reads its Ukrainian date."""
    make_article(
        title_uk="Тернопіль, Хмельницький і Вінниця — у мережі OGP Local",
        published_at=timezone.make_aware(timezone.datetime(2022, 6, 17, 14, 30)),
        featured=True,
    )
    page.goto(live_server.url + "/")
    expect(page).to_have_title(re.compile("Асоціація міст України"))
    page.get_by_role("link", name="Тернопіль, Хмельницький і Вінниця — у мережі OGP Local").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Тернопіль, Хмельницький і Вінниця — у мережі OGP Local"
    )
    expect(page.locator("article time").first).to_have_text("17 червня 2022")


def test_editor_writes_and_publishes(page, live_server, admin_user, category):
    """An editor writes in the rich-text editor, publishes, and finds it on the home page."""
    page.goto(live_server.url + "/admin/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill("password")
    page.locator("input[type=submit]").click()

    page.goto(live_server.url + "/admin/news/article/add/")
    page.locator("#id_title_uk").fill("Громади Поділля готуються до зими")
    page.locator("#id_lead_uk").fill("Короткий підсумок наради.")
    editor = page.locator(".ProseMirror:visible").first
    editor.click()
    page.keyboard.type("Перший абзац тексту новини.")
    page.locator("#id_category + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("Под")
    page.locator(".select2-results__option", has_text="Події").click()
    page.locator("#id_status").select_option("published")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    article = Article.objects.get(title_uk="Громади Поділля готуються до зими")
    assert article.body_uk == "<p>Перший абзац тексту новини.</p>"
    assert article.slug == "hromady-podillia-hotuiutsia-do-zymy"

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Громади Поділля готуються до зими").click()
    expect(page.locator(".article__body")).to_contain_text("Перший абзац тексту новини.")
