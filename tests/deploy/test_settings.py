import json
import logging
import socket
import subprocess
import sys

from amu_site.jsonlog import JSONFormatter
from editorial.text import lemmas

from .conftest import BASE_DIR, production_env, run_manage, settings_in


def test_check_deploy_passes_under_production_env():
    """`manage.py check --deploy` finds nothing to warn about in the production settings."""
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_hardened():
    """Cookies never travel over plain HTTP, HSTS is sent, static files are hashed."""
    values = settings_in(
        production_env(),
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "STORAGES",
        "LOG_FORMAT",
        "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_NAME",
        "SESSION_COOKIE_AGE",
        "SESSION_SAVE_EVERY_REQUEST",
    )
    assert values["DEBUG"] is False
    # __Host-: only over HTTPS, only for this host; no subdomain can plant one.
    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    # An idle staff session ends after a working day; every request renews it.
    assert values["SESSION_COOKIE_AGE"] <= 10 * 3600 and values["SESSION_SAVE_EVERY_REQUEST"]
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert (
        values["STORAGES"]["staticfiles"]["BACKEND"]
        == "amu_site.storage.CompressedManifestStorage"
    )
    assert values["LOG_FORMAT"] == "json"


def test_development_defaults_stay_plain():
    """A newcomer's `make run` needs no collectstatic and no HTTPS."""
    env = production_env(DJANGO_DEBUG="true")
    del env["DJANGO_SECRET_KEY"]
    values = settings_in(env, "SECURE_SSL_REDIRECT", "STORAGES", "LOG_FORMAT")
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["STORAGES"]["staticfiles"]["BACKEND"].endswith(".StaticFilesStorage")
    assert values["LOG_FORMAT"] == "text"


def test_missing_secret_key_stops_production_start_up():
    """A production container without a secret key refuses to start instead of running weak."""
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_s3_bucket_moves_media_to_object_storage():
    """Setting a bucket is all it takes to keep uploads on S3-compatible storage."""
    env = production_env(
        AWS_STORAGE_BUCKET_NAME="amu-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
    )
    storage = settings_in(env, "STORAGES")["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "amu-media"
    assert storage["OPTIONS"]["custom_domain"] == "media.example.org"
    assert storage["OPTIONS"]["querystring_auth"] is False


def test_log_lines_are_json_with_request_and_exception():
    """Operators can filter the logs by level, path and status in their log collector."""
    formatter = JSONFormatter()
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Server Error: %s",
            ("/x/",),
            sys.exc_info(),
        )
    record.status_code = 500
    line = json.loads(formatter.format(record))
    assert line["level"] == "ERROR"
    assert line["message"] == "Server Error: /x/"
    assert line["status"] == 500
    assert "ValueError: boom" in line["exception"]


def test_gunicorn_access_lines_become_fields():
    """Each request in gunicorn's access log is one JSON object with method, path, status."""
    atoms = {"h": "10.0.0.2", "m": "GET", "U": "/novyny/", "q": "", "s": "200", "D": "1500"}
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, "%(h)s", (atoms,), None
    )
    line = json.loads(JSONFormatter().format(record))
    assert line | {"time": None} == {
        "time": None,
        "level": "INFO",
        "logger": "gunicorn.access",
        "message": "request",
        "remote_addr": "10.0.0.2",
        "method": "GET",
        "path": "/novyny/",
        "status": 200,
        "duration_us": 1500,
    }


def test_access_log_names_the_visitor_not_the_front_server(monkeypatch):
    """Behind Caddy the log shows who made the request; a forged header changes nothing."""
    monkeypatch.setenv("DJANGO_TRUSTED_PROXIES", "172.30.89.10")
    formatter = JSONFormatter()

    def line(peer, forwarded_for):
        atoms = {"h": peer, "m": "GET", "U": "/", "s": "200", "{x-forwarded-for}i": forwarded_for}
        record = logging.LogRecord(
            "gunicorn.access", logging.INFO, __file__, 1, "%(h)s", (atoms,), None
        )
        return json.loads(formatter.format(record))

    proxied = line("172.30.89.10", "203.0.113.7")
    assert (proxied["remote_addr"], proxied["proxy_addr"]) == ("203.0.113.7", "172.30.89.10")
    direct = line("198.51.100.9", "203.0.113.7")
    assert direct["remote_addr"] == "198.51.100.9" and "proxy_addr" not in direct


def test_passing_health_probes_stay_out_of_the_access_log():
    """Caddy's probe every 2 s would bury the requests; a failing probe is still logged."""
    from amu_site.jsonlog import HealthProbeFilter

    def record(path, status):
        atoms = {"h": "172.30.89.10", "m": "GET", "U": path, "s": status}
        return logging.LogRecord(
            "gunicorn.access", logging.INFO, __file__, 1, "%(h)s", (atoms,), None
        )

    probes = HealthProbeFilter()
    assert not probes.filter(record("/healthz", "200"))
    assert probes.filter(record("/readyz", "503"))
    assert probes.filter(record("/novyny/", "200"))


