"""Item 6 of the security issue: a researcher finds where to report a vulnerability."""

import pytest
from django.utils import timezone


def test_security_txt_names_the_contact(client, settings):
    """/.well-known/security.txt gives the contact and a future expiry date (RFC 9116)."""
    settings.SECURITY_CONTACT = ["mailto:security@example.org"]
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:security@example.org"
    expires = timezone.datetime.fromisoformat(fields["Expires"])
    assert expires > timezone.now() + timezone.timedelta(days=300)
    assert fields["Canonical"] == "http://testserver/.well-known/security.txt"


@pytest.mark.django_db
def test_no_security_txt_without_a_contact(client, settings):
    """Without a configured contact there is no file that points nowhere."""
    settings.SECURITY_CONTACT = []
    assert client.get("/.well-known/security.txt").status_code == 404
