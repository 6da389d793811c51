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


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_skip_link_and_visible_focus(page, live_server, make_article, width):
    """Tab shows the skip link first, Enter jumps to the content, every focus is visible."""
    for number in range(12):  # enough for the pagination
        make_article(title_uk=f"Громади звітують про бюджет {number}", featured=number < 3)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + reverse("news:list"))

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Перейти до змісту")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] >= 24, "the skip link shows when focused"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.goto(live_server.url + reverse("news:list"))
    seen, invisible = [], []
    for _step in range(80):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_SCRIPT)
        if focus is None or focus.get("again"):
            break  # back to the browser's own UI, or round again
        seen.append(focus["html"])
        if not (focus["visible"] and (focus["outline"] or focus["shadow"])):
            invisible.append(focus["html"])
    assert len(seen) > 15, "the tab order reaches the menu, the cards, pagination and footer"
    assert invisible == []
