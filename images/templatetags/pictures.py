from django import template
from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils.translation import get_language

from images import renditions

register = template.Library()


@register.simple_tag
def picture(fieldfile, alt="", sizes="100vw", eager=False, img_class=""):
    """<picture> with AVIF/WebP sources and a JPEG <img>, sized; nothing without an image.

    Lazy-loaded, unless eager: an image seen without scrolling (an article's cover).
    """
    return renditions.picture_html(
        fieldfile, alt=alt, sizes=sizes, lazy=not eager, img_class=img_class
    )


@register.simple_tag(takes_context=True)
def open_graph_image(context, fieldfile):
    """The absolute address of the 1200×630 link-preview image, or ""."""
    url = renditions.open_graph_url(fieldfile)
    return context["request"].build_absolute_uri(url) if url else ""


@register.simple_tag(takes_context=True)
def site_open_graph_image(context):
    """The absolute address of the site's own 1200×630 link-preview image, in the page's
    language (static/img/open-graph-*.png): for pages without an image of their own."""
    url = staticfiles_storage.url(f"img/open-graph-{get_language()}.png")
    return context["request"].build_absolute_uri(url)
