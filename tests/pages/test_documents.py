import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pages.models import Document

from .conftest import (
    DOCX_MAIN,
    excel_97,
    odf_bytes,
    ooxml_bytes,
    pdf_bytes,
    powerpoint_97,
    word_97,
)

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def upload_form(doc_category, filename, content, **extra):
    return {
        "title_uk": "Звіт",
        "category": str(doc_category.pk),
        "published_on": "2025-02-20",
        "language": "uk",
        "file": SimpleUploadedFile(filename, content),
        "status": "draft",
        **extra,
    }


def test_html_renamed_pdf_is_rejected_in_the_admin(admin_client, doc_category):
    """An HTML page renamed .pdf is refused with a Ukrainian message; nothing is stored."""
    response = admin_client.post(
        reverse("admin:pages_document_add"), upload_form(doc_category, "zvit.pdf", HTML)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Назва файлу закінчується на .pdf, але його вміст — не PDF." in html
    assert not Document.objects.exists()


def test_pdf_upload_is_stored_under_a_random_name(admin_client, doc_category, settings):
    """A real PDF is accepted and stored under a random name, never the uploader's."""
    response = admin_client.post(
        reverse("admin:pages_document_add"),
        upload_form(doc_category, "Мій звіт <script>.pdf", pdf_bytes()),
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert re.fullmatch(r"documents/\d{4}/[0-9a-f]{32}\.pdf", document.file.name)
    assert (document.file_type, document.file_size) == ("pdf", len(pdf_bytes()))
    assert (settings.MEDIA_ROOT / document.file.name).read_bytes() == pdf_bytes()


@pytest.mark.parametrize(
    ("filename", "content", "file_type"),
    [
        ("plan.docx", ooxml_bytes(DOCX_MAIN), "docx"),
        ("plan.odt", odf_bytes("application/vnd.oasis.opendocument.text"), "odt"),
        ("ZVIT.PDF", pdf_bytes(), "pdf"),
        ("report.doc", word_97(), "doc"),
        ("table.xls", excel_97(), "xls"),
        ("slides.ppt", powerpoint_97(), "ppt"),
    ],
)
def test_office_documents_are_checked_by_content(make_document, filename, content, file_type):
    """Office files whose inside matches their name are accepted."""
    document = make_document(filename=filename, content=content)
    assert document.file_type == file_type
    assert document.file.name.endswith(f".{file_type}")


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("plan.docx", odf_bytes("application/vnd.oasis.opendocument.text"), "не DOCX"),
        ("plan.xlsx", ooxml_bytes(DOCX_MAIN), "не XLSX"),
        ("plan.odt", ooxml_bytes(DOCX_MAIN), "не ODT"),
        ("plan.docx", b"PK\x03\x04 not really a zip", "не DOCX"),
        ("plan.doc", HTML, "не DOC"),
        ("plan.xls", pdf_bytes(), "не XLS"),
        ("word.xls", word_97(), "не XLS"),
        ("slides.doc", powerpoint_97(), "не DOC"),
        ("page.html", HTML, "Файли такого типу не можна опублікувати"),
        ("tool.exe", b"MZ\x90\x00", "Файли такого типу не можна опублікувати"),
        ("no-extension", pdf_bytes(), "Файли такого типу не можна опублікувати"),
        ("empty.pdf", b"", "Файл порожній"),
    ],
)
def test_mismatched_or_unknown_files_are_rejected(make_document, filename, content, message):
    """A file whose content is not what its name says, or of another type, is refused."""
    with pytest.raises(ValidationError, match=message):
        make_document(filename=filename, content=content)
    assert not Document.objects.exists()


def test_oversized_document_is_rejected(make_document, settings):
    """A document over the size limit is refused with both sizes in the message."""
    settings.DOCUMENTS_MAX_SIZE = 1024
    with pytest.raises(ValidationError, match="щонайбільше 1,0"):
        make_document(content=pdf_bytes("x" * 2000))


def test_pdf_is_served_inline_under_its_title(client, make_document):
    """A visitor's browser opens the PDF with the document's title as the file name."""
    document = make_document("Статут АМУ")
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''%D0%A1%D1%82%D0%B0%D1%82%D1%83%D1%82%20%D0%90%D0%9C%D0%A3.pdf"
    )
    assert b"".join(response.streaming_content) == pdf_bytes("Статут АМУ")


def test_office_document_is_downloaded_not_opened(client, make_document):
    """Office files come as downloads with their own content type."""
    document = make_document("Plan", filename="plan.docx", content=ooxml_bytes(DOCX_MAIN))
    response = client.get(document.get_absolute_url())
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="Plan.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_missing_document_file_is_404(client, make_document):
    """A document whose file was removed from disk gives a 404, not a server error."""
    document = make_document()
    document.file.storage.delete(document.file.name)
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get("/dokumenty/999999/").status_code == 404


