"""The image's start-up sequence outside Docker, against the real PostgreSQL and Redis.

deploy/start.sh (migrate, collectstatic, compilemessages, gunicorn) runs with the
production environment on a fresh database; pages are fetched from that gunicorn. Its
database connection goes through a TCP forwarder that the tests cut and restore, as a
PostgreSQL restart or a network fault would.
"""

import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from .conftest import BASE_DIR, production_env, run_manage

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: set DATABASE_URL=postgres://… (CI runs it)",
)

START_TIMEOUT = 120  # collectstatic compresses ~900 files on a cold start
# Roughly .dockerignore: what `COPY . .` leaves out of the image.
NOT_IN_IMAGE = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".ruff_cache",
    ".pytest_cache",
    "__pycache__",
    "*.egg-info",
    "build",
    "staticfiles",
    "media",
    "backups",
    "db.sqlite3*",
    "test-results",
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stack_admin_dsn():
    settings_dict = connection.settings_dict
    return {
        "host": settings_dict["HOST"] or "127.0.0.1",
        "port": int(settings_dict["PORT"] or 5432),
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"] or "",
        "dbname": "postgres",
    }


class DatabaseLink:
    """A TCP forwarder between gunicorn and PostgreSQL that a test can cut and restore."""

    def __init__(self, target):
        self.target = target
        self.port = free_port()
        self.listener = None
        self.sockets = set()
        self.lock = threading.Lock()

    def up(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.listener.settimeout(0.2)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def down(self):
        """New connections are refused and open ones are cut, as if the server had died."""
        listener, self.listener = self.listener, None
        listener.close()
        with self.lock:
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self.sockets.clear()

    def _accept(self, listener):
        while self.listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            with self.lock:
                self.sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class Site:
    def __init__(self, base_url, log_path):
        self.base_url = base_url
        self.log_path = log_path

    def get(self, path, secure=True, headers=None):
        """(status, headers, body) of a GET as the front server would forward it."""
        request = urllib.request.Request(
            self.base_url + path,
            headers={"Host": "localhost", **({"X-Forwarded-Proto": "https"} if secure else {})}
            | (headers or {}),
        )
        opener = urllib.request.build_opener(NoRedirects)
        try:
            with opener.open(request, timeout=15) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def page(self, path):
        """The HTML of a page that must answer 200; anything else fails loudly."""
        status, _, body = self.get(path)
        text = body.decode(errors="replace")
        assert status == 200, f"GET {path} answered {status}:\n{text[:2000]}\n{self.log_tail()}"
        return text

    def log_tail(self, lines=40):
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    admin_dsn = stack_admin_dsn()
    host, port, user, password = (admin_dsn[key] for key in ("host", "port", "user", "password"))
    name = f"{connection.settings_dict['NAME']}_stack"[:63]
    with psycopg.connect(**admin_dsn, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')

    link = DatabaseLink((host, port))
    link.up()
    work = tmp_path_factory.mktemp("stack")
    web_port = free_port()
    credentials = quote(user) + (f":{quote(password)}" if password else "")
    env = production_env(
        DATABASE_URL=f"postgres://{credentials}@127.0.0.1:{link.port}/{name}",
        # The default STATIC_ROOT: on a developer's re-run only changed files are compressed.
        DJANGO_STATIC_ROOT=str(BASE_DIR / "staticfiles"),
        DJANGO_MEDIA_ROOT=str(work / "media"),
        DJANGO_DB_CONNECT_TIMEOUT="2",
        GUNICORN_BIND=f"127.0.0.1:{web_port}",
        WEB_CONCURRENCY="2",
    )
    env.pop("REDIS_URL", None)
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    # A copy laid out like the image's /app: compilemessages writes .mo files where it runs,
    # and the working tree must stay as it was.
    app = work / "app"
    shutil.copytree(BASE_DIR, app, ignore=NOT_IN_IMAGE, symlinks=True)
    log_path = work / "web.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            ["deploy/start.sh"], cwd=app, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    site = Site(f"http://127.0.0.1:{web_port}", log_path)
    site.env, site.link, site.database = env, link, name
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, f"deploy/start.sh exited:\n{site.log_tail(80)}"
            try:
                if site.get("/healthz", secure=False)[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"gunicorn did not start:\n{site.log_tail(80)}"
            time.sleep(0.5)
        demo = run_manage("load_demo_content", env=env)
        assert demo.returncode == 0, demo.stdout + demo.stderr
        yield site
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        link.down()
        with psycopg.connect(**admin_dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def article_paths(html):
    return re.findall(r'href="(/novyny/(?!rubryka/|tema/)[^"/]+/)"', html)


def test_start_up_sequence_serves_the_site(stack):
    """After `docker compose up` the site, its English edition and its assets all answer."""
    home = stack.page("/")
    news = stack.page("/novyny/")
    assert "<h1" in home and "<h1" in news
    article = article_paths(news)[0]
    assert "<h1" in stack.page(article)
    assert 'lang="en"' in stack.page("/en/")

    status, headers, body = stack.get("/readyz", secure=False)
    assert status == 200, body
    assert json.loads(body) == {"status": "ok", "database": "ok", "cache": "ok", "media": "ok"}

    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home)
    assert stylesheet, "the page links the hashed stylesheet"
    status, headers, _ = stack.get(stylesheet.group(1), headers={"Accept-Encoding": "br"})
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    assert "immutable" in headers["Cache-Control"]


def test_plain_http_is_redirected_and_secure_responses_carry_hsts(stack):
    """Visitors on http:// are sent to https://, and browsers are told to stay there."""
    status, headers, _ = stack.get("/novyny/", secure=False)
    assert status == 301
    assert headers["Location"] == "https://localhost/novyny/"
    status, headers, _ = stack.get("/novyny/")
    assert status == 200
    assert "max-age=31536000" in headers["Strict-Transport-Security"]


def test_logs_are_json_lines(stack):
    """Every line the start-up sequence, gunicorn and Django write is a JSON object."""
    stack.page("/")
    lines = [line for line in stack.log_path.read_text().splitlines() if line.startswith("{")]
    requests = [json.loads(line) for line in lines if '"gunicorn.access"' in line]
    assert any(entry["path"] == "/" and entry["status"] == 200 for entry in requests)
    # From the first line: `manage.py release` (migrations, directory) logs JSON too.
    text = stack.log_path.read_text()
    assert '"logger": "amu_site.release"' in text
    for line in text.splitlines():
        json.loads(line)


def test_database_outage_is_503_and_the_site_recovers_by_itself(stack):
    """While PostgreSQL is unreachable readers get a Ukrainian 503; afterwards pages return."""
    stack.page("/novyny/")
    stack.link.down()
    try:
        # A page in the page cache is still served; one that must be rendered is a 503.
        assert stack.get("/novyny/")[0] == 200
        for path in ("/", "/novyny/", "/en/"):
            status, headers, body = stack.get(uncached(path))
            html = body.decode()
            assert status == 503, f"{path}: {status}\n{html[:1000]}"
            assert headers["Retry-After"] == "30"
            assert "Traceback" not in html
        assert "Сайт тимчасово недоступний" in stack.get(uncached("/"))[2].decode()
        status, _, body = stack.get("/readyz", secure=False)
        assert status == 503
        assert json.loads(body)["database"].startswith("error")
        assert stack.get("/healthz", secure=False)[0] == 200
    finally:
        stack.link.up()
    # Both workers: every request after the database is back succeeds, with no restart.
    for _ in range(4):
        stack.page(uncached("/novyny/"))
    assert stack.get("/readyz", secure=False)[0] == 200


def test_terminated_database_connections_are_replaced(stack):
    """A PostgreSQL restart that kills the site's connections goes unnoticed by readers."""
    for _ in range(4):
        stack.page(uncached("/novyny/"))
    with psycopg.connect(**stack_admin_dsn(), autocommit=True) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s",
            [stack.database],
        ).fetchone()[0]
    assert killed >= 1
    for _ in range(4):
        stack.page(uncached("/novyny/"))


_uncached = itertools.count()


def uncached(path):
    """A search in path's language that no request had before: the page cache must render it
    (the query is part of a search's key; a parameter no view reads is not)."""
    search = "/en/search/" if path.startswith("/en/") else "/poshuk/"
    return f"{search}?q=uncached{next(_uncached)}"


def test_public_pages_come_from_the_cache_and_revalidate(stack):
    """A spike on a page is served from the shared cache; browsers revalidate with a 304."""
    states = set()
    for _ in range(10):
        status, headers, _ = stack.get("/novyny/")
        assert status == 200
        states.add(headers["X-Page-Cache"])
    assert "hit" in states
    status, _, body = stack.get("/novyny/", headers={"If-None-Match": headers["ETag"]})
    assert status == 304
    assert body == b""
