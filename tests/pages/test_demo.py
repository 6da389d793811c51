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
