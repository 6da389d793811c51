import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pages.models import Document, DocumentCategory, Menu, MenuItem, Page


@pytest.fixture
def make_page(db):
    """make_page(title, **overrides): a published page (top level unless parent= is given)."""

    def make(title="Про АМУ", **overrides):
        fields = {"title_uk": title, "body_uk": "<p>Текст сторінки.</p>", "status": "published"}
        return Page.objects.create(**(fields | overrides))

    return make


def empty_menu(location, language="uk"):
    """The menu without the entries the data migration gives a new site."""
    menu = Menu.objects.get_or_create(location=location, language=language)[0]
    menu.items.all().delete()
    return menu


@pytest.fixture
def header(db):
    return empty_menu("header")


@pytest.fixture
def footer(db):
    return empty_menu("footer")


@pytest.fixture
def add_entry():
    def add(menu, position=0, **target):
        return MenuItem.objects.create(menu=menu, position=position, **target)

    return add


def pdf_bytes(text="Документ"):
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + text.encode() + b"\n%%EOF\n"


def ooxml_bytes(main_type):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/main.xml" ContentType="{main_type}"/></Types>',
        )
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def odf_bytes(mimetype):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@pytest.fixture
def doc_category(db):
    return DocumentCategory.objects.create(name_uk="Звіти", name_en="Reports")


@pytest.fixture
def make_document(doc_category):
    """make_document(title, **overrides): a stored PDF document."""

    def make(title="Річний звіт", content=None, filename="zvit.pdf", **overrides):
        fields = {
            "title_uk": title,
            "category": doc_category,
            "file": SimpleUploadedFile(filename, pdf_bytes(title) if content is None else content),
        }
        document = Document(**(fields | overrides))
        document.full_clean()
        document.save()
        return document

    return make
