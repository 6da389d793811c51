"""Self-hosted analytics (issue 28): one setting adds the script and its CSP sources."""

import pytest
from django.urls import reverse

from tests.deploy.conftest import production_env, run_manage, settings_in
from tests.security.checks import parse

pytestmark = pytest.mark.django_db

ANALYTICS_SETTINGS = [
    "ANALYTICS_SCRIPT_URL",
    "ANALYTICS_SITE_ID",
    "SECURE_CSP",
    "SECURE_CSP_ADMIN",
]


def configured(settings, **env):
    """The settings module's analytics and CSP settings, as a container with env has them."""
    for name, value in settings_in(production_env(**env), *ANALYTICS_SETTINGS).items():
        setattr(settings, name, value)


def directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (item.split() for item in policy.split(";") if item.strip())
    }


def script_sources(response):
    return [
        attrs["src"]
        for attrs, _content in parse(response.content.decode()).scripts
        if "src" in attrs
    ]


def test_without_the_setting_nothing_is_loaded(client, make_article, settings):
    """By default a reader's browser loads no analytics and the CSP allows no other origin."""
    configured(settings)
    assert settings.ANALYTICS_SCRIPT_URL == ""
    for url in [reverse("news:home"), make_article().get_absolute_url()]:
        response = client.get(url)
        assert all(src.startswith("/static/") for src in script_sources(response))
        policy = directives(response)
        for directive in ("script-src", "connect-src", "img-src", "default-src"):
            assert not any("://" in source for source in policy[directive]), policy


def test_plausible_script_and_its_origin_are_added(client, admin_client, settings):
    """With Plausible's address set, every public page loads it and the CSP lets it report;
    the admin neither loads it nor allows it."""
    configured(
        settings,
        DJANGO_ANALYTICS_SCRIPT_URL="https://stats.example.org/js/script.js",
        DJANGO_ANALYTICS_SITE_ID="news.example.org",
    )
    response = client.get(reverse("news:home"))
    scripts = [attrs for attrs, _content in parse(response.content.decode()).scripts]
    assert {
        "src": "https://stats.example.org/js/script.js",
        "data-domain": "news.example.org",
        "defer": None,
    } in scripts
    policy = directives(response)
    for directive in ("script-src", "connect-src", "img-src"):
        assert "https://stats.example.org" in policy[directive]
    assert policy["default-src"] == ["'self'"]

    admin = admin_client.get(reverse("admin:index"))
    assert "stats.example.org" not in admin.content.decode()
    assert "stats.example.org" not in admin.headers["Content-Security-Policy"]


def test_matomo_is_set_up_without_cookies(client, settings):
    """Matomo gets its tracker address and site number from the site's own script, which
    turns its cookies off, before Matomo's script runs."""
    configured(
        settings,
        DJANGO_ANALYTICS_SCRIPT_URL="https://matomo.example.org/matomo.js",
        DJANGO_ANALYTICS_SITE_ID="3",
    )
    response = client.get(reverse("news:home"))
    scripts = [
        attrs for attrs, _content in parse(response.content.decode()).scripts if "src" in attrs
    ]
    assert scripts[:2] == [
        {
            "src": "/static/js/matomo.js",
            "data-tracker-url": "https://matomo.example.org/matomo.php",
            "data-site-id": "3",
            "defer": None,
        },
        {"src": "https://matomo.example.org/matomo.js", "data-domain": "3", "defer": None},
    ]
    with open(settings.BASE_DIR / "static/js/matomo.js", encoding="utf-8") as script:
        assert '_paq.push(["disableCookies"]);' in script.read()
    assert "https://matomo.example.org" in directives(response)["connect-src"]


def test_half_a_setting_stops_start_up():
    """A script address without the site (or no address at all) is a clear start-up error."""
    result = run_manage(
        "check",
        env=production_env(DJANGO_ANALYTICS_SCRIPT_URL="https://stats.example.org/js/script.js"),
    )
    assert result.returncode != 0
    assert "DJANGO_ANALYTICS_SITE_ID must be set" in result.stderr
