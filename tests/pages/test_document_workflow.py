"""Documents follow the articles' rules: an author proposes, an editor publishes."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pages.models import Document

from .conftest import DOCX_MAIN, excel_97, pdf_bytes, powerpoint_97, word_97

pytestmark = pytest.mark.django_db

ADD = reverse("admin:pages_document_add")


def change_url(document):
    return reverse("admin:pages_document_change", args=[document.pk])


def form(doc_category, document=None, **overrides):
    """The document form as the admin posts it."""
    data = {
        "title_uk": document.title_uk if document else "План дій громади",
        "category": str(doc_category.pk),
        "published_on": "2026-03-01",
        "language": "uk",
        "status": "draft",
    }
    if document is None:
        data["file"] = SimpleUploadedFile("plan.pdf", pdf_bytes("План"))
    return data | overrides


def test_authors_document_stays_off_the_site_until_an_editor_publishes_it(
    author_client, editor_client, doc_category, client, make_article, author
):
    """An author's new document is not on /dokumenty/ nor under the article until published."""
    article = make_article(title_uk="Громада ухвалила план", author=author)
    response = author_client.post(
        ADD, form(doc_category, status="review", articles=[str(article.pk)])
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.status, document.author) == ("review", author)
    documents_page = reverse("pages:documents")
    assert "План дій громади" not in client.get(documents_page).content.decode()
    assert client.get(document.get_absolute_url()).status_code == 404
    assert "План дій громади" not in client.get(article.get_absolute_url()).content.decode()

    response = editor_client.post(
        reverse("admin:pages_document_changelist"),
        {"action": "publish", "_selected_action": [str(document.pk)]},
    )
    assert response.status_code == 302
    assert "План дій громади" in client.get(documents_page).content.decode()
    assert client.get(document.get_absolute_url()).status_code == 200
    assert "План дій громади" in client.get(article.get_absolute_url()).content.decode()


def test_author_cannot_publish_a_document(author_client, doc_category):
    """The status menu offers an author a draft and a review only; a forged POST is 403."""
    page = author_client.get(ADD).content.decode()
    assert 'value="published"' not in page
    assert author_client.post(ADD, form(doc_category, status="published")).status_code == 403
    assert not Document.objects.exists()


def test_author_cannot_change_someone_elses_or_a_published_document(
    author_client, author, editor, make_document, doc_category
):
    """Another's draft and any published document answer 403 to an author's change."""
    published_own = make_document("Статут", author=author)
    others_draft = make_document("Чужий звіт", author=editor, status="draft")
    for document in (published_own, others_draft):
        response = author_client.post(
            change_url(document), form(doc_category, document, title_uk="Змінено")
        )
        assert response.status_code == 403, document
        document.refresh_from_db()
        assert document.title_uk != "Змінено"
        delete = reverse("admin:pages_document_delete", args=[document.pk])
        assert author_client.post(delete, {"post": "yes"}).status_code == 403
    # A published one is still readable; another's draft is not even listed.
    assert author_client.get(change_url(published_own)).status_code == 200
    listing = author_client.get(reverse("admin:pages_document_changelist")).content.decode()
    assert "Статут" in listing and "Чужий звіт" not in listing


def test_author_attaches_documents_to_own_news_only(
    author_client, author, editor, doc_category, make_article, make_page
):
    """An author cannot attach a document to another's article or to a page."""
    others = make_article(title_uk="Новина редактора", author=editor)
    statute = make_page("Статут")
    response = author_client.post(
        ADD, form(doc_category, articles=[str(others.pk)], pages=[str(statute.pk)])
    )
    assert response.status_code == 200
    assert not Document.objects.exists()
    response = author_client.post(ADD, form(doc_category, pages=[str(statute.pk)]))
    assert response.status_code == 302
    assert not Document.objects.get().pages.exists()


def test_every_change_is_a_revision_and_old_files_stay_reachable(
    author_client, author, doc_category, editor_client
):
    """Each save is in the history with who and when; a replaced file still opens from it."""
    author_client.post(ADD, form(doc_category))
    document = Document.objects.get()
    first_file = document.file.name
    response = author_client.post(
        change_url(document),
        form(
            doc_category,
            document,
            title_uk="План дій громади, редакція 2",
            file=SimpleUploadedFile("plan2.pdf", pdf_bytes("Друга редакція")),
        ),
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file.name != first_file
    assert default_storage.exists(first_file)

    revisions = list(document.history.all())
    assert [r.history_user for r in revisions] == [author, author]
    assert [r.file for r in revisions] == [document.file.name, first_file]
    history = editor_client.get(reverse("admin:pages_document_history", args=[document.pk]))
    html = history.content.decode()
    assert html.count(author.get_full_name()) == 2
    assert "Заголовок [uk], Файл, Розмір" in html  # the changed fields are named
    old = revisions[1]
    old_file = editor_client.get(
        reverse("admin:pages_document_revision_preview", args=[document.pk, old.history_id])
    )
    assert old_file.status_code == 200
    assert b"".join(old_file.streaming_content) == pdf_bytes("План")


def ooxml_with_macros():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.ms-word.document.macroEnabled.main+xml"/><Default Extension="bin" '
            'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
        )
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    return buffer.getvalue()


def xlsx_with_macro_enabled_type_only():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
        )
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def docx_with_vba_part_only():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/main.xml" ContentType="{DOCX_MAIN}"/></Types>',
        )
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    return buffer.getvalue()


def odt_with_basic():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("Basic/Standard/Module1.xml", "<script:module/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("plan.docx", ooxml_with_macros()),
        ("table.xlsx", xlsx_with_macro_enabled_type_only()),
        ("plan.docx", docx_with_vba_part_only()),
        ("plan.doc", word_97(macros=True)),
        ("table.xls", excel_97(macros=True)),
        ("slides.ppt", powerpoint_97(macros=True)),
        ("plan.odt", odt_with_basic()),
    ],
    ids=[
        "docm-as-docx",
        "xlsm-type-as-xlsx",
        "docx-with-vbaproject",
        "doc-macros-storage",
        "xls-vba-project-cur",
        "ppt-vba-info",
        "odt-basic",
    ],
)
def test_office_files_with_macros_are_refused(author_client, doc_category, filename, content):
    """A document with macros is refused at upload, with a Ukrainian message saying why."""
    response = author_client.post(
        ADD, form(doc_category, file=SimpleUploadedFile(filename, content))
    )
    assert response.status_code == 200
    assert "містить макроси" in response.content.decode()
    assert not Document.objects.exists()


def test_document_form_shows_its_state_and_last_change(editor_client, editor, make_document):
    """Above the form, as for articles and pages: the state badge and who changed it last."""
    draft = make_document("Звіт за квартал", author=editor, status="draft")
    draft.title_uk = "Звіт за перший квартал"
    draft._history_user = editor
    draft.save()
    page = editor_client.get(change_url(draft)).content.decode()
    assert '<span class="badge badge--draft">Чернетка</span>' in page
    assert "Востаннє змінено:" in page
    published = make_document("Статут", author=editor)
    page = editor_client.get(change_url(published)).content.decode()
    assert '<span class="badge badge--live">Опубліковано</span>' in page
