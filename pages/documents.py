"""What an uploaded document really is: checked by its content, never by its name alone.

A file is accepted only when its extension is one we publish and its bytes are that format:
a PDF starts with "%PDF-"; OOXML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp) are
zip archives with the parts that define the type; legacy Office files (doc, xls, ppt) are OLE
compound files with the stream that defines the type. An HTML page renamed "report.pdf"
fails the first check.

Office files with macros are refused, whatever their name: a visitor who opens one is asked
to run code the association never meant to publish. OOXML keeps macros in a vbaProject.bin
part (declared as a macro-enabled or VBA content type), legacy Word and Excel in a VBA storage
("Macros", "_VBA_PROJECT_CUR"), legacy PowerPoint inside its "PowerPoint Document" stream (a
VBA information record pointing to the compressed project), OpenDocument in Basic/ or Scripts/.
"""

import contextlib
import logging
import struct
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader

from images.uploads import check_media_writable

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentType:
    label: str
    content_type: str
    family: str  # "pdf", "ooxml", "odf" or "ole"
    marker: str | tuple[str, ...] = ""


DOCUMENT_TYPES = {
    "pdf": DocumentType("PDF", "application/pdf", "pdf"),
    "docx": DocumentType(
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "ooxml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": DocumentType(
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ooxml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    "pptx": DocumentType(
        "PPTX",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "ooxml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
    "odt": DocumentType(
        "ODT",
        "application/vnd.oasis.opendocument.text",
        "odf",
        "application/vnd.oasis.opendocument.text",
    ),
    "ods": DocumentType(
        "ODS",
        "application/vnd.oasis.opendocument.spreadsheet",
        "odf",
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    "odp": DocumentType(
        "ODP",
        "application/vnd.oasis.opendocument.presentation",
        "odf",
        "application/vnd.oasis.opendocument.presentation",
    ),
    "doc": DocumentType("DOC", "application/msword", "ole", ("WordDocument",)),
    "xls": DocumentType("XLS", "application/vnd.ms-excel", "ole", ("Workbook", "Book")),
    "ppt": DocumentType("PPT", "application/vnd.ms-powerpoint", "ole", ("PowerPoint Document",)),
}

PDF_MAGIC = b"%PDF-"
# Parts of an office archive read to check its type are small XML; anything bigger is not one.
MAX_PART_SIZE = 1024 * 1024
MAX_ARCHIVE_ENTRIES = 20_000


def allowed_extensions():
    return ", ".join(sorted(DOCUMENT_TYPES))


def detect_document_type(file):
    """The extension (a DOCUMENT_TYPES key) of an upload whose content matches its name.

    Raises ValidationError with a message for the editor otherwise.
    """
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    kind = DOCUMENT_TYPES.get(extension)
    if kind is None:
        raise ValidationError(
            _("Files of this type cannot be published. Upload a PDF or one of: %(allowed)s.")
            % {"allowed": allowed_extensions()},
            code="extension",
        )
    size = file.size
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > settings.DOCUMENTS_MAX_SIZE:
        raise ValidationError(
            _("The file is %(size)s; documents may be up to %(limit)s.")
            % {
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.DOCUMENTS_MAX_SIZE),
            },
            code="size",
        )
    file.seek(0)
    try:
        matches = CHECKS[kind.family](file, kind)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        matches = False
    finally:
        file.seek(0)
    if matches == MACROS:
        raise ValidationError(
            _(
                "The file contains macros (programs that run when it is opened), so it "
                "cannot be published. Save it without macros (e.g. as %(extension)s or PDF) "
                "and upload it again."
            )
            % {"extension": extension.upper()},
            code="macros",
        )
    if not matches:
        raise ValidationError(
            _(
                "The content of the file is not %(type)s, although its name ends in "
                ".%(extension)s. Save the document in that format again and upload it."
            )
            % {"type": kind.label, "extension": extension},
            code="content",
        )
    return extension


# What a check answers for a file of the right type that carries macros.
MACROS = "macros"
OOXML_MACRO_MARKERS = (b"macroEnabled", b"vbaProject")
OLE_MACRO_STORAGES = {"macros", "_vba_project_cur", "vba", "_vba_project"}
ODF_MACRO_DIRECTORIES = ("Basic/", "Scripts/")
# [MS-PPT] RecordHeader, VBAInfoContainer: the stream is records with 8-byte headers (version
# and instance, type, length); a container (version 0xF) holds more records. A presentation
# with macros has a VBAInfoContainer in its DocInfoListContainer; the project itself is
# compressed in an ExOleObjStg record, so no VBA storage shows in the compound file.
PPT_STREAM = "PowerPoint Document"
PPT_CONTAINER = 0xF
PPT_VBA_INFO = 0x03FF


def _is_pdf(file, kind):
    return file.read(len(PDF_MAGIC)) == PDF_MAGIC


def _read_part(archive, name):
    info = archive.getinfo(name)
    if info.file_size > MAX_PART_SIZE:
        return b""
    return archive.read(info)


def _is_ooxml(file, kind):
    with zipfile.ZipFile(file) as archive:
        names = archive.namelist()
        if len(names) > MAX_ARCHIVE_ENTRIES or "[Content_Types].xml" not in names:
            return False
        content_types = _read_part(archive, "[Content_Types].xml")
        if any(marker in content_types for marker in OOXML_MACRO_MARKERS) or any(
            name.lower().endswith("vbaproject.bin") for name in names
        ):
            return MACROS
        return kind.marker.encode() in content_types


def _is_odf(file, kind):
    with zipfile.ZipFile(file) as archive:
        names = archive.namelist()
        if len(names) > MAX_ARCHIVE_ENTRIES or "mimetype" not in names:
            return False
        if any(name.startswith(ODF_MACRO_DIRECTORIES) for name in names):
            return MACROS
        return _read_part(archive, "mimetype").strip() == kind.marker.encode()


def _is_ole(file, kind):
    if file.read(len(olefile.MAGIC)) != olefile.MAGIC:
        return False
    file.seek(0)
    with olefile.OleFileIO(file) as compound:
        if any(
            part.lower() in OLE_MACRO_STORAGES
            for path in compound.listdir(True, True)
            for part in path
        ) or (compound.exists(PPT_STREAM) and _ppt_has_macros(compound.openstream(PPT_STREAM))):
            return MACROS
        return any(compound.exists(stream) for stream in kind.marker)


def _ppt_has_macros(stream):
    """Whether a "PowerPoint Document" stream holds a VBA information record: walks every
    record, stepping into containers and over atoms."""
    data = stream.read()
    offset = 0
    while offset + 8 <= len(data):
        version_and_instance, record_type, length = struct.unpack_from("<HHI", data, offset)
        if record_type == PPT_VBA_INFO:
            return True
        offset += 8 if version_and_instance & 0xF == PPT_CONTAINER else 8 + length
    return False


CHECKS = {"pdf": _is_pdf, "ooxml": _is_ooxml, "odf": _is_odf, "ole": _is_ole}


def validate_document(file):
    """Model field validator: runs only for a newly uploaded file."""
    if getattr(file, "_committed", True):
        return
    check_media_writable()
    detect_document_type(file)


# The text the site search reads of a PDF: the first pages, enough for any report's words.
PDF_TEXT_PAGES = 200
PDF_TEXT_LENGTH = 200_000  # characters


def pdf_text(file):
    """The text of a PDF's first pages, a line a page, for the site search; "" for a scan,
    an encrypted or a damaged file. Never raises: the document is found by its title then."""
    lines = []
    try:
        file.open("rb")  # an upload from its start; a stored file from storage
        for page in PdfReader(file).pages[:PDF_TEXT_PAGES]:
            lines.append(" ".join((page.extract_text() or "").split()))
            if sum(map(len, lines)) >= PDF_TEXT_LENGTH:
                break
    except Exception as error:  # noqa: BLE001 - any failure of a hostile file is "no text"
        logger.info("No text read from a PDF: %r", error)
        return ""
    finally:
        with contextlib.suppress(OSError, ValueError):
            file.seek(0)  # the upload is stored from its start
    return "\n".join(line for line in lines if line)[:PDF_TEXT_LENGTH]