def test_refused_requests_are_one_warning_line(client, capsys):
    """A scanner's forged requests cost one WARNING line each, never an ERROR with a trace."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)  # its handlers write to this test's stdout
    response = client.get("/poshuk/?q=%00")
    assert response.status_code == 400
    lines = [entry for entry in capsys.readouterr().out.splitlines() if "HostileInput" in entry]
    assert len(lines) == 1
    assert "WARNING" in lines[0] and "Traceback" not in lines[0]


def test_idle_staff_session_ends_after_a_working_day(editor_client, settings):
    """Working all day keeps the editor signed in; a night away signs them out."""
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from amu_site import settings as project

    settings.SESSION_COOKIE_AGE = project.SESSION_COOKIE_AGE
    editor_client.get("/admin/")  # the session is saved with this age from now on
    start = timezone.now()
    for hours in (4, 8, 12, 16):  # a request every four hours
        with time_machine.travel(start + timedelta(hours=hours), tick=False):
            assert editor_client.get("/admin/").status_code == 200, hours
    with time_machine.travel(start + timedelta(hours=16 + 10), tick=False):
        assert editor_client.get("/admin/").status_code == 302


def test_refused_next_address_after_login_leads_to_the_admin(client, django_user_model):
    """Staff who follow a login link with another site's `next` land in the admin, not a 404."""
    django_user_model.objects.create_superuser("olena", "olena@example.org", "довгий-пароль-1")
    response = client.post(
        "/admin/login/?next=https://evil.example/",
        {"username": "olena", "password": "довгий-пароль-1", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_gunicorn_opens_no_control_socket():
    """gunicorn 25+ would otherwise put a control socket into the app user's $HOME."""
    import runpy
    from pathlib import Path

    from django.conf import settings

    config = runpy.run_path(str(Path(settings.BASE_DIR) / "deploy" / "gunicorn.conf.py"))
    assert config["control_socket_disable"] is True


# Python's own way of saying a module is not installed (import raises ImportError).
WITHOUT_STORAGES = "import sys; sys.modules['storages'] = None; "


def test_missing_storage_backend_stops_start_up():
    """With a bucket set but django-storages absent, start-up fails saying so, instead of
    passing health checks and answering 500 on pages with pictures."""
    env = production_env(
        AWS_STORAGE_BUCKET_NAME="amu-media", DJANGO_SETTINGS_MODULE="amu_site.settings"
    )
    checked = subprocess.run(
        [
            sys.executable,
            "-c",
            WITHOUT_STORAGES + "from django.core.management import "
            "execute_from_command_line as run; run(['manage.py', 'check'])",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode != 0
    assert "amu_site.E001" in checked.stderr and "storages" in checked.stderr

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = subprocess.run(
        [
            sys.executable,
            "-c",
            WITHOUT_STORAGES + "from gunicorn.app.wsgiapp import run; "
            "sys.argv = ['gunicorn', '-c', 'deploy/gunicorn.conf.py', 'amu_site.wsgi']; run()",
        ],
        cwd=BASE_DIR,
        env=env | {"GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode != 0
    assert "amu_site.E001" in started.stdout + started.stderr


def test_gunicorn_master_warms_the_site_up_before_forking(monkeypatch):
    """A recycled worker finds the public templates compiled, both catalogues and both lemma
    dictionaries read in the master it was forked from, instead of spending its first requests
    on them (issue 13)."""
    import gc
    import runpy
    from pathlib import Path

    from django.conf import settings
    from django.forms.renderers import get_default_renderer
    from django.template import engines
    from django.template.loaders import filesystem
    from django.utils import translation
    from django.utils.translation import trans_real
    from simplemma.strategies.dictionaries import dictionary_factory

    config = runpy.run_path(str(Path(settings.BASE_DIR) / "deploy" / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    engine = engines["django"]
    for loader in [
        *engine.engine.template_loaders,
        *get_default_renderer().engine.engine.template_loaders,
    ]:
        if hasattr(loader, "reset"):
            loader.reset()
    monkeypatch.setattr(trans_real, "_translations", {})
    # Earlier tests may have read the dictionaries in this process.
    dictionary_factory.DEFAULT_DICTIONARY_FACTORY._get_dictionary.cache_clear()

    # The system checks it runs first are tested with the storage backends; here they
    # would only see what earlier tests did to the admin classes of this process.
    monkeypatch.setattr("django.core.checks.run_checks", lambda *args, **kwargs: [])
    config["when_ready"](server=None)

    assert frozen == [True]
    assert {"uk", "en"} <= set(trans_real._translations)

    def not_read_again(self, origin):
        raise AssertionError(f"{origin.template_name} read again")

    monkeypatch.setattr(filesystem.Loader, "get_contents", not_read_again)
    for name in ("news/article_detail.html", "includes/article_card.html", "base.html"):
        engine.get_template(name)
    # The directory's and search's filters, from the forms' own engine.
    for name in ("django/forms/widgets/select.html", "django/forms/widgets/checkbox.html"):
        get_default_renderer().get_template(name)
    with translation.override("en"):
        assert translation.gettext("News") == "News"

    def not_loaded_again(language):
        raise AssertionError(f"the {language} lemma dictionary read again")

    monkeypatch.setattr(dictionary_factory, "_load_dictionary_from_disk", not_loaded_again)
    assert lemmas("у Вінниці") == ["у", "вінниця"]
    assert lemmas("houses", "en") == ["house"]
