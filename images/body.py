"""Images in rich text: which addresses the sanitizer lets through, and how they are shown.

The editor stores <img src> pointing to the BodyImage's own file; on output each becomes a
<picture> with its renditions (one query per text), lazy-loaded and sized.
"""

import html
import re

from django.core.files.storage import default_storage

from . import renditions

UPLOAD_TO = "body/%Y/%m/"
# A stored body image's name: body/2026/05/<32 hex>.<ext> (fields.PictureField names it).
NAME = re.compile(r"body/\d{4}/\d{2}/[0-9a-f]{32}\.(?:jpg|png|webp|avif)")
IMG = re.compile(r"<img\b([^>]*)>")
ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"


def url_prefix():
    return default_storage.url("body/")


def name_from_url(url):
    """The storage name behind a body image address, or None for any other address."""
    prefix = url_prefix()
    if not url.startswith(prefix):
        return None
    name = "body/" + url[len(prefix) :]
    return name if NAME.fullmatch(name) else None


def referenced_names(text):
    """Storage names of the body images a text shows."""
    names = set()
    for attributes in IMG.findall(text or ""):
        src = dict(ATTRIBUTE.findall(attributes)).get("src", "")
        if name := name_from_url(html.unescape(src)):
            names.add(name)
    return names


def render_images(text):
    """Sanitized rich text with each body image as a sized, lazy <picture>."""
    names = referenced_names(text)
    if not names:
        return text
    # Not at the top: editorial.text imports this module while models are being defined.
    from .models import BodyImage

    images = {image.file.name: image for image in BodyImage.objects.filter(file__in=names)}

    def replace(match):
        attributes = dict(ATTRIBUTE.findall(match.group(1)))
        image = images.get(name_from_url(html.unescape(attributes.get("src", ""))))
        if image is None:
            return match.group(0)
        return renditions.picture_html(
            image.file,
            alt=html.unescape(attributes.get("alt", "")),
            sizes=SIZES,
        )

    return IMG.sub(replace, text)
