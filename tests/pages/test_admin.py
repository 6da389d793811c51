import pytest
from django.urls import reverse

from pages.models import Page, SiteSettings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    ["page", "menu", "document", "documentcategory"],
)
def test_changelist_and_add_form_open(admin_client, make_page, make_document, model):
    """Every list and add form of pages, menus and documents opens for an editor, in Ukrainian."""
    make_page()
    make_document()
    assert admin_client.get(reverse(f"admin:pages_{model}_changelist")).status_code == 200
    add = admin_client.get(reverse(f"admin:pages_{model}_add"))
    assert add.status_code == 200
    assert 'lang="uk"' in add.content.decode()


def test_site_settings_is_one_record(admin_client):
    """The site settings list opens the one record; it cannot be added twice or deleted."""
    SiteSettings.objects.get_or_create(pk=1, defaults={"name_uk": "Асоціація міст України"})
    response = admin_client.get(reverse("admin:pages_sitesettings_changelist"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:pages_sitesettings_change", args=[1])
    form = admin_client.get(response["Location"])
    assert form.status_code == 200
    assert admin_client.get(reverse("admin:pages_sitesettings_add")).status_code == 403
    assert (
        admin_client.get(reverse("admin:pages_sitesettings_delete", args=[1])).status_code == 403
    )


def test_site_settings_reject_a_bad_email(admin_client):
    """A typo in an e-mail address is pointed out in Ukrainian instead of reaching the footer."""
    SiteSettings.objects.get_or_create(pk=1, defaults={"name_uk": "АМУ"})
    response = admin_client.post(
        reverse("admin:pages_sitesettings_change", args=[1]),
        {"name_uk": "Асоціація міст України", "emails": "info@auc.org.ua\ninfo-auc.org.ua"},
    )
    assert response.status_code == 200
    assert "«info-auc.org.ua» — не адреса електронної пошти." in response.content.decode()


def test_page_form_refuses_an_address_taken_by_news(admin_client):
    """An editor who names a page "novyny" is told the address belongs to the news."""
    response = admin_client.post(
        reverse("admin:pages_page_add"),
        {
            "title_uk": "Новини",
            "slug": "novyny",
            "status": "draft",
            "position": "0",
            "Document_pages-TOTAL_FORMS": "0",
            "Document_pages-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Адреса /novyny/ належить іншому розділу сайту." in response.content.decode()
    assert not Page.objects.exists()


def test_page_list_shows_the_tree_and_publishes(admin_client, make_page):
    """The page list shows subpages under their parent and publishes drafts in bulk."""
    about = make_page("Про АМУ")
    draft = make_page("Статут", parent=about, status="draft")
    url = reverse("admin:pages_page_changelist")
    html = admin_client.get(url).content.decode()
    assert "— Статут" in html and "/pro-amu/statut/" in html
    admin_client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at is not None
    admin_client.post(url, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_document_form_attaches_to_articles_and_pages(admin_client, make_article, make_page):
    """An editor uploads a document and picks the articles and pages it belongs to."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pages.models import Document, DocumentCategory

    from .conftest import pdf_bytes

    article = make_article(title_uk="План дій ухвалено")
    page = make_page("Статут")
    category = DocumentCategory.objects.create(name_uk="Плани дій")
    for field, term in [("articles", "План"), ("pages", "Стат")]:
        response = admin_client.get(
            reverse("admin:autocomplete"),
            {"term": term, "app_label": "pages", "model_name": "document", "field_name": field},
        )
        assert len(response.json()["results"]) == 1, field
    response = admin_client.post(
        reverse("admin:pages_document_add"),
        {
            "title_uk": "План дій",
            "category": str(category.pk),
            "published_on": "2022-06-17",
            "language": "uk",
            "file": SimpleUploadedFile("plan.pdf", pdf_bytes()),
            "articles": [str(article.pk)],
            "pages": [str(page.pk)],
            "status": "published",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert list(document.articles.all()) == [article]
    assert list(document.pages.all()) == [page]
    page_form = admin_client.get(reverse("admin:pages_page_change", args=[page.pk]))
    assert "Прикріплені документи" in page_form.content.decode()