@pytest.fixture
def library(make_document, doc_category):
    from pages.models import DocumentCategory

    plans = DocumentCategory.objects.create(name_uk="Плани дій")
    return {
        "report": make_document("Звіт за 2024 рік", published_on="2025-02-20"),
        "old": make_document("Звіт за 2019 рік", published_on="2020-03-02"),
        "plan": make_document("План дій OGP Local", category=plans, published_on="2022-06-17"),
        "english": make_document("Annual report", language="en", published_on="2025-03-10"),
    }


def titles(response):
    return [document.title for document in response.context["documents"]]


def test_documents_page_filters(client, library):
    """Visitors narrow the documents by category, year, language and words in the title."""
    response = client.get("/dokumenty/")
    assert response.status_code == 200
    assert titles(response) == [
        "Annual report",
        "Звіт за 2024 рік",
        "План дій OGP Local",
        "Звіт за 2019 рік",
    ]
    assert "4\xa0документи" in response.content.decode()
    assert titles(client.get("/dokumenty/?category=plany-dii")) == ["План дій OGP Local"]
    assert titles(client.get("/dokumenty/?year=2025")) == ["Annual report", "Звіт за 2024 рік"]
    assert titles(client.get("/dokumenty/?language=en")) == ["Annual report"]
    assert titles(client.get("/dokumenty/?q=Звіт&year=2020")) == ["Звіт за 2019 рік"]


def test_documents_page_ignores_bad_filters(client, library):
    """Nonsense in the filters shows all documents and a message, never an error page."""
    response = client.get("/dokumenty/?year=abc&category=nema&language=xx")
    assert response.status_code == 200
    assert len(titles(response)) == 4


def test_documents_pagination_keeps_filters(client, make_document, settings):
    """Going to the next page of a filtered list keeps the filter."""
    for number in range(25):
        make_document(f"Звіт {number}")
    html = client.get("/dokumenty/?q=Звіт").content.decode()
    assert 'href="?q=%D0%97%D0%B2%D1%96%D1%82&amp;page=2"' in html


def test_documents_page_query_budget(client, make_document, django_assert_max_num_queries):
    """The documents page makes the same few queries for 3 or 30 documents."""
    for number in range(30):
        make_document(f"Документ {number}")
    client.get("/dokumenty/")  # menus and settings cached
    with django_assert_max_num_queries(5):  # categories, years, count, page
        assert client.get("/dokumenty/?year=2025&page=2").status_code == 200


def test_documents_attached_to_an_article_and_a_page(client, make_document, make_article, db):
    """Documents attached to an article or a page are listed under its text."""
    from pages.models import Page

    article = make_article(title_uk="План дій ухвалено")
    page = Page.objects.create(title_uk="Статут", status="published")
    document = make_document("Статут АМУ")
    document.articles.add(article)
    document.pages.add(page)
    for url in [article.get_absolute_url(), page.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert f'<a class="document__title" href="{document.get_absolute_url()}"' in html, url
        assert "PDF" in html


def test_an_article_asks_only_for_the_lists_it_has(
    client, make_document, make_article, django_assert_num_queries
):
    """Most articles have no documents and no initiatives: their page knows it from the
    article's own query and asks for neither. One that has them shows them, in two more."""
    from partners.models import Initiative

    make_article()  # related news, of the same category
    article = make_article()
    client.get(article.get_absolute_url())  # the chrome and the related choice remembered
    with django_assert_num_queries(4):  # the article, its tags, hromadas and related cards
        html = client.get(article.get_absolute_url()).content.decode()
    assert "attached-documents" not in html and "OGP Local" not in html
    make_document("План дій громади").articles.add(article)
    article.initiatives.add(Initiative.objects.create(name_uk="OGP Local", acronym="OGP"))
    client.get(article.get_absolute_url())
    with django_assert_num_queries(6):
        html = client.get(article.get_absolute_url()).content.decode()
    assert "План дій громади" in html and ">OGP Local</a>" in html


def test_a_preview_shows_the_documents_and_initiatives(editor_client, make_document, make_article):
    """A draft's preview reads the article as the admin has it, and still shows its lists."""
    from django.urls import reverse

    from partners.models import Initiative

    draft = make_article(status="draft", published_at=None)
    make_document("План дій громади").articles.add(draft)
    draft.initiatives.add(Initiative.objects.create(name_uk="OGP Local", acronym="OGP"))
    response = editor_client.get(reverse("admin:news_article_preview", args=[draft.pk]))
    html = response.content.decode()
    assert "План дій громади" in html and ">OGP Local</a>" in html


def test_document_attached_to_an_initiative(client, make_document):
    """An OGP Local action plan shows on the initiative's page."""
    from partners.models import Initiative

    initiative = Initiative.objects.create(
        name_uk="Партнерство «Відкритий уряд»", acronym="OGP Local"
    )
    document = make_document("План дій OGP Local")
    document.initiatives.add(initiative)
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert f'<a class="document__title" href="{document.get_absolute_url()}"' in html
