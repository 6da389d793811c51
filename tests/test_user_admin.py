import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_adding_a_colleague_speaks_ukrainian(admin_client, author):
    """The administrator's user screens name permissions and steps in Ukrainian."""
    add = admin_client.get(reverse("admin:auth_user_add")).content.decode()
    assert "Коли користувача створено" in add and "After you" not in add
    change = admin_client.get(reverse("admin:auth_user_change", args=[author.pk]))
    html = change.content.decode()
    assert "Новини | Новина | Може додавати" in html
    assert "Сторінки, меню й документи | Документ | Може публікувати" in html
    assert not re.search(r"\bCan (add|change|delete|view)\b", html)
