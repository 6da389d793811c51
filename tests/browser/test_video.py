"""A video in an article, on a phone (issue 28): nothing comes from the video's host until
the reader presses play; then the privacy-enhanced player takes the poster's place."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_quality import AXE_OPTIONS, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

YOUTUBE_ID = "dQw4w9WgXcQ"
TITLE = "Форум громад 2026: відкриття"
VIDEO_HOSTS = ("youtube", "youtu.be", "ytimg", "vimeo", "facebook", "fbcdn", "ggpht")


@pytest.fixture
def article(make_article):
    return make_article(
        body_uk="<p>Запис відкриття форуму.</p>"
        f'<p><a href="https://youtu.be/{YOUTUBE_ID}">{TITLE}</a></p>'
        "<p>https://vimeo.com/76979871</p>"
    )


@pytest.fixture
def phone(page, live_server):
    """The page at 360 px, recording every request; nothing leaves this machine (requests
    to other hosts are answered here or refused, and still recorded)."""
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))

    def stay_local(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            route.fulfill(status=200, content_type="text/html", body="<title>host</title>")

    page.context.route("**/*", stay_local)
    return page


def to_video_hosts(requests):
    return [url for url in requests if any(h in urlsplit(url).netloc for h in VIDEO_HOSTS)]


def test_player_loads_only_when_the_reader_presses_play(phone, live_server, article):
    """Reading the article asks nothing of YouTube or Vimeo; pressing the poster puts the
    youtube-nocookie player, named by the video's title, in its place."""
    phone.goto(live_server.url + article.get_absolute_url(), wait_until="networkidle")
    poster = phone.get_by_role("link", name=TITLE)
    expect(poster).to_be_visible()
    expect(phone.get_by_role("link", name="Відео на Vimeo")).to_be_visible()
    assert len(phone.requests) > 1, "the page, its stylesheet and script were recorded"
    assert to_video_hosts(phone.requests) == []

    poster.click()
    player = phone.locator("iframe.video__player")
    expect(player).to_have_attribute(
        "src", f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1"
    )
    expect(player).to_have_attribute("title", TITLE)
    expect(player).to_be_focused()
    assert phone.url == live_server.url + article.get_absolute_url()
    expect(phone.get_by_role("link", name="Відео на Vimeo")).to_be_visible()
    phone.wait_for_load_state("networkidle")
    assert {urlsplit(url).netloc for url in to_video_hosts(phone.requests)} == {
        "www.youtube-nocookie.com"
    }
    # The player fits the phone's width, 16:9.
    box = player.bounding_box()
    assert box["width"] <= PHONE and abs(box["width"] / box["height"] - 16 / 9) < 0.05


def test_without_javascript_the_poster_opens_the_video_on_its_host(browser, live_server, article):
    """With scripts off the poster is a plain link to the video's page on YouTube."""
    context = browser.new_context(java_script_enabled=False, locale="uk-UA")
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else route.fulfill(status=200, content_type="text/html", body="<title>YouTube</title>")
        ),
    )
    page = context.new_page()
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"https://www.youtube.com/watch?v={YOUTUBE_ID}")
    context.close()


def test_article_with_a_video_has_no_accessibility_violations(phone, live_server, article):
    """Screen readers and keyboards meet the poster as a named link; axe finds nothing."""
    phone.goto(live_server.url + article.get_absolute_url())
    expect(phone.locator(".video__link")).to_have_count(2)
    violations = Axe().run(phone, options=AXE_OPTIONS).response["violations"]
    assert [violation["id"] for violation in violations] == []
    phone.keyboard.press("Tab")
    for _ in range(60):  # to the poster with the keyboard, and play it with Enter
        if phone.evaluate("document.activeElement.classList.contains('video__link')"):
            break
        phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")
    expect(phone.locator("iframe.video__player")).to_have_count(1)


def test_author_adds_a_video_in_the_editor_and_readers_get_a_poster(
    browser, live_server, make_staff, category, settings
):
    """An author links a video's title in the editor and gives another video an uploaded
    poster with a linked caption; after the save and a second edit both are posters."""
    from news.models import Article
    from tests.browser.test_staff_day import autocomplete, menu_button, sign_in
    from tests.images import factories

    settings.ROOT_URLCONF = "tests.browser.urls"  # serves the uploaded poster
    make_staff("author", "olena")
    context, author, watch = sign_in(browser, live_server, "olena")
    author.goto(live_server.url + "/admin/news/article/add/")
    author.locator("#id_title_uk").fill("Запис форуму громад")
    autocomplete(author, "category", "Под", "Події")
    author.locator(".ProseMirror:visible").first.click()
    author.keyboard.type(TITLE)
    author.keyboard.press("Enter")
    menu_button(author, "Зображення").click()
    with context.expect_page() as picker_window:
        author.locator("dialog[open]").get_by_role(
            "button", name="Завантажити або вибрати…"
        ).click()
    picker = picker_window.value
    picker.locator("#id_file").set_input_files(
        files=[{"name": "hall.jpg", "mimeType": "image/jpeg", "buffer": factories.jpeg()}]
    )
    picker.locator("#id_alt").fill("Зала форуму")
    picker.locator("#id_caption").fill("Форум, день другий")
    picker.locator("input[type=submit]").click()
    author.locator("dialog[open]").get_by_role("button", name="Вставити").click()
    caption = author.locator(".ProseMirror:visible figcaption")
    expect(caption).to_have_text("Форум, день другий")

    for text, address in [
        (TITLE, f"https://www.youtube.com/watch?v={YOUTUBE_ID}"),
        ("Форум, день другий", "https://vimeo.com/76979871"),
    ]:
        author.locator(".ProseMirror:visible").get_by_text(text).click(click_count=3)
        author.wait_for_function(
            "text => window.getSelection().toString().includes(text)", arg=text
        )
        menu_button(author, "Посилання").click()
        author.locator("dialog[open]").get_by_label("Адреса").fill(address)
        author.locator("dialog[open]").get_by_role("button", name="Готово").click()
        expect(author.locator("dialog[open]")).to_have_count(0)
        expect(author.locator(f".ProseMirror:visible a[href='{address}']")).to_have_text(text)
    author.locator("input[name=_continue]").click()
    expect(author.locator(".messagelist .success")).to_be_visible()
    # Opened and saved again: the editor keeps what it wrote.
    author.locator("input[name=_save]").click()
    expect(author.locator(".messagelist .success")).to_be_visible()
    assert watch.problems == []
    context.close()

    article = Article.objects.get()
    Article.objects.filter(pk=article.pk).update(status="published", published_at=timezone.now())
    reader = browser.new_page()
    reader.goto(live_server.url + article.get_absolute_url())
    expect(reader.locator(".video__link")).to_have_count(2)
    expect(reader.get_by_role("link", name=TITLE)).to_have_attribute(
        "href", f"https://www.youtube.com/watch?v={YOUTUBE_ID}"
    )
    vimeo = reader.get_by_role("link", name="Форум, день другий")
    expect(vimeo).to_have_attribute("href", "https://vimeo.com/76979871")
    expect(vimeo.locator("picture img")).to_have_attribute("alt", "")
    reader.close()
