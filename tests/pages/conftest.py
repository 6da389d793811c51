import io
import struct
import zipfile
import zlib

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


# --- Legacy Office files: OLE compound files ([MS-CFB] version 3) -----------------------

FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR, MINI_SECTOR, MINI_STREAM_CUTOFF = 512, 64, 4096


def _sectors(size, sector=SECTOR):
    return -(-size // sector)


def compound_file(streams):
    """An OLE compound file holding `streams` ({"Storage/Stream": bytes}), laid out as Office
    writes one: streams under 4096 bytes in the mini stream, the others in their own sectors;
    each storage's children a binary search tree with every entry black ([MS-CFB] 2.6.4).

    Sectors: FAT, directory, mini FAT, mini stream, then each large stream.
    """
    entries = [{"name": "Root Entry", "type": 5, "children": []}]
    index = {(): 0}
    for path, data in streams.items():
        parts = tuple(path.split("/"))
        for depth in range(1, len(parts) + 1):
            if parts[:depth] not in index:
                stream = depth == len(parts)
                index[parts[:depth]] = len(entries)
                entries[index[parts[: depth - 1]]]["children"].append(len(entries))
                entries.append(
                    {"name": parts[depth - 1], "type": 2 if stream else 1, "children": []}
                    | ({"data": data} if stream else {})
                )

    def tree(ids):
        if not ids:
            return NO_STREAM
        middle = len(ids) // 2
        entries[ids[middle]]["left"] = tree(ids[:middle])
        entries[ids[middle]]["right"] = tree(ids[middle + 1 :])
        return ids[middle]

    for entry in entries:
        order = sorted(
            entry["children"], key=lambda i: (len(entries[i]["name"]), entries[i]["name"].upper())
        )
        entry["child"] = tree(order)

    mini, mini_fat, large = bytearray(), [], []
    for entry in entries:
        data = entry.get("data", b"")
        entry["size"] = len(data)
        if "data" in entry and len(data) < MINI_STREAM_CUTOFF:
            count = _sectors(len(data), MINI_SECTOR)
            entry["start"] = len(mini_fat)
            mini_fat += [*range(len(mini_fat) + 1, len(mini_fat) + count), END_OF_CHAIN]
            mini += data.ljust(count * MINI_SECTOR, b"\0")
        elif "data" in entry:
            large.append(entry)
    counts = [
        _sectors(len(entries) * 128),
        _sectors(len(mini_fat) * 4),
        _sectors(len(mini)),
        *(_sectors(entry["size"]) for entry in large),
    ]
    fat_sectors = 1
    while fat_sectors * 128 < fat_sectors + sum(counts):
        fat_sectors += 1
    fat, starts = [FAT_SECTOR] * fat_sectors, []
    for count in counts:
        starts.append(len(fat) if count else END_OF_CHAIN)
        if count:
            fat += [*range(len(fat) + 1, len(fat) + count), END_OF_CHAIN]
    directory_start, mini_fat_start, mini_stream_start, *large_starts = starts
    for entry, start in zip(large, large_starts, strict=True):
        entry["start"] = start
    entries[0].update(start=mini_stream_start, size=len(mini))

    def directory_entry(entry):
        name = (entry["name"] + "\0").encode("utf-16-le")
        links = (entry.get("left", NO_STREAM), entry.get("right", NO_STREAM), entry["child"])
        return (
            name.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(name), entry["type"], 1, *links)
            + bytes(16 + 4 + 8 + 8)  # class id, state bits, creation and modification times
            + struct.pack("<IQ", entry.get("start", 0), entry["size"])
        )

    directory = b"".join(directory_entry(entry) for entry in entries)
    unused = bytes(64) + struct.pack("<HBBIII", 0, 0, 0, NO_STREAM, NO_STREAM, NO_STREAM)
    directory += (unused + bytes(48)) * (counts[0] * 4 - len(entries))
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack(
        "<HHHHH6sIIIIIIIII",
        *(0x3E, 3, 0xFFFE, 9, 6, bytes(6), 0, fat_sectors, directory_start, 0),
        *(MINI_STREAM_CUTOFF, mini_fat_start, counts[1], END_OF_CHAIN, 0),
    )
    header += struct.pack("<109I", *range(fat_sectors), *[FREE] * (109 - fat_sectors))
    fat += [FREE] * (fat_sectors * 128 - len(fat))
    mini_fat += [FREE] * (counts[1] * 128 - len(mini_fat))
    return b"".join(
        [
            header,
            struct.pack(f"<{len(fat)}I", *fat),
            directory,
            struct.pack(f"<{len(mini_fat)}I", *mini_fat),
            bytes(mini).ljust(counts[2] * SECTOR, b"\0"),
            *(entry["data"].ljust(_sectors(entry["size"]) * SECTOR, b"\0") for entry in large),
        ]
    )


