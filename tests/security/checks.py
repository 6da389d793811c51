"""Hostile payloads and checks that a page shows them as text, never as markup or code."""

import json
import re
from html.parser import HTMLParser

# What an editor (or an attacker with an editor's password) might type into any field.
PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "'><svg onload=alert(1)>",
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    '</script><script>alert(1)</script>{"a":"',
    "{{ 7|add:7 }} ${7*7}",
]
# Link targets that must never survive into an href or src.
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []  # (tag, attrs dict)
        self.texts = []
        self.scripts = []  # (attrs dict, content)
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag == "script":
            self._script = (attrs, [])

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)
        else:
            self.texts.append(data)


def parse(html):
    page = _Page()
    page.feed(html)
    page.close()
    return page


def csp_nonce(response):
    """The nonce in the response's Content-Security-Policy header, if the page used one.

    Django adds the nonce to the header only when a template asked for it, so a page
    without inline scripts gets the stricter policy without one.
    """
    match = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
    return match.group(1) if match else None


# <script> types a browser runs (HTML's "prepare the script element"); any other type, such
# as application/ld+json, is a data block: never run, so the CSP's script-src does not apply.
SCRIPT_TYPES = {
    "",
    "module",
    "importmap",
    "speculationrules",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "text/ecmascript",
}


def is_data_block(attrs):
    return (attrs.get("type") or "").split(";")[0].strip().lower() not in SCRIPT_TYPES


def scripts_without_nonce(html, nonce):
    """Every <script> a browser would run (inline or not) whose nonce is not the request's."""
    return [
        (attrs, content[:80])
        for attrs, content in parse(html).scripts
        if attrs.get("nonce") != nonce and not is_data_block(attrs)
    ]


def json_ld(html):
    """The decoded JSON-LD blocks of a page."""
    return [
        json.loads(content)
        for attrs, content in parse(html).scripts
        if attrs.get("type") == "application/ld+json"
    ]


def injected_markup(html, nonce=None):
    """What a payload would have to produce to run: handlers, scripts, dangerous links."""
    page = parse(html)
    found = []
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and value:
                compact = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if compact.startswith(DANGEROUS_SCHEMES):
                    found.append(f"<{tag} {name}={value!r}>")
    if nonce is not None:
        found += [f"<script> without the nonce: {s}" for s in scripts_without_nonce(html, nonce)]
    return found


def shows_as_text(html, payload):
    """The payload is on the page, decoded, as text or as an attribute value."""
    page = parse(html)
    values = [v for _tag, attrs in page.elements for v in attrs.values() if v]
    return any(payload in chunk for chunk in [*page.texts, *values]) or any(
        _contains(block, payload) for block in json_ld(html)
    )


def _contains(data, payload):
    if isinstance(data, str):
        return payload in data
    if isinstance(data, dict):
        return any(_contains(value, payload) for value in data.values())
    if isinstance(data, list):
        return any(_contains(value, payload) for value in data)
    return False
