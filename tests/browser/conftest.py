"""Real-browser tests: pytest-playwright driving Debian's Chromium (no downloaded browser)."""

import os
import shutil
import threading

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread

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


class OneAppCallAtATimeServer(ThreadedWSGIServer):
    """The live server for an in-memory SQLite database, whose one connection all its threads
    share (that database exists only in it): requests still arrive on their own threads, but
    only one at a time runs the site. Two at once on the shared connection, say the category
    field's autocomplete and the admin's save, could leave both waiting for ever."""

    lock = threading.Lock()

    def set_app(self, application):
        def one_at_a_time(environ, start_response):
            with self.lock:
                return application(environ, start_response)

        super().set_app(one_at_a_time)

    def _close_connections(self):
        # After each request Django closes the thread's connections; this one is the test's
        # in-memory database, which SQLite never closes (that would destroy it). A thread that
        # a browser's keep-alive made outlive the server's sharing of it would only fail to.
        pass


@pytest.fixture(scope="session", autouse=True)
def _serialized_live_server_on_in_memory_sqlite(django_db_setup):
    """Once the test database exists, before pytest-django's session-wide live server starts
    (only browser tests use it)."""
    if not any(c.vendor == "sqlite" and c.is_in_memory_db() for c in connections.all()):
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", OneAppCallAtATimeServer)
        yield


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
