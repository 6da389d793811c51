"""The page cache (pagecache/) and the directory: a change shows at once."""

import pytest
from django.core.management import call_command

from partners.katottg import BUNDLED_FILE


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_renamed_hromada_shows_in_the_directory_and_on_its_page(client, make_municipality):
    """An editor's correction of a hromada's name is what visitors see next."""
    hromada = make_municipality("Збаразька")
    directory = "/hromady/"
    assert "Збаразька" in text(client, directory)
    assert client.get(directory)["X-Page-Cache"] == "hit"
    hromada.name_uk = "Зборівська"
    hromada.save()
    assert "Зборівська" in text(client, directory)
    assert "Зборівська" in text(client, hromada.get_absolute_url())


def test_a_new_membership_shows_on_the_initiative_and_the_hromada(
    client, initiative, make_municipality, join
):
    """A hromada joining OGP Local appears among the members and on its own page."""
    hromada = make_municipality("Хмельницька")
    assert "Хмельницька" not in text(client, initiative.get_absolute_url())
    assert "OGP Local" not in text(client, hromada.get_absolute_url())
    join(initiative, hromada)
    assert "Хмельницька" in text(client, initiative.get_absolute_url())
    assert "OGP Local" in text(client, hromada.get_absolute_url())


def test_an_article_mentioning_a_hromada_shows_on_its_page(
    client, make_municipality, make_article
):
    """Linking a published article to a hromada adds it to the hromada's news."""
    hromada = make_municipality("Вінницька")
    article = make_article(title_uk="Вінниця відкрила укриття")
    assert "Вінниця відкрила укриття" not in text(client, hromada.get_absolute_url())
    article.municipalities.add(hromada)
    assert "Вінниця відкрила укриття" in text(client, hromada.get_absolute_url())


def test_an_import_of_the_codifier_shows_in_the_directory(client, db):
    """New hromadas from the ministry's file are listed at once, though written in bulk."""
    assert "Тернопільська міська" not in text(client, "/hromady/?q=Тернопіль")
    call_command("import_hromadas", str(BUNDLED_FILE), verbosity=0)
    assert "Тернопільська міська" in text(client, "/hromady/?q=Тернопіль")


def test_news_leave_the_directory_cached(client, make_municipality, make_article):
    """A publication renews the news pages, not the directory of hromadas."""
    make_municipality("Збаразька")
    text(client, "/hromady/")
    make_article(title_uk="Свіжа новина")
    assert client.get("/hromady/")["X-Page-Cache"] == "hit"
    assert "Свіжа новина" in text(client, "/")
