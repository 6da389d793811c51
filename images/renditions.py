"""Responsive renditions of stored images, made with django-imagekit.

Each image gets AVIF (where Pillow has it), WebP and a JPEG fallback at a few widths, and a
1200×630 JPEG for Open Graph. They are generated once, right after the image is saved
(fields.PictureField), into the default storage under a folder named after the image, so
they survive restarts and go away with it. Pages only compute their names — from the
image's name and its stored width and height — with no file or database access.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeData, mark_safe
from imagekit import ImageSpec
from imagekit.cachefiles import ImageCacheFile
from pilkit.processors import ResizeToFill, ResizeToFit

from .uploads import FORMATS

logger = logging.getLogger(__name__)

MIME_TYPES = {"AVIF": "image/avif", "WEBP": "image/webp", "JPEG": "image/jpeg"}
# Best first: the browser takes the first <source> it understands; JPEG is the <img>.
MODERN_FORMATS = [name for name in ("AVIF", "WEBP") if name in FORMATS]
FALLBACK_FORMAT = "JPEG"
OPTIONS = {
    # speed 8: about four times faster than the default for a barely larger file.
    "AVIF": {"quality": 55, "speed": 8},
    "WEBP": {"quality": 78, "method": 4},
    "JPEG": {"quality": 80, "optimize": True, "progressive": True},
}
OPEN_GRAPH_SIZE = (1200, 630)


class Rendition(ImageSpec):
    """The source scaled to a width (never enlarged), in one format."""

    def __init__(self, source, width, format):
        self.processors = [ResizeToFit(width=width, upscale=False)]
        self.format = format
        self.options = OPTIONS[format]
        super().__init__(source)


class OpenGraphImage(ImageSpec):
    """What link previews show: 1200×630, cropped from the centre."""

    processors = [ResizeToFill(*OPEN_GRAPH_SIZE)]
    format = "JPEG"
    options = OPTIONS["JPEG"]


def widths_for(source_width):
    """The configured widths below the source's, and the source's own if it is smaller."""
    widths = sorted(settings.IMAGES_RENDITION_WIDTHS)
    chosen = [width for width in widths if width < source_width]
    top = min(source_width, widths[-1])
    if top not in chosen:
        chosen.append(top)
    return chosen


def scaled_height(source_width, source_height, width):
    """The height ResizeToFit gives for a width (same arithmetic as pilkit)."""
    if width >= source_width:
        return source_height
    return int(round(source_height * (float(width) / source_width)))


def dimensions(fieldfile):
    """The stored width and height of an image field's file (no file access), or None."""
    field, instance = fieldfile.field, fieldfile.instance
    width = getattr(instance, field.width_field, None) if field.width_field else None
    height = getattr(instance, field.height_field, None) if field.height_field else None
    return (width, height) if width and height else None


def specs(fieldfile):
    """Every rendition an image has: for generating them and for the management command."""
    size = dimensions(fieldfile)
    if not fieldfile or size is None:
        return []
    widths = widths_for(size[0])
    return [
        Rendition(fieldfile, width, format)
        for format in [*MODERN_FORMATS, FALLBACK_FORMAT]
        for width in widths
    ] + [OpenGraphImage(fieldfile)]


def generate(fieldfile, force=False):
    """Make the renditions that do not exist yet (all of them with force)."""
    for spec in specs(fieldfile):
        ImageCacheFile(spec).generate(force=force)


def generate_logged(fieldfile):
    """generate(), for after a commit: a failure is logged, never shown as an error page.
    `manage.py make_renditions` makes whatever is missing."""
    try:
        generate(fieldfile)
    except Exception:
        logger.exception("Renditions of %s could not be made", fieldfile.name)


def folder(name):
    """Where the renditions of the stored file `name` live."""
    stem = name.rsplit(".", 1)[0]
    return f"{settings.IMAGEKIT_CACHEFILE_DIR}/{stem}"


def delete(storage, name):
    """Delete a stored image and every rendition of it, whatever specs made them."""
    try:
        _dirs, files = storage.listdir(folder(name))
    except (FileNotFoundError, NotImplementedError):
        files = []
    for file in files:
        storage.delete(f"{folder(name)}/{file}")
    storage.delete(name)


@dataclass(frozen=True)
class Source:
    type: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    """What a <picture> element needs: modern sources, a JPEG <img>, its size."""

    sources: tuple
    src: str
    srcset: str
    width: int
    height: int


def url(spec):
    return ImageCacheFile(spec).url


# Rendition addresses for names already seen: imagekit pickles and hashes each spec to name
# its file, some 10 ms for the dozen covers of a list page (issue 13). Bounded; cleared when
# full.
_remembered = {}
REMEMBERED = 10_000


def _remember(key, make, address):
    """make(), remembered under key unless its address (address(found)) is signed."""
    found = _remembered.get(key)
    if found is None:
        found = make()
        # Signed addresses (private object storage) expire: those are made every time.
        if "?" not in address(found):
            if len(_remembered) >= REMEMBERED:
                _remembered.clear()
            _remembered[key] = found
    return found


def picture(fieldfile):
    """The <picture> of an image field's file, or None without a file or its size."""
    size = dimensions(fieldfile) if fieldfile else None
    if size is None:
        return None
    key = (fieldfile.name, size, tuple(settings.IMAGES_RENDITION_WIDTHS), settings.MEDIA_URL)
    return _remember(key, lambda: _picture(fieldfile, size), lambda found: found.src)


def picture_html(fieldfile, alt="", sizes="100vw", lazy=True, img_class=""):
    """The <picture> element of an image field's file ("" without one), every value escaped.

    Built here rather than by a template, and remembered for the same arguments: a list page
    has a dozen, and a template for each cost more than the rest of the card (issue 13)."""
    found = picture(fieldfile)
    if found is None:
        return ""
    key = ("html", found, str(alt), isinstance(alt, SafeData), sizes, bool(lazy), img_class)
    return _remember(
        key, lambda: _picture_html(found, alt, sizes, lazy, img_class), lambda html: found.src
    )


def _picture_html(picture, alt, sizes, lazy, img_class):
    return format_html(
        '<picture>{}<img{} src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}>'
        "</picture>",
        format_html_join(
            "",
            '<source type="{}" srcset="{}" sizes="{}">',
            ((source.type, source.srcset, sizes) for source in picture.sources),
        ),
        format_html(' class="{}"', img_class) if img_class else "",
        picture.src,
        picture.srcset,
        sizes,
        picture.width,
        picture.height,
        alt,
        mark_safe(' loading="lazy" decoding="async"' if lazy else ' fetchpriority="high"'),
    )


def _picture(fieldfile, size):
    source_width, source_height = size
    widths = widths_for(source_width)

    def srcset(format):
        return ", ".join(
            f"{url(Rendition(fieldfile, width, format))} {width}w" for width in widths
        )

    # The <img> itself: the width nearest a typical column, for browsers without srcset.
    middle = widths[len(widths) // 2]
    return Picture(
        sources=tuple(Source(MIME_TYPES[format], srcset(format)) for format in MODERN_FORMATS),
        src=url(Rendition(fieldfile, middle, FALLBACK_FORMAT)),
        srcset=srcset(FALLBACK_FORMAT),
        width=widths[-1],
        height=scaled_height(source_width, source_height, widths[-1]),
    )


def open_graph_url(fieldfile):
    if not fieldfile or dimensions(fieldfile) is None:
        return ""
    key = (fieldfile.name, OPEN_GRAPH_SIZE, settings.MEDIA_URL)
    return _remember(key, lambda: url(OpenGraphImage(fieldfile)), lambda found: found)
