import datetime
import html
import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse, translate_url
from django.utils import formats, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from editorial.languages import ORIGINAL, UNTRANSLATED_PARAMETER, filter_translated, get_language
from editorial.text import render_tables, sanitize_html
from editorial.typography import typograph
from images import renditions
from images.body import render_images
from images.gallery import render_galleries
from images.video import render_videos

register = template.Library()

# The switcher's note on a language the page has no version in, as a Ukrainian reads it
# («Англійської версії немає») rather than "no version: English".
MISSING_VERSION = {"uk": _("No Ukrainian version"), "en": _("No English version")}

# Where language_links() keeps its result for the rest of one page's rendering.
LANGUAGE_LINKS = "site_tags.language_links"


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each language, for the language switcher and hreflang.

    A page about one object puts its `alternates` ({language: address} of the versions
    that exist) in the context; a language missing there gets no address. Other pages
    (lists, search) exist in every language.
    """
    # The head's hreflang links and the header's switcher ask for the same links. An
    # included template gets a render context of its own: keep them in the first, which the
    # whole page shares.
    page_state = context.render_context.dicts[0]
    remembered = page_state.get(LANGUAGE_LINKS)
    if remembered is not None:
        return remembered
    request = context["request"]
    current = context.get("LANGUAGE_CODE")
    alternates = context.get("alternates")
    query = request.GET.copy()
    query.pop(UNTRANSLATED_PARAMETER, None)
    # The other language's list is shorter (the English edition is partial): page 2 of
    # the Ukrainian news may not exist in English. The switch leads to its first page.
    query.pop("page", None)
    links = []
    for code, _name in settings.LANGUAGES:
        if alternates is None:
            url = translate_url(request.path, code)
            switch_url = f"{url}?{query.urlencode()}" if query else url  # a search, a page
        else:
            url = switch_url = alternates.get(code)
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": switch_url,
                "absolute_url": request.build_absolute_uri(url) if url else None,
                "current": code == current,
                "missing": MISSING_VERSION.get(code, ""),
            }
        )
    page_state[LANGUAGE_LINKS] = links
    return links


@register.simple_tag(takes_context=True)
def untranslated_notice(context):
    """The language a reader asked for when they were sent here because this page has no
    version in it (editorial.languages.redirect_to_original), or "" otherwise."""
    asked = context["request"].GET.get(UNTRANSLATED_PARAMETER, "")
    codes = {code for code, _name in settings.LANGUAGES}
    return asked if asked in codes and asked != context.get("LANGUAGE_CODE") else ""


@register.filter
def in_language(objects):
    """The objects (tags, say) that have a version in the active language."""
    return filter_translated(objects)


@register.filter
def lang_attr(obj, field=None):
    """` lang="uk"` for an object named in the original on a page in another language (a
    partner or donor without an English name), so that screen readers read it as Ukrainian.
    field: the translated field shown (default: the object's key field, its name)."""
    language = get_language()
    if obj is None or language == ORIGINAL:
        return ""
    if getattr(obj, f"{field or obj.translation_fields[0]}_{language}", ""):
        return ""
    return mark_safe(f' lang="{ORIGINAL}"')  # noqa: S308 - a constant language code


@register.filter
def marked(obj, field):
    """obj's field, in <span lang="uk"> where lang_attr() says it is shown in the original:
    for names inside a translated sentence ("…within the project “{{ name }}”")."""
    attribute = lang_attr(obj, field)
    value = getattr(obj, field)
    return format_html("<span{}>{}</span>", attribute, value) if attribute else value


@register.filter(needs_autoescape=True)
def typography(text, autoescape=True):
    """A title, a lead, a name with non-breaking spaces where Ukrainian typography wants
    them (editorial.typography); rich text has them already, from its save."""
    if text is None or text == "":
        return ""
    escaped = conditional_escape(text) if autoescape else str(text)
    return mark_safe(typograph(str(escaped)))  # noqa: S308 - escaped above; adds only U+00A0


@register.filter
def rich_text(html):
    """Body HTML, sanitized again on output: rows written by update() never saw pre_save.

    Body images become sized, lazy <picture> elements with their renditions; tables get
    their caption and a box of their own to scroll in; video links, posters that load the
    player when pressed; two or more image figures in a row, a gallery.
    """
    text = render_galleries(render_videos(render_tables(sanitize_html(html), _("Table"))))
    return mark_safe(render_images(text))  # noqa: S308 - nh3's output and our own markup


@register.simple_tag
def time_element(value, format="DATE_FORMAT"):
    """<time datetime="2022-06-17T14:30:00+03:00">17 червня 2022</time>: a date or a moment
    (in the site's time zone, as the date filter shows it) for machines in the attribute and
    in the page's language in the text, with the date filter's format; nothing for none."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = template_localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>', value.isoformat(), formats.date_format(value, format)
    )


FEED_TYPES = (("rss", "application/rss+xml", "RSS"), ("atom", "application/atom+xml", "Atom"))


@register.inclusion_tag("includes/feed_links.html")
def feed_links(url_name, title, slug=None):
    """<link rel="alternate"> to a feed in RSS and Atom, for feed readers' autodiscovery."""
    kwargs = {"slug": slug} if slug else {}
    return {
        "title": title,
        "feeds": [
            (mime_type, label, reverse(url_name, kwargs={**kwargs, "format": format}))
            for format, mime_type, label in FEED_TYPES
        ],
    }


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # The output of a template: already escaped.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}…{% endcapture %}: render once, show twice — a page's title in
    <title> and og:title. Blocks inside it still take the child templates' content."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


# The escapes of Django's json_script: "</script>" or "<!--" in a value cannot end or
# disturb the element, and "&" cannot start an entity.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """<script type="application/ld+json"> with the data; nothing for no data.

    No nonce: the CSP's script-src governs scripts a browser runs, and a data block is never
    run (docs/decisions.md), so the page stays cacheable."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def breadcrumb_list(context, breadcrumbs, name):
    """schema.org BreadcrumbList of the page's trail (the list the visible breadcrumbs show,
    editorial/breadcrumbs.py), closed by the page itself."""
    if not breadcrumbs:
        return None
    request = context["request"]
    # The page's own name comes rendered, hence escaped, from its title block.
    trail = [*breadcrumbs, (html.unescape(str(name)), request.path)]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(text),
                "item": request.build_absolute_uri(str(href)),
            }
            for position, (text, href) in enumerate(trail, start=1)
        ],
    }


