import pytest
from playwright.sync_api import expect

from news.models import Article
from tests.images import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_uploads_a_cover_and_the_visitor_sees_it(
    page, live_server, admin_user, category, settings
):
    """An editor adds a photo with its description; readers see it on the article page."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    settings.IMAGES_RENDITION_WIDTHS = (320, 640)
    page.goto(live_server.url + "/admin/login/?next=/admin/news/article/add/")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill("password")
    page.locator("input[type=submit]").click()

    page.locator("#id_title_uk").fill("Громади Полтавщини відкрили укриття")
    page.locator("#id_category + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("Под")
    page.locator(".select2-results__option", has_text="Події").click()
    page.locator("#id_cover_image").set_input_files(
        files=[{"name": "ukryttia.jpg", "mimeType": "image/jpeg", "buffer": factories.jpeg()}]
    )
    page.locator("#id_cover_alt_uk").fill("Нове укриття у школі: світлий коридор із лавами")
    page.locator("#id_status").select_option("published")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    article = Article.objects.get()
    page.goto(live_server.url + article.get_absolute_url())
    cover = page.get_by_role("img", name="Нове укриття у школі: світлий коридор із лавами")
    expect(cover).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=cover.element_handle()
    )
    assert cover.evaluate("img => img.currentSrc").endswith((".avif", ".webp"))