def vba_project(storage=""):
    """The streams of a VBA project (a module that runs when the file opens), under
    `storage`: "Macros/" in Word, "_VBA_PROJECT_CUR/" in Excel, the root of PowerPoint's
    compressed project."""
    return {
        f"{storage}PROJECT": b'ID="{917DED54-440B-4FD1-A5C1-74ACF261E600}"\r\nModule=Module1\r\n'
        b'Name="VBAProject"\r\n',
        f"{storage}PROJECTwm": b"Module1\0" + "Module1".encode("utf-16-le") + b"\0\0\0",
        f"{storage}VBA/_VBA_PROJECT": b"\xcc\x61\xff\xff\x00\x00\x00",
        f"{storage}VBA/dir": b"\x01\x19\xb0\x00\x01\x00\x04\x00\x00\x00\x01\x00",
        f"{storage}VBA/Module1": b'Attribute VB_Name = "Module1"\r\nSub AutoOpen()\r\n'
        b'    Shell "cmd"\r\nEnd Sub\r\n',
    }


def word_97(macros=False):
    """A .doc: the WordDocument stream (its header, the FIB, says Word 97, Ukrainian) and the
    table stream; with macros, the project in the "Macros" storage."""
    fib = struct.pack("<HHHHH", 0xA5EC, 0x00C1, 0, 0x0422, 0).ljust(4096, b"\0")
    streams = {"WordDocument": fib, "1Table": bytes(512), "\x05SummaryInformation": bytes(256)}
    return compound_file(streams | (vba_project("Macros/") if macros else {}))


def excel_97(macros=False):
    """An .xls: the Workbook stream of BIFF8 records (BOF of the workbook globals, EOF); with
    macros, the project in the "_VBA_PROJECT_CUR" storage."""
    bof = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0)
    streams = {"Workbook": bof + struct.pack("<HH", 0x000A, 0)}
    return compound_file(streams | (vba_project("_VBA_PROJECT_CUR/") if macros else {}))


def _ppt_record(record_type, body=b"", version=0, instance=0):
    return struct.pack("<HHI", version | instance << 4, record_type, len(body)) + body


def _ppt_container(record_type, *records):
    return _ppt_record(record_type, b"".join(records), version=0xF)


def powerpoint_97(macros=False):
    """A .ppt ([MS-PPT]): the "Current User" stream pointing to the last edit, and the
    "PowerPoint Document" stream: the DocumentContainer, then, with macros, the compressed
    VBA project (ExOleObjStg), the persist directory and the user edit. With macros the
    document's DocInfoListContainer holds a VBAInfoContainer naming the project; there is no
    VBA storage in the compound file."""
    document_atom = struct.pack(
        "<iiiiiiIIHHBBBB", 5760, 4320, 4320, 5760, 1, 2, 0, 0, 1, 0, 0, 0, 0, 1
    )
    document = [_ppt_record(0x03E9, document_atom, version=1)]  # DocumentAtom
    objects = []
    if macros:
        # VBAInfoAtom: the project is persist object 2, fHasMacros 1, version 2.
        vba_info = _ppt_record(0x0400, struct.pack("<III", 2, 1, 2), version=2)
        document.append(_ppt_container(0x07D0, _ppt_container(0x03FF, vba_info)))
        project = compound_file(vba_project())
        objects.append(  # ExOleObjStg, compressed: the project's size, then zlib.
            _ppt_record(
                0x1011, struct.pack("<I", len(project)) + zlib.compress(project), instance=1
            )
        )
    document.append(_ppt_record(0x03EA))  # EndDocumentAtom
    stream = _ppt_container(0x03E8, *document)
    offsets = [0]
    for record in objects:
        offsets.append(len(stream))
        stream += record
    persist_directory_offset = len(stream)
    stream += _ppt_record(
        0x1772, struct.pack(f"<I{len(offsets)}I", 1 | len(offsets) << 20, *offsets)
    )
    user_edit_offset = len(stream)
    stream += _ppt_record(
        0x0FF5,
        struct.pack(
            "<IHBBIIIIHH", 0, 0, 0, 3, 0, persist_directory_offset, 1, len(offsets) + 1, 1, 0
        ),
    )
    user = "Olena".encode("latin-1")
    current_user = _ppt_record(
        0x0FF6,
        struct.pack("<IIIHHBBH", 0x14, 0xE391C05F, user_edit_offset, len(user), 0x03F4, 3, 0, 0)
        + user
        + struct.pack("<I", 8),
    )
    return compound_file({"Current User": current_user, "PowerPoint Document": stream})
