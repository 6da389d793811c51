from django import template

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
