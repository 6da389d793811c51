"""Real-browser tests: pytest-playwright driving Debian's Chromium (no downloaded browser)."""

import os
import shutil

import pytest

# Playwright runs an event loop in the test thread; Django's ORM calls from the test
# body are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "uk-UA", "timezone_id": "Europe/Kyiv"}


@pytest.fixture(autouse=True)
def _no_csp_violations(request):
    """Every browser test also proves the pages it visits run under their CSP untouched."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations = []

    def watch(target):
        target.on(
            "console",
            lambda message: (
                violations.append(f"{target.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )

    watch(page)
    page.context.on("page", watch)  # windows the page opens, e.g. the image picker
    yield
    assert violations == [], "blocked by the Content-Security-Policy"
