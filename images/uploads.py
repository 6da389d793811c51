"""Uploaded images: checked from the header before decoding, then stored clean.

Every image reaching storage went through clean_upload(): a known format by content
(not by name), within the size and pixel limits, decodable to the end, turned upright
by its EXIF orientation, re-encoded without metadata (no GPS, camera or comment data),
under a random name. The uploader's file name is kept only as metadata.
"""

import io
import logging
import os
import tempfile
import uuid
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, features

logger = logging.getLogger(__name__)

# Format as Pillow detects it → (file extension, MIME type). MPO is how Pillow names a
# JPEG with a second (stereo or preview) picture, common from phones.
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "MPO": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
if features.check("avif"):
    FORMATS["AVIF"] = ("avif", "image/avif")

# How a master copy is written back: high quality, since renditions are made from it.
SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
    "AVIF": {"quality": 85},
}
WEB_MODES = {"RGB", "RGBA", "L", "LA", "P"}


def accepted_types():
    """MIME types for the file input's accept attribute."""
    return sorted({mime for _ext, mime in FORMATS.values()})


def format_names():
    return ", ".join(sorted({name.replace("MPO", "JPEG") for name in FORMATS}))


@dataclass(frozen=True)
class Header:
    format: str
    width: int
    height: int
    frames: int


def read_header(file):
    """Format, size and frame count from the header; raises ValidationError. No decoding."""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, io.SEEK_END)
        size = file.tell()
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > settings.IMAGES_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s; images up to %(limit)s are accepted."),
            code="too_big",
            params={
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.IMAGES_MAX_UPLOAD_BYTES),
            },
        )
    file.seek(0)
    too_many_pixels = ValidationError(
        _("The image has too many pixels: up to %(limit)s megapixels are accepted."),
        code="too_many_pixels",
        params={"limit": settings.IMAGES_MAX_PIXELS // 1_000_000},
    )
    try:
        with warnings.catch_warnings():
            # Above MAX_IMAGE_PIXELS Pillow only warns; here that is a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # formats= limits which decoders may even look at the file: SVG, HTML, GIF,
            # TIFF, PSD and the rest are unknown here, whatever the file is called.
            image = Image.open(file, formats=[name for name in FORMATS if name != "MPO"])
            frames = getattr(image, "n_frames", 1)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise too_many_pixels from None
    except Exception:  # noqa: BLE001 - whatever a hostile header makes Pillow raise
        raise ValidationError(
            _(
                "This file is not a %(formats)s image. The content of the file is checked, "
                "not its name."
            ),
            code="not_an_image",
            params={"formats": format_names()},
        ) from None
    width, height = image.size
    if width * height * frames > settings.IMAGES_MAX_PIXELS:
        raise too_many_pixels
    return Header(image.format, width, height, frames), image


class CleanImage(ContentFile):
    """An image that went through clean_upload(): safe to store as it is."""

    def __init__(self, content, *, name, original_name, width, height):
        super().__init__(content, name=name)
        self.original_name = original_name
        self.width = width
        self.height = height


def original_name(file):
    """The uploader's file name, reduced to a printable base name, for metadata only."""
    name = PurePath(str(getattr(file, "name", "") or "").replace("\\", "/")).name
    return "".join(ch for ch in name if ch.isprintable())[:200]


def clean_upload(file):
    """A CleanImage from an uploaded or generated file; ValidationError if it is not one."""
    if isinstance(file, CleanImage):
        return file
    header, image = read_header(file)
    try:
        image.load()  # the first frame only: animated images are stored as a still
        image = ImageOps.exif_transpose(image)
        if image.mode not in WEB_MODES:
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    except Exception:  # noqa: BLE001 - truncated or corrupt data, in any decoder
        raise ValidationError(
            _("The image is damaged or incomplete. Save it again and upload the new file."),
            code="damaged",
        ) from None
    # Only the colour profile and palette transparency travel on; EXIF (GPS, camera,
    # orientation), XMP and comments stay behind.
    icc_profile = image.info.get("icc_profile")
    image.info = {key: image.info[key] for key in ("transparency",) if key in image.info}
    output_format = "JPEG" if header.format == "MPO" else header.format
    options = dict(SAVE_OPTIONS[output_format])
    if icc_profile:
        options["icc_profile"] = icc_profile
    if output_format == "JPEG" and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, output_format, **options)
    extension = FORMATS[header.format][0]
    return CleanImage(
        buffer.getvalue(),
        name=f"{uuid.uuid4().hex}.{extension}",
        original_name=original_name(file),
        width=image.width,
        height=image.height,
    )


def media_write_error(storage=None):
    """Why the media storage cannot take a file now (a read-only or missing directory, a
    full disk), or None. Object storage is not probed: it answers for itself."""
    storage = storage or default_storage
    location = getattr(storage, "location", None)
    if not location:
        return None
    try:
        os.makedirs(location, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=location, prefix=".write-check-"):
            pass
    except OSError as error:
        return f"{error.__class__.__name__}: {error.strerror or error}"
    return None


def check_media_writable():
    """Before an upload is accepted: an unwritable media directory is a form error for the
    editor (the form comes back with everything typed into it), not a 500."""
    problem = media_write_error()
    if problem is not None:
        logger.error("Media storage does not accept files: %s", problem)
        raise ValidationError(
            _(
                "The file cannot be stored right now: the site's file storage does not accept "
                "new files. Everything else you entered is still in the form; try again "
                "later or tell the site's administrator."
            ),
            code="storage_unwritable",
        )
