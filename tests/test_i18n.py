import json
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/*.po"))


def test_both_catalogues_exist():
    """The site has a Ukrainian and an English message catalogue."""
    assert {(path.parts[-3], path.name) for path in CATALOGUES} >= {
        ("uk", "django.po"),
        ("en", "django.po"),
    }


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parts[-3]}-{p.stem}")
def test_catalogue_is_complete_and_compiled(path):
    """No UI string is shown untranslated, and the compiled .mo matches the .po."""
    po = polib.pofile(str(path))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    mo = polib.mofile(str(path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, f"{entry.msgid!r} is not compiled: run make messages"
        if entry.msgid_plural:
            # polib reads plural forms with int keys from .po and str keys from .mo
            assert [str(v) for _, v in sorted(entry.msgstr_plural.items())] == [
                str(v) for _, v in sorted(compiled[key][1].items())
            ]
        else:
            assert compiled[key][0] == entry.msgstr, entry.msgid


def test_admin_speaks_grammatical_ukrainian(admin_client):
    """Admin titles agree with any noun: «Новий запис (новина)», not «Додати новина»."""
    html = admin_client.get("/admin/news/article/add/").content.decode()
    assert "<title>Новий запис (новина)" in html
    assert "Додати новина" not in html
    changelist = admin_client.get("/admin/news/article/").content.decode()
    assert "Фільтр: статус" in changelist
    assert "За статус" not in changelist


@pytest.mark.parametrize(("count", "phrase"), [(1, "1 запис"), (3, "3 записи"), (5, "5 записів")])
def test_admin_counts_agree_with_the_number(admin_client, make_article, count, phrase):
    """A list's count agrees with its number, whatever the model: not «5 новини»."""
    for number in range(count):
        make_article(title_uk=f"Новина {number}")
    html = admin_client.get("/admin/news/article/").content.decode()
    assert re.search(rf"\b{phrase}\b", html)


# Words the admin may show as they are: names, codes and formats.
LATIN_ALLOWED = {"Django", "OGP Local", "URL", "RSS", "Atom", "CSV", "JSON", "PDF", "ID"}
TEXT = re.compile(r">\s*([A-Za-z][A-Za-z ,.'’-]*[a-z])\s*<")


SLUG_OR_DOMAIN = re.compile(r"[a-z0-9.-]+")


def latin_text(html):
    """The text between tags that is written in Latin letters (scripts and icons aside), but
    addresses: slugs and domains are data, not words."""
    html = re.sub(r"<(script|style|svg|textarea)\b.*?</\1>", "", html, flags=re.S)
    return {
        text
        for text in TEXT.findall(html)
        if text not in LATIN_ALLOWED and not SLUG_OR_DOMAIN.fullmatch(text)
    }


def test_every_admin_screen_is_in_ukrainian(admin_client, admin_user, make_article, make_tag):
    """Every list, add form, change form and history of every model registered in the admin,
    Django's and the apps' included, names things in Ukrainian (issue 10: the editors work in
    Ukrainian; the admin's own phrases are in amu_site/admin_phrases.py)."""
    from django.contrib import admin
    from django.urls import reverse

    from pages.models import Page

    make_article(tags=[make_tag("бюджет")])
    Page.objects.create(title_uk="Про АМУ", body_uk="<p>Текст.</p>", status="published")
    found = {}
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls = [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
        first = model._default_manager.first()
        if first is not None:
            urls += [reverse(f"{name}_change", args=[first.pk])]
            urls += [reverse(f"{name}_history", args=[first.pk])]
        for url in urls:
            response = admin_client.get(url)
            if response.status_code == 200:
                if english := latin_text(response.content.decode()) - {admin_user.username}:
                    found[url] = english
    assert found == {}


def test_sign_in_protection_admin_is_ukrainian(admin_client):
    """django-axes has no Ukrainian catalogue; the record of failed sign-ins is in Ukrainian
    all the same, on the admin's index and on its own lists."""
    from axes.models import AccessLog

    AccessLog.objects.create(
        user_agent="Mozilla/5.0", ip_address="127.0.0.1", username="editor", path_info="/admin/"
    )
    index = admin_client.get("/admin/").content.decode()
    for phrase in ("Захист входу", "Спроби входу", "Невдалі входи", "Журнал входів"):
        assert phrase in index
    assert "Access attempts" not in index
    logs = admin_client.get("/admin/axes/accesslog/").content.decode()
    for phrase in ("Час спроби", "Ім’я користувача", "IP-адреса", "Фільтр: час спроби"):
        assert phrase in logs
    assert "Attempt Time" not in logs


def test_admin_timezone_note_is_ukrainian(admin_client):
    """The date widgets' time-zone note is in Ukrainian, not English."""
    script = admin_client.get("/admin/jsi18n/").content.decode()
    assert json.dumps("час вводиться за часовим поясом")[1:-1] in script
