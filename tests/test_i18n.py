from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))


def test_both_catalogues_exist():
    """The site has a Ukrainian and an English message catalogue."""
    assert {path.parts[-3] for path in CATALOGUES} == {"uk", "en"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parts[-3])
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
