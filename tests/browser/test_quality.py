"""What a visitor with a screen reader, a keyboard or a cheap phone meets (issue 10).

Every public page type of tests/public_pages.py, in Ukrainian and English, is opened once at
360 px and once at 1280 px in one browser context; the survey records axe-core's violations
(WCAG 2.2 AA and best practices, with the target-size rule of 2.5.8 switched on), horizontal
scrolling at phone width and blocked content, and the tests below each judge one of them.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.public_pages import load_demo_site, public_pages

PHONE, DESKTOP = 360, 1280
WIDTHS = [PHONE, DESKTOP]

# axe's default rule set (WCAG 2.0–2.2 A/AA and best practices), plus the WCAG 2.2 AA
# rule it leaves off by default: targets of at least 24×24 px or enough space (2.5.8).
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}

# Elements wider than the viewport, by their position: what makes the page scroll sideways.
OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
}"""


@pytest.fixture(scope="module")
def survey(browser, live_server, django_db_setup, django_db_blocker, tmp_path_factory):
    """Opens every public page at both widths once; returns what each check needs.

    Module-scoped so the demo site loads once: the live server's tests are transactional
    and the first test's flush removes it afterwards (the results are kept here).
    """
    test_settings = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        PAGE_CACHE_SECONDS=0,
        ROOT_URLCONF="tests.browser.urls",  # serves the demo covers
    )
    results = {"axe": {}, "target-size": {}, "overflow": {}, "status": {}, "blocked": []}
    with test_settings, django_db_blocker.unblock():
        live_server._live_server_modified_settings.enable()
        cache.clear()
        try:
            load_demo_site()
            pages = public_pages()
            context = browser.new_context(locale="uk-UA", timezone_id="Europe/Kyiv")
            page = context.new_page()
            page.on(
                "console",
                lambda message: (
                    results["blocked"].append(f"{page.url}: {message.text}")
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            axe = Axe()
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                for public_page in pages:
                    key = f"{public_page.id} at {width} px"
                    response = page.goto(live_server.url + public_page.url)
                    results["status"][key] = (response.status, public_page.status)
                    found = axe.run(page, options=AXE_OPTIONS).response["violations"]
                    for name in ("axe", "target-size"):
                        problems = [
                            f"{violation['id']}: {violation['help']} — "
                            + "; ".join(node["html"][:120] for node in violation["nodes"][:3])
                            for violation in found
                            if (violation["id"] == "target-size") == (name == "target-size")
                        ]
                        if problems:
                            results[name][key] = problems
                    if width == PHONE:
                        wide = page.evaluate(OVERFLOW_SCRIPT)
                        if wide:
                            results["overflow"][key] = wide
            context.close()
        finally:
            live_server._live_server_modified_settings.disable()
            cache.clear()
            from django.core.management import call_command

            call_command("flush", interactive=False, verbosity=0)
    return results


def test_every_public_page_answers_as_expected(survey):
    """Each page type exists in both languages (the 404 page answers 404)."""
    assert {key: got for key, (got, expected) in survey["status"].items() if got != expected} == {}


def test_axe_finds_no_violations(survey):
    """Screen readers, contrast, landmarks, headings, names: axe finds nothing on any page."""
    assert survey["axe"] == {}


def test_tap_targets_are_large_enough(survey):
    """Every link and control is at least 24×24 px or has room around it (WCAG 2.5.8)."""
    assert survey["target-size"] == {}


def test_no_horizontal_scrolling_on_phones(survey):
    """At 360 px nothing sticks out sideways, so a phone reader never scrolls horizontally."""
    assert survey["overflow"] == {}


def test_nothing_is_blocked_by_the_content_security_policy(survey):
    """The pages' styles and scripts all run under their CSP."""
    assert survey["blocked"] == []


# --- Keyboard ----------------------------------------------------------------------------

FOCUS_SCRIPT = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  if (el.dataset.tabbed) return {again: true};
  el.dataset.tabbed = 'yes';
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {
    html: el.outerHTML.slice(0, 100),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
    visible: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0
      && rect.left < window.innerWidth,
  };
}"""


def tab_through(page, limit=80):
    """Presses Tab until focus comes round again; the focused elements, in order."""
    seen = []
    for _step in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_SCRIPT)
        if focus is None or focus.get("again"):
            break  # back to the browser's own UI, or round again
        seen.append(focus)
    return seen


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_skip_link_and_visible_focus(page, live_server, make_article, width):
    """Tab shows the skip link first, Enter jumps to the content, every focus is visible."""
    for number in range(13):  # one more than a page: the pagination shows
        make_article(title_uk=f"Громади звітують про бюджет {number}", featured=number < 3)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + reverse("news:list"))

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Перейти до основного вмісту")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] >= 24, "the skip link shows when focused"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")  # from the content on, not the menu again
    expect(page.get_by_role("main").get_by_role("link").first).to_be_focused()

    page.goto(live_server.url + reverse("news:list"))
    focused = tab_through(page)
    html = [focus["html"] for focus in focused]
    assert any('lang="en"' in element for element in html), "the language switcher"
    assert any('rel="next"' in element for element in html), "the pagination"
    assert [
        focus["html"]
        for focus in focused
        if not (focus["visible"] and (focus["outline"] or focus["shadow"]))
    ] == []


@pytest.mark.django_db(transaction=True)
def test_keyboard_filters_the_directory(page, live_server):
    """A keyboard user types a name in the directory's filter and sends it with Enter."""
    from django.core.management import call_command

    from partners.katottg import BUNDLED_FILE

    call_command("import_hromadas", str(BUNDLED_FILE), verbosity=0)
    page.goto(live_server.url + reverse("partners:municipality_list"))
    field = page.get_by_label("Назва або центр")
    for _step in range(40):
        page.keyboard.press("Tab")
        if field.evaluate("element => element === document.activeElement"):
            break
    expect(field).to_be_focused()
    page.keyboard.type("Вінниц")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("громад")
    expect(page.get_by_role("link", name="Вінницька міська громада")).to_be_visible()
