import ipaddress

import pytest
from django.db import OperationalError, connection

from news.views import HomeView

pytestmark = pytest.mark.django_db


def test_healthz_answers_probes_by_ip_over_http(client, settings):
    """The orchestrator's plain-HTTP probe by IP address sees a live process, never a redirect."""
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_reports_database_and_cache(client):
    """The orchestrator sends traffic once the database and the cache both answer."""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "media": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_says_degraded_when_the_cache_is_unreachable(client, settings):
    """A replica whose Redis is gone still serves every page from the database: it stays in
    rotation, and the probe says it is degraded."""
    settings.CACHES = {
        "default": {
            "BACKEND": "pagecache.TolerantRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"].startswith("degraded")
    assert response.json()["database"] == "ok"


def test_readyz_is_503_when_the_database_fails(client, monkeypatch):
    """A replica that cannot reach PostgreSQL is taken out of rotation."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "error: OperationalError",
        "cache": "ok",
        "media": "ok",
    }


def test_readyz_is_503_when_uploads_cannot_be_stored(client, settings, tmp_path):
    """A replica whose media directory takes no file is taken out of rotation."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"  # as unwritable as it gets, even for root
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["media"].startswith("error")
    assert response.json()["database"] == "ok"


def test_forwarded_proto_is_believed_only_from_the_front_server(client, settings):
    """Nobody but the front server can make the site think a plain-HTTP request was HTTPS."""
    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("172.30.89.10/32")]
    spoofed = client.get("/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="203.0.113.7")
    assert spoofed.status_code == 301
    assert spoofed["Location"].startswith("https://")
    proxied = client.get("/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="172.30.89.10")
    assert proxied.status_code == 200


def database_down(*args, **kwargs):
    raise OperationalError("could not connect to server: Connection refused")


def test_database_outage_in_a_view_is_a_ukrainian_503(client, monkeypatch):
    """Readers see a calm Ukrainian «try again» page with Retry-After, not an error."""
    monkeypatch.setattr(HomeView, "get_context_data", database_down)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert '<html lang="uk">' in html
    assert "Сайт тимчасово недоступний" in html
    assert "Traceback" not in html and "OperationalError" not in html


class FailingMiddleware:
    """Stands for any middleware that touches the database (sessions, a site menu)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        database_down()


def test_database_outage_outside_a_view_is_still_503(client, settings):
    """A database error raised in middleware reaches handler500 and still becomes a 503."""
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.FailingMiddleware"]
    client.raise_request_exception = False
    response = client.get("/en/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "The site is temporarily unavailable" in response.content.decode()


def test_other_server_errors_stay_500(client, settings, monkeypatch):
    """Only a database outage is a 503; a programming error is still reported as a 500."""

    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(HomeView, "get_context_data", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
