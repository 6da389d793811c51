"""Every admin page an author or an editor can open, on the demo site, in Chromium.

The survey signs in as each role (never the superuser), opens the admin's home, every section
and list it links to, each list's first object with its history, the add forms and the
newsroom's own pages, and records what the tests below judge: English words in the Ukrainian
admin (text, tooltips, labels, buttons, the editor's toolbar), axe-core's serious and
critical violations, answers ≥ 400 and console errors.
"""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

from amu_site.roles import AUTHOR, EDITOR, sync_roles
from tests.public_pages import load_demo_site

# English that must not show in the Ukrainian admin: words of Django's and the editor's
# interface (matched as whole words, case-sensitive; content such as "OGP Local" is not).
ENGLISH = re.compile(
    r"\b(Search|Choose|Remove|After you|Can add|Can change|Can delete|Can view|Heading|"
    r"Paragraph|Add another|Show all|Select all|Filter|Today|Now|Yesterday|Tomorrow|Cancel|"
    r"Delete|Save|History|Change|View on site|Clear|Insert|Edit|Bold|Italic|Undo|Redo|"
    r"Upload|Browse|Title|Status|Draft|Published|Home|Log out|Welcome|Preview|Revision|"
    r"Document|Article|January|February|March|April|June|July|August|September|October|"
    r"November|December|unordered list|ordered list|blockquote|figure|remove link|"
    r"insert link|paragraph)\b"
)

# What the page says: its text, and the words it gives to assistive technology and tooltips.
# Icon-font ligatures ("format_bold") are glyph names, shown as icons and named by aria-label.
PAGE_WORDS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || parent.closest("script, style, template, .material-icons, textarea")) continue;
    if (parent.closest("[hidden]") || getComputedStyle(parent).display === "none") continue;
    if (node.textContent.trim()) texts.push(node.textContent.trim());
  }
  for (const element of document.querySelectorAll("[title], [aria-label], [placeholder], [alt]")) {
    for (const name of ["title", "aria-label", "placeholder", "alt"]) {
      const value = element.getAttribute(name);
      if (value) texts.push(value);
    }
  }
  for (const button of document.querySelectorAll("input[type=submit], input[type=button]")) {
    texts.push(button.value);
  }
  return texts;
}"""

SKIP = re.compile(r"/(logout|password_change/done|preview|jsi18n|delete)/|/autocomplete/")

# Demo data makes the walk long: one module-wide survey, judged by the tests below.
pytestmark = pytest.mark.timeout(900)


def next_pages(page, live_server, path):
    """Where the walk goes from here: from the home and section pages, every list and add
    form; from a list, its first object and its tools; from an object, its history."""
    if path == "/admin/" or re.fullmatch(r"/admin/\w+/", path):
        selector = "#content-main a[href]"
    elif re.fullmatch(r"/admin/\w+/\w+/", path):
        selector = ".object-tools a[href], #result_list tbody tr:first-child a[href]"
    elif re.fullmatch(r"/admin/\w+/\w+/\d+/change/", path):
        selector = ".object-tools a[href*='/history/'], .object-tools a[href*='/share/']"
    else:
        return []
    hrefs = page.eval_on_selector_all(selector, "links => links.map(a => a.getAttribute('href'))")
    found = []
    for href in hrefs:
        path = urlsplit(href).path
        if href.startswith(("/admin/", live_server.url + "/admin/")) and not SKIP.search(path):
            if "?" not in href or "status__exact=review" in href:
                found.append(href if href.startswith("/") else path)
    return found


@pytest.fixture(scope="module")
def survey(browser, live_server, django_db_setup, django_db_blocker, tmp_path_factory):
    """Walks the admin as each role once; returns {role: {problem kind: [...]}}."""
    test_settings = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        PAGE_CACHE_SECONDS=0,
        ROOT_URLCONF="tests.browser.urls",
    )
    results = {}
    with test_settings, django_db_blocker.unblock():
        live_server._live_server_modified_settings.enable()
        cache.clear()
        try:
            load_demo_site()
            sync_roles()
            from news.models import Article
            from pages.models import Document

            users = {}
            for username, role in [("olena", AUTHOR), ("taras", EDITOR)]:
                user = get_user_model().objects.create_user(
                    username, password="password", is_staff=True, first_name=username.title()
                )
                user.groups.add(Group.objects.get(name=role))
                users[role] = user
            # The author's own work: an article in review and a proposed document.
            article = Article.objects.order_by("pk").first()
            Article.objects.filter(pk=article.pk).update(author=users[AUTHOR], status="review")
            Document.objects.filter(pk=Document.objects.order_by("pk").first().pk).update(
                author=users[AUTHOR], status="review"
            )
            for role in (AUTHOR, EDITOR):
                results[role] = walk(browser, live_server, users[role].username)
        finally:
            live_server._live_server_modified_settings.disable()
            cache.clear()
            call_command("flush", interactive=False, verbosity=0)
    return results


def walk(browser, live_server, username):
    found = {"visited": [], "english": [], "axe": [], "status": [], "console": []}
    context = browser.new_context(locale="uk-UA", timezone_id="Europe/Kyiv")
    context.on(
        "response",
        lambda r: found["status"].append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page = context.new_page()
    page.on(
        "console",
        lambda m: found["console"].append(f"{page.url}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda error: found["console"].append(f"{page.url}: {error}"))
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("password")
    page.locator("input[type=submit]").click()

    axe = Axe()
    queue = ["/admin/", "/admin/password_change/", "/admin/news/article/coming-up/"]
    seen = set()
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(live_server.url + path)
        if response.status >= 400:
            continue  # recorded by the response listener
        page.wait_for_load_state("load")
        found["visited"].append(path)
        for text in page.evaluate(PAGE_WORDS):
            for match in ENGLISH.finditer(text):
                found["english"].append(f"{path}: «{match.group()}» in «{text[:80]}»")
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                nodes = "; ".join(node["html"][:100] for node in violation["nodes"][:3])
                found["axe"].append(f"{path}: {violation['id']} — {nodes}")
        queue += [link for link in next_pages(page, live_server, path) if link not in seen]
    context.close()
    return found


@pytest.mark.parametrize("role", [AUTHOR, EDITOR])
def test_every_admin_page_of_the_role_speaks_ukrainian(survey, role):
    """No English interface words on any admin page an author or an editor opens."""
    assert len(survey[role]["visited"]) > 10, survey[role]["visited"]
    english = survey[role]["english"]
    assert not english, "\n".join(english)


@pytest.mark.parametrize("role", [AUTHOR, EDITOR])
def test_admin_pages_of_the_role_have_no_serious_axe_violations(survey, role):
    """axe-core finds nothing serious or critical on the pages staff use every day."""
    axe = survey[role]["axe"]
    assert not axe, "\n".join(axe)


@pytest.mark.parametrize("role", [AUTHOR, EDITOR])
def test_admin_pages_of_the_role_answer_and_run_cleanly(survey, role):
    """Every page the role can reach answers below 400, with no console error."""
    problems = survey[role]["status"] + survey[role]["console"]
    assert not problems, "\n".join(problems)


def test_the_editor_reaches_the_editorial_screens(survey):
    """The survey really saw the editor's day: articles, documents, pages, images."""
    visited = set(survey[EDITOR]["visited"])
    for path in [
        "/admin/news/article/",
        "/admin/news/article/add/",
        "/admin/pages/document/",
        "/admin/pages/page/",
        "/admin/images/bodyimage/",
        "/admin/news/article/coming-up/",
    ]:
        assert path in visited
    assert any(re.fullmatch(r"/admin/news/article/\d+/history/", p) for p in visited)
