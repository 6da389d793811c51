from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from images.body import render_images
from news.text import sanitize_html

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page's address in each language, for the language switcher."""
    request = context["request"]
    current = context.get("LANGUAGE_CODE")
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(request.get_full_path(), code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.filter
def rich_text(html):
    """Body HTML, sanitized again on output: rows written by update() never saw pre_save.

    Body images become sized, lazy <picture> elements with their renditions.
    """
    return mark_safe(render_images(sanitize_html(html)))  # noqa: S308 - the output of nh3
