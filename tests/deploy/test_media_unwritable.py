"""A media directory that takes no file (read-only volume, full disk): editors get a form
error in Ukrainian with what they typed still in the form, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from images.models import BodyImage
from news.models import Article
from pages.models import Document, DocumentCategory
from tests.images import factories
from tests.news.test_editorial_workflow import form_data
from tests.pages.conftest import pdf_bytes

pytestmark = pytest.mark.django_db

MESSAGE = "Файл зараз не вдається зберегти"


@pytest.fixture
def unwritable_media(settings, tmp_path):
    """A media root below a regular file: no process can create it, root included."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"


def test_cover_upload_is_a_form_error_and_the_edit_is_kept(
    editor_client, make_article, unwritable_media
):
    """The editor's new lead stays in the form; nothing is half-saved."""
    article = make_article(title_uk="Бюджет громади")
    url = reverse("admin:news_article_change", args=[article.pk])
    data = form_data(
        editor_client.get(url),
        lead_uk="Новий вступ, який редактор не хоче втратити.",
        cover_image=SimpleUploadedFile("cover.jpg", factories.jpeg((1200, 675))),
        cover_alt_uk="Зала засідань",
    )
    response = editor_client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert MESSAGE in html
    assert "Новий вступ, який редактор не хоче втратити." in html
    article.refresh_from_db()
    assert article.lead_uk == "Короткий вступ до новини."
    assert not article.cover_image


def test_body_image_upload_is_a_form_error(admin_client, unwritable_media):
    """The picture window says why, and the description typed stays."""
    response = admin_client.post(
        "/admin/images/bodyimage/picker/?CKEditorFuncNum=1",
        {"file": SimpleUploadedFile("map.png", factories.png()), "alt": "Карта громад"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert MESSAGE in html and "Карта громад" in html
    assert not BodyImage.objects.exists()


def test_document_upload_is_a_form_error(admin_client, unwritable_media):
    """A document upload says why, with its title still in the form."""
    category = DocumentCategory.objects.create(name_uk="Звіти")
    response = admin_client.post(
        reverse("admin:pages_document_add"),
        {
            "title_uk": "Річний звіт 2025",
            "category": str(category.pk),
            "published_on": "2026-01-15",
            "language": "uk",
            "file": SimpleUploadedFile("zvit.pdf", pdf_bytes()),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert MESSAGE in html and "Річний звіт 2025" in html
    assert not Document.objects.exists()
    assert Article.objects.count() == 0
