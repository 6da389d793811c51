import json
import logging
import sys

from amu_site.jsonlog import JSONFormatter
from news.text import lemmas

from .conftest import production_env, run_manage, settings_in


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
    )
    assert values["DEBUG"] is False
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
