"""English page addresses (issue 26)."""

import pytest
from django.core.exceptions import ValidationError


def test_an_english_slug_that_is_taken_is_refused(make_page):
    """An editor's English slug that another page or a section owns gets a clear message."""
    make_page("Про АМУ", title_en="About AUC", body_en="<p>About.</p>")
    other = make_page("Інша", title_en="Other", body_en="<p>Other.</p>")
    for taken in ["about-auc", "news"]:
        other.slug_en = taken
        with pytest.raises(ValidationError) as error:
            other.full_clean()
        assert "slug_en" in error.value.message_dict


def test_subpages_follow_an_english_slug_above_them(client, make_page):
    """A new English slug of a section moves the English addresses of its subpages."""
    about = make_page("Про АМУ")
    statute = make_page("Статут", parent=about, title_en="Statute", body_en="<p>Aims.</p>")
    assert statute.path_en == "pro-amu/statute"  # the section has no English slug yet
    about.title_en, about.body_en = "About AUC", "<p>About.</p>"
    about.save()
    statute.refresh_from_db()
    assert statute.path_en == "about-auc/statute"
    assert client.get("/en/about-auc/statute/").status_code == 200
