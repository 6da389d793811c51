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
    """make_document(title, **overrides): a stored, published PDF document."""

    def make(title="Річний звіт", content=None, filename="zvit.pdf", **overrides):
        fields = {
            "title_uk": title,
            "category": doc_category,
            "file": SimpleUploadedFile(filename, pdf_bytes(title) if content is None else content),
            "status": Document.Status.PUBLISHED,
        }
        document = Document(**(fields | overrides))
        document.full_clean()
        document.save()
        return document

    return make


def ole_bytes(stream_name, size=4096):
    """A minimal OLE compound file (version 3) holding one stream, as legacy Office files do.

    Layout: header, FAT sector 0, directory sector 1, the stream in sectors 2….
    A stream of 4096 bytes or more lives in regular sectors, so no mini stream is needed.
    """
    import struct

    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    sectors = -(-size // 512)
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack(
        "<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, bytes(6), 0, 1, 1, 0, 4096, end, 0, end, 0
    )
    header += struct.pack("<109I", 0, *([free] * 108))
    fat = [fat_sector, end] + [2 + i + 1 for i in range(sectors - 1)] + [end]
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat) + b"\xff" * (512 - 4 * len(fat))

    def entry(name, kind, child, start, length):
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, no_stream, no_stream, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, length)
        )

    directory = (
        entry("Root Entry", 5, 1, end, 0)
        + entry(stream_name, 2, no_stream, 2, size)
        + entry("", 0, no_stream, 0, 0) * 2
    )
    return header + fat_bytes + directory + b"\x00" * (sectors * 512)
