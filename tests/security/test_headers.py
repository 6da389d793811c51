"""Item 1 of the security issue: response headers and cookies, as production sends them."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.deploy.conftest import production_env, settings_in
from tests.security.checks import csp_nonce, parse, scripts_without_nonce

pytestmark = pytest.mark.django_db

SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SAMESITE",
]


@pytest.fixture(scope="module")
def production_settings():
    """The security settings the settings module computes with DEBUG off."""
    return settings_in(production_env(), *SECURITY_SETTINGS)


@pytest.fixture
def production(settings, production_settings):
    for name, value in production_settings.items():
        if name != "DEBUG":
            setattr(settings, name, value)
    return settings


def directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (item.split() for item in policy.split(";") if item.strip())
    }


def test_production_turns_on_hsts_and_secure_cookies(production_settings):
    """Browsers keep to HTTPS for a year and never send the session over plain HTTP."""
    assert production_settings["DEBUG"] is False
    assert production_settings["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    for cookie in ("SESSION", "CSRF", "LANGUAGE"):
        assert production_settings[f"{cookie}_COOKIE_SECURE"] is True
        assert production_settings[f"{cookie}_COOKIE_HTTPONLY"] is True
        assert production_settings[f"{cookie}_COOKIE_SAMESITE"] in ("Lax", "Strict")


@pytest.mark.parametrize("where", ["public", "admin"])
def test_every_security_header(client, production, make_article, where):
    """A public page and an admin page carry the whole set of security headers."""
    article = make_article()
    url = article.get_absolute_url() if where == "public" else reverse("admin:login")
    response = client.get(url, secure=True)
    assert response.status_code == 200
    headers = response.headers
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    permissions = dict(
        item.strip().split("=", 1) for item in headers["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert permissions[feature] == "()"

    policy = directives(response)
    nonce = csp_nonce(response)
    assert policy["default-src"] == ["'self'"]
    with_nonce = [f"'nonce-{nonce}'"] if nonce else []
    assert policy["script-src"] == ["'self'", *with_nonce]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert "'unsafe-eval'" not in " ".join(sum(policy.values(), []))
    if where == "admin":
        assert nonce, "the admin's scripts carry the nonce"
        assert policy["style-src"] == [
            "'self'",
            *with_nonce,
            django_settings.PROSE_EDITOR_STYLE_HASH,
        ]
    else:
        assert policy["style-src"] == ["'self'", *with_nonce]


def test_cookies_are_secure_httponly_samesite(client, production, admin_user):
    """The session, CSRF and language cookies never travel over HTTP nor reach scripts."""
    client.get(reverse("admin:login"), secure=True)
    client.post(
        reverse("admin:login"),
        {"username": "admin", "password": "password"},
        secure=True,
    )
    client.post(reverse("set_language"), {"language": "en", "next": "/"}, secure=True)
    for name in ("csrftoken", "sessionid", "django_language"):
        cookie = client.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name


def test_public_inline_scripts_carry_the_request_nonce(client, make_article, make_tag):
    """A script injected into a page cannot run: every script must show this request's nonce."""
    tag = make_tag()
    article = make_article(tags=[tag])
    pages = ["/", "/novyny/", article.get_absolute_url(), tag.get_absolute_url(), "/en/"]
    pages.append(article.category.get_absolute_url())
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        nonce = csp_nonce(response)
        assert scripts_without_nonce(response.content.decode(), nonce) == [], url


def test_admin_scripts_and_import_map_carry_the_nonce(admin_client, make_article):
    """The admin and the editor run under a nonce policy: all their scripts carry it."""
    article = make_article()
    response = admin_client.get(reverse("admin:news_article_change", args=[article.pk]))
    html = response.content.decode()
    scripts = parse(html).scripts
    assert any(attrs.get("type") == "importmap" for attrs, _content in scripts)
    assert len(scripts) > 5
    assert scripts_without_nonce(html, csp_nonce(response)) == []
    again = admin_client.get(reverse("admin:news_article_change", args=[article.pk]))
    assert csp_nonce(again) != csp_nonce(response), "a new nonce for every request"


def test_static_files_and_media_on_a_cdn_are_allowed(make_article):
    """With static files on a CDN and media in object storage, pages still load them."""
    values = settings_in(
        production_env(
            DJANGO_STATIC_URL="https://cdn.example.org/static/",
            AWS_STORAGE_BUCKET_NAME="amu-media",
            AWS_S3_CUSTOM_DOMAIN="media.example.org",
        ),
        "SECURE_CSP",
        "SECURE_CSP_ADMIN",
    )
    for policy in values.values():
        for directive in ("script-src", "style-src", "img-src", "font-src"):
            assert "https://cdn.example.org" in policy[directive]
        assert "https://media.example.org" in policy["img-src"]
        assert policy["object-src"] == ["'none'"]
