"""A gallery in an article, on a phone (issue 28): the keyboard opens a thumbnail large in a
dialog, arrows move between the photos, Escape closes it and the focus goes back."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from images.models import BodyImage
from tests.browser.test_quality import AXE_OPTIONS, PHONE
from tests.images import factories

pytestmark = pytest.mark.django_db(transaction=True)

PHOTOS = [
    ("Зала форуму перед відкриттям", "Зала перед відкриттям. Фото: Олена Коваль"),
    ("Учасники обговорюють бюджет за столом", "Обговорення бюджету"),
]


@pytest.fixture
def article(make_article, settings, tmp_path):
    settings.ROOT_URLCONF = "tests.browser.urls"  # serves the uploaded photos
    settings.MEDIA_ROOT = tmp_path
    settings.IMAGES_RENDITION_WIDTHS = (320, 640)
    figures = ""
    for number, (alt, caption) in enumerate(PHOTOS):
        image = BodyImage(alt=alt)
        image.file.save(f"forum-{number}.jpg", ContentFile(factories.jpeg((1200, 800))))
        figures += (
            f'<figure><img src="{image.file.url}" alt="{alt}">'
            f"<figcaption>{caption}</figcaption></figure>"
        )
    return make_article(body_uk="<p>Як минув форум громад.</p>" + figures)


def test_keyboard_opens_a_photo_large_and_escape_returns(page, live_server, article):
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(live_server.url + article.get_absolute_url(), wait_until="networkidle")
    thumbnails = page.locator(".gallery__link")
    expect(thumbnails).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert [violation["id"] for violation in violations] == []

    page.keyboard.press("Tab")
    for _ in range(80):  # to the first thumbnail with the keyboard
        if page.evaluate("document.activeElement.classList.contains('gallery__link')"):
            break
        page.keyboard.press("Tab")
    expect(thumbnails.first).to_be_focused()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Фотогалерея")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Закрити")).to_be_focused()
    large = dialog.get_by_role("img", name=PHOTOS[0][0])
    expect(large).to_have_attribute("src", thumbnails.first.get_attribute("href"))
    page.wait_for_function("document.querySelector('.gallery__large').naturalWidth === 640")
    expect(dialog).to_contain_text("Фото: Олена Коваль")
    assert page.url == live_server.url + article.get_absolute_url()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    # The open modal dialog: the page behind it is inert and dimmed by the backdrop, where
    # axe would judge the contrast of text nobody can reach (the page passed above).
    violations = Axe().run(page, context=".gallery__dialog", options=AXE_OPTIONS)
    assert [violation["id"] for violation in violations.response["violations"]] == []

    page.keyboard.press("ArrowRight")
    expect(dialog.get_by_role("img", name=PHOTOS[1][0])).to_be_visible()
    expect(dialog).to_contain_text("Обговорення бюджету")
    dialog.get_by_role("button", name="Попереднє фото").click()
    expect(dialog.get_by_role("img", name=PHOTOS[0][0])).to_be_visible()

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(thumbnails.first).to_be_focused()


def test_without_javascript_a_thumbnail_opens_the_large_photo(browser, live_server, article):
    context = browser.new_context(java_script_enabled=False, locale="uk-UA")
    page = context.new_page()
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(live_server.url + article.get_absolute_url())
    href = page.locator(".gallery__link").first.get_attribute("href")
    page.get_by_role("link", name=PHOTOS[0][0]).click()
    page.wait_for_url(live_server.url + href)
    context.close()


SWIPE = """([fromX, toX]) => {
    const view = document.querySelector('.gallery__dialog[open] .gallery__view');
    const touch = (x) => new Touch({identifier: 1, target: view, clientX: x, clientY: 300});
    view.dispatchEvent(new TouchEvent('touchstart', {bubbles: true, touches: [touch(fromX)],
        changedTouches: [touch(fromX)]}));
    view.dispatchEvent(new TouchEvent('touchend', {bubbles: true, touches: [],
        changedTouches: [touch(toX)]}));
}"""


def test_a_swipe_moves_between_photos_on_a_phone(browser, live_server, article):
    context = browser.new_context(viewport={"width": PHONE, "height": 800}, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url(), wait_until="networkidle")
    page.locator(".gallery__link").first.tap()
    dialog = page.get_by_role("dialog", name="Фотогалерея")
    expect(dialog.get_by_role("img", name=PHOTOS[0][0])).to_be_visible()
    page.evaluate(SWIPE, [300, 100])  # to the left: the next photo
    expect(dialog.get_by_role("img", name=PHOTOS[1][0])).to_be_visible()
    expect(dialog).to_contain_text("2 / 2")
    page.evaluate(SWIPE, [100, 130])  # too short: a tap, nothing moves
    expect(dialog).to_contain_text("2 / 2")
    page.evaluate(SWIPE, [100, 300])  # to the right: the previous photo
    expect(dialog.get_by_role("img", name=PHOTOS[0][0])).to_be_visible()
    context.close()