def site_address(request):
    """ "https://host" of the request, as SiteSettings.organization() takes it."""
    return request.build_absolute_uri("/").rstrip("/")


@register.simple_tag(takes_context=True)
def organization(context):
    """The association as schema.org Organization, from the site settings."""
    return context["site_settings"].organization(site_address(context["request"]))


def person_data(request, person):
    """A person named under an article, as schema.org Person."""
    data = {
        "@type": "Person",
        "name": person.name,
        "url": request.build_absolute_uri(person.get_absolute_url()),
    }
    if person.position:
        data["jobTitle"] = person.position
    if person.photo:
        data["image"] = request.build_absolute_uri(person.photo.url)
    return data


@register.simple_tag(takes_context=True)
def news_article(context, article):
    """The article as schema.org NewsArticle, published by the association."""
    request = context["request"]
    url = request.build_absolute_uri(article.get_absolute_url())
    publisher = context["site_settings"].organization(site_address(request))
    publisher.pop("@context")
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.description,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": translation.get_language(),
        "datePublished": article.published_at,
        "dateModified": article.last_changed,
        "articleSection": article.category.name,
        "author": [person_data(request, person) for person in article.bylines] or publisher,
        "publisher": publisher,
    }
    keywords = [tag.name for tag in filter_translated(article.tags.all())]
    if keywords:
        data["keywords"] = keywords
    image = renditions.open_graph_url(article.cover_image)
    if image:
        data["image"] = [request.build_absolute_uri(image)]
    return data
