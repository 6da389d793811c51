import pytest
from django.core.management import call_command

from pages.models import Document, MenuItem, Page

pytestmark = pytest.mark.django_db


def test_demo_pages_menus_and_documents(client):
    """A newcomer sees About, Contacts, Regional offices and documents, linked from the menus."""
    call_command("load_demo_content", "--no-admin")
    counts = (Page.objects.count(), Document.objects.count(), MenuItem.objects.count())
    call_command("load_demo_content", "--no-admin")
    assert (Page.objects.count(), Document.objects.count(), MenuItem.objects.count()) == counts

    home = client.get("/").content.decode()
    for url in ["/pro-amu/", "/kontakty/", "/dokumenty/", "/pro-amu/rehionalni-viddilennia/"]:
        assert f'href="{url}"' in home, url
        assert client.get(url).status_code == 200, url
    contacts = client.get("/kontakty/").content.decode()
    assert "Січових Стрільців" in contacts and "info@auc.org.ua" in contacts

    assert Document.objects.count() >= 4
    statute = Document.objects.get(title_uk="Статут Асоціації міст України")
    assert statute.pages.filter(path="pro-amu/statut").exists()
    response = client.get(statute.get_absolute_url())
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert Document.objects.filter(articles__isnull=False).exists()
    assert Document.objects.filter(initiatives__acronym="OGP Local").exists()
    assert "(ПУЛЬС)" in home  # the default programme in the footer


def test_the_english_demo_menus_lead_to_english_pages(client):
    """An English visitor of the demo who follows a menu link stays in English: every page
    the English menus name has its English version."""
    import re

    call_command("load_demo_content", "--no-admin")
    home = client.get("/en/").content.decode()
    menus = re.findall(r'<nav class="(?:site-nav|site-footer__nav)".*?</nav>', home, re.S)
    links = [link for menu in menus for link in re.findall(r'href="(/en/[^"]*)"', menu)]
    assert "/en/contacts/" in links and "/en/about-auc/" in links
    for link in links:
        response = client.get(link, follow=True)
        html = response.content.decode()
        assert response.status_code == 200, link
        assert response.redirect_chain == [], (link, response.redirect_chain)
        assert '<html lang="en">' in html, link
        assert "no English version yet" not in html, link


def test_demo_privacy_page_says_what_is_collected(client):
    """A reader finds, from the footer, what the site's analytics collects, in either
    language, and that the share links load nothing."""
    call_command("load_demo_content", "--no-admin")
    for home, url, phrases in [
        (
            "/",
            "/konfidentsiinist/",
            ["без файлів cookie", "адресу переглянутої сторінки", "звичайні посилання"],
        ),
        (
            "/en/",
            "/en/privacy/",
            ["without cookies", "the address of the page viewed", "plain links"],
        ),
    ]:
        assert f'href="{url}"' in client.get(home).content.decode(), url
        page = client.get(url).content.decode().replace("\xa0", " ")
        for phrase in phrases:
            assert phrase in page, (url, phrase)
