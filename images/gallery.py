"""Galleries in rich text (issue 28): two or more body-image figures in a row, with nothing
between them but empty paragraphs, are shown as a grid of thumbnails.

The editor needs no markup of its own: it stores plain figures (image and caption), which the
editor and the sanitizer already round-trip. On output the run becomes a list whose each
thumbnail is a plain link to the image's largest rendition (the page without JavaScript);
static/js/gallery.js opens it in a <dialog> with its caption instead, with previous and next.
"""

import html
import re

from django.template.loader import render_to_string
from django.templatetags.static import static

from . import renditions
from .body import ATTRIBUTE, name_from_url
from .models import BodyImage

_FIGURE = r"<figure>\s*<img\b[^>]*>\s*(?:<figcaption>.*?</figcaption>\s*)?</figure>"
FIGURE = re.compile(
    r"<figure>\s*<img\b([^>]*)>\s*(?:<figcaption>(.*?)</figcaption>\s*)?</figure>", re.S
)
# Between figures: white space, or empty paragraphs the editor may leave.
_BETWEEN = r"(?:\s|<p>\s*(?:<br>\s*)?</p>)*"
RUN = re.compile(rf"{_FIGURE}(?:{_BETWEEN}{_FIGURE})+", re.S)
THUMBNAIL_SIZES = "(min-width: 46rem) 14rem, calc(50vw - 1.5rem)"


def _name(attributes):
    return name_from_url(html.unescape(dict(ATTRIBUTE.findall(attributes)).get("src", "")))


def large_url(fieldfile):
    """The address of an image's largest JPEG rendition, or "" without its size."""
    size = renditions.dimensions(fieldfile)
    if size is None:
        return ""
    width = renditions.widths_for(size[0])[-1]
    return renditions.url(renditions.Rendition(fieldfile, width, renditions.FALLBACK_FORMAT))


def render_galleries(text):
    """Sanitized rich text with each run of two or more body-image figures as a gallery;
    the script that opens them comes once, after the last."""
    if not text or text.count("<figure>") < 2:
        return text
    runs = list(RUN.finditer(text))
    names = {_name(match[1]) for run in runs for match in FIGURE.finditer(run[0])} - {None}
    if not names:
        return text
    images = {image.file.name: image for image in BodyImage.objects.filter(file__in=names)}
    found = False

    def gallery(run):
        nonlocal found
        items = []
        for match in FIGURE.finditer(run[0]):
            image = images.get(_name(match[1]))
            large = large_url(image.file) if image else ""
            if not large:  # an image we cannot show large: the figures stay as they are
                return run[0]
            alt = html.unescape(dict(ATTRIBUTE.findall(match[1])).get("alt", ""))
            width, height = renditions.dimensions(image.file)
            top = renditions.widths_for(width)[-1]
            items.append(
                {
                    "thumbnail": renditions.picture_html(
                        image.file, alt=alt, sizes=THUMBNAIL_SIZES
                    ),
                    "large": large,
                    "width": top,
                    "height": renditions.scaled_height(width, height, top),
                    "caption": match[2] or "",
                }
            )
        found = True
        return render_to_string("images/gallery.html", {"items": items}).strip()

    text = RUN.sub(gallery, text)
    if found:
        text += f'<script src="{html.escape(static("js/gallery.js"))}" defer></script>'
    return text
