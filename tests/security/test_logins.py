"""Item 2 of the security issue: failed logins, passwords, the admin's address."""

import os
import re
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "Hromada-Kyiv-2026"
HOME = "10.0.0.1"
ELSEWHERE = "192.0.2.7"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "redaktorka", password=PASSWORD, is_staff=True, is_superuser=True
    )


def sign_in(client, username, password, address):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def signed_in(response):
    return response.status_code == 302 and response.url == reverse("admin:index")


def same_page(response, username):
    """The page without what differs on every request anyway: nonce, CSRF token, the name."""
    html = response.content.decode().replace(username, "")
    return re.sub(r'(nonce|value)="[^"]*"', "", html)


def fail(client, username, address, times):
    for _ in range(times):
        assert sign_in(client, username, "wrong-password", address).status_code == 200


def test_five_failures_lock_the_name_from_that_address_only(client, editor, settings):
    """A password-guessing attacker is stopped; the editor still signs in from the office."""
    fail(client, "redaktorka", HOME, settings.AXES_FAILURE_LIMIT - 1)
    locked = sign_in(client, "redaktorka", "wrong-password", HOME)
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Забагато невдалих спроб входу" in html
    assert "15 хвилин" in html
    assert 'lang="uk"' in html
    # Even the right password does not get through from there...
    assert sign_in(client, "redaktorka", PASSWORD, HOME).status_code == 429
    # ...but the real user elsewhere is not locked out.
    assert signed_in(sign_in(client, "redaktorka", PASSWORD, ELSEWHERE))


def test_lock_ends_after_the_cool_off_time(client, editor, settings):
    """Fifteen minutes later the name can be used from that address again."""
    fail(client, "redaktorka", HOME, settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "redaktorka", "wrong-password", HOME).status_code == 429
    assert sign_in(client, "redaktorka", PASSWORD, HOME).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timezone.timedelta(seconds=1)
    )
    assert signed_in(sign_in(client, "redaktorka", PASSWORD, HOME))


def test_success_resets_the_count(client, editor, settings):
    """An editor who mistypes now and then is never locked out by old mistakes."""
    fail(client, "redaktorka", HOME, settings.AXES_FAILURE_LIMIT - 1)
    assert signed_in(sign_in(client, "redaktorka", PASSWORD, HOME))
    client.logout()
    fail(client, "redaktorka", HOME, settings.AXES_FAILURE_LIMIT - 1)
    assert signed_in(sign_in(client, "redaktorka", PASSWORD, HOME))


def test_unknown_name_and_wrong_password_get_the_same_answer(client, editor, settings):
    """An attacker cannot learn which names exist, neither from the form nor from the lock."""
    unknown = sign_in(client, "nikoho-nemaie", "wrong-password", HOME)
    wrong = sign_in(client, "redaktorka", "wrong-password", HOME)
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].errors == wrong.context["form"].errors
    assert "Будь ласка, введіть правильні" in unknown.content.decode()
    fail(client, "nikoho-nemaie", HOME, settings.AXES_FAILURE_LIMIT - 2)
    fail(client, "redaktorka", HOME, settings.AXES_FAILURE_LIMIT - 2)
    unknown = sign_in(client, "nikoho-nemaie", "wrong-password", HOME)
    wrong = sign_in(client, "redaktorka", "wrong-password", HOME)
    assert unknown.status_code == wrong.status_code == 429
    assert same_page(unknown, "nikoho-nemaie") == same_page(wrong, "redaktorka")


def test_an_address_trying_many_names_is_stopped(client, editor, settings):
    """Spraying one password over many names from one address ends at the address limit."""
    settings.AXES_ADDRESS_FAILURE_LIMIT = 12
    for number in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        assert sign_in(client, f"name{number}", "Vesna2026!", HOME).status_code == 200
    assert sign_in(client, "one-more-name", "Vesna2026!", HOME).status_code == 429
    assert sign_in(client, "redaktorka", PASSWORD, HOME).status_code == 429
    assert signed_in(sign_in(client, "redaktorka", PASSWORD, ELSEWHERE))


def test_forwarded_address_is_believed_only_from_a_trusted_proxy(client, editor, settings):
    """A forged X-Forwarded-For does not let an attacker escape the lock."""
    settings.TRUSTED_PROXIES = []
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": "redaktorka", "password": "wrong"},
            REMOTE_ADDR=HOME,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
    assert AccessAttempt.objects.get().ip_address == HOME
    assert sign_in(client, "redaktorka", PASSWORD, HOME).status_code == 429


@pytest.mark.parametrize(
    "password",
    ["Kyiv2026", "1234567890123", "password123", "redaktorka2026"],
    ids=["short", "numeric", "common", "like-the-name"],
)
def test_weak_passwords_are_refused(editor, password):
    """Short, numeric, common or name-like passwords are refused with a Ukrainian reason."""
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=editor)
    assert any("Пароль" in message or "пароль" in message for message in refused.value.messages)


def test_a_long_passphrase_is_accepted(editor):
    """A ten-character passphrase that is not common passes."""
    validate_password("Зелена-громада-над-Дніпром", user=editor)


def test_admin_address_comes_from_the_environment():
    """DJANGO_ADMIN_URL moves the admin; the old /admin/ address then leads nowhere."""
    code = (
        "import django; django.setup(); from django.urls import resolve, reverse, Resolver404\n"
        "print(reverse('admin:index'))\n"
        "try:\n    gone = 'admin' not in resolve('/admin/').namespaces\n"
        "except Resolver404:\n    gone = True\n"
        "print('gone' if gone else 'still there')"
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "amu_site.settings",
        "DJANGO_ADMIN_URL": "/redakciya-7f3a/",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["/redakciya-7f3a/", "gone"]
