"""An accessibility check of what an editor wrote, like Wagtail's checker (issue 10).

The admin shows each problem as a warning after the save; nothing here refuses a save.
The text is read as the sanitizer stored it (editorial/text.py), so only the tags an editor can
make appear: headings h2–h4 (the article's title is the page's h1), links and images.
"""

import re
from html.parser import HTMLParser

from django.conf import settings
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy, ngettext

from images.video import untitled as untitled_videos

# Cards, search results and the meta description show about this much; more is cut off
# or read out in full before the text by a screen reader.
LEAD_MAX_CHARS = 300

# Link text that says nothing about where the link leads when read out of context
# (screen readers list the links of a page); compared after lower-casing and trimming
# punctuation.
VAGUE_LINK_TEXTS = frozenset(
    {
        "тут",
        "ось тут",
        "натисніть тут",
        "натисніть",
        "клацніть тут",
        "за посиланням",
        "посилання",
        "детальніше",
        "докладніше",
        "більше",
        "читати далі",
        "читайте далі",
        "читати більше",
        "here",
        "click here",
        "click",
        "link",
        "this link",
        "more",
        "read more",
        "learn more",
        "details",
    }
)

IN_LANGUAGE = {"uk": gettext_lazy("in Ukrainian"), "en": gettext_lazy("in English")}

_PUNCTUATION = " \t\n\r\xa0.,:;!?…«»\"'()[]→>-–—"
# "IMG_2041.jpg", "DSC0012", "photo-3.png": a camera's or a file's name, not a description.
_FILE_NAME = re.compile(
    r"(\.(jpe?g|png|webp|avif|gif|heic|tiff?)$)|^(img|dsc|dscn|dcim|photo|image|foto)[_\- ]?\d+$",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^h([1-6])$")


class _Reader(HTMLParser):
    """Collects the headings, links and images of rich-text HTML in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings = []  # (level, text)
        self.links = []  # text, with images' alt text standing in for them
        self.images = []  # alt text, None when the attribute is missing
        self._heading = None
        self._link = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if match := _HEADING.match(tag):
            self._heading = [int(match[1]), ""]
        elif tag == "a":
            self._link = ""
        elif tag == "img":
            alt = attributes.get("alt")
            self.images.append(alt)
            self._text(alt or "")

    def handle_endtag(self, tag):
        if _HEADING.match(tag) and self._heading is not None:
            self.headings.append((self._heading[0], self._heading[1].strip()))
            self._heading = None
        elif tag == "a" and self._link is not None:
            self.links.append(self._link.strip())
            self._link = None

    def handle_data(self, data):
        self._text(data)

    def _text(self, text):
        if self._heading is not None:
            self._heading[1] += text
        if self._link is not None:
            self._link += text


def check_text(html):
    """The problems of one rich-text value, as messages in the active language."""
    reader = _Reader()
    reader.feed(html or "")
    reader.close()
    return [
        *_image_problems(reader.images),
        *_heading_problems(reader.headings),
        *_link_problems(reader.links),
        *(
            gettext(
                "A video on %(host)s has no title: write the title as the text of its "
                "link; screen readers announce it."
            )
            % {"host": host}
            for host in untitled_videos(html)
        ),
    ]


def check_lead(lead):
    length = len((lead or "").strip())
    if length <= LEAD_MAX_CHARS:
        return []
    return [
        ngettext(
            "The lead is %(length)d character long; news cards and search engines show "
            "about %(limit)d. Shorten it to one or two sentences.",
            "The lead is %(length)d characters long; news cards and search engines show "
            "about %(limit)d. Shorten it to one or two sentences.",
            length,
        )
        % {"length": length, "limit": LEAD_MAX_CHARS}
    ]


def _image_problems(images):
    problems = []
    missing = sum(1 for alt in images if not (alt or "").strip())
    if missing:
        problems.append(
            ngettext(
                "%(count)d image has no description (alt text).",
                "%(count)d images have no description (alt text).",
                missing,
            )
            % {"count": missing}
        )
    for alt in images:
        if alt and _FILE_NAME.search(alt.strip()):
            problems.append(
                gettext(
                    "The description of an image is a file name, «%(alt)s»: "
                    "say what the image shows."
                )
                % {"alt": alt.strip()}
            )
    return problems


def _heading_problems(headings):
    problems = []
    previous = 1  # the article's title is the page's only h1
    for level, text in headings:
        if not text:
            problems.append(
                gettext(
                    "An empty heading (level %(level)d): screen readers announce it "
                    "with nothing to read. Remove it or write its text."
                )
                % {"level": level}
            )
        if level == 1:
            problems.append(
                gettext(
                    "The heading «%(text)s» is of level 1, like the article's title: "
                    "use level 2 for the sections of the text."
                )
                % {"text": _short(text)}
            )
        elif level > previous + 1:
            problems.append(
                gettext(
                    "The heading «%(text)s» skips a level: level %(level)d comes after "
                    "level %(previous)d. Use level %(expected)d."
                )
                % {
                    "text": _short(text),
                    "level": level,
                    "previous": previous,
                    "expected": previous + 1,
                }
            )
        previous = level
    return problems


def _link_problems(links):
    problems = []
    for text in links:
        normalized = " ".join(text.strip(_PUNCTUATION).lower().split())
        if not normalized:
            problems.append(
                gettext("A link has no text: screen readers read out only its address.")
            )
        elif normalized in VAGUE_LINK_TEXTS:
            problems.append(
                gettext(
                    "The link text «%(text)s» does not say where it leads: name the "
                    "destination, e.g. «звіт громади за 2025 рік»."
                )
                % {"text": text}
            )
    return problems


def _short(text):
    return Truncator(text).chars(60) if text else "…"


def check_texts(article, languages=None):
    """Every problem of an article's (or a page's) texts, each message naming the field and
    the language: lead, text and cover description, those of them the model has.

    The English fields are checked only when there is an English version (its title);
    an untranslated article has nothing to check there.
    """
    problems = []
    for code in languages or [code for code, _name in settings.LANGUAGES]:
        if code != settings.LANGUAGE_CODE and not getattr(article, f"title_{code}", ""):
            continue
        found = [
            (gettext("Lead"), check_lead(getattr(article, f"lead_{code}", ""))),
            (gettext("Text"), check_text(getattr(article, f"body_{code}", ""))),
            (gettext("Cover image"), _cover_problems(article, code)),
        ]
        for field, messages in found:
            problems.extend(
                gettext("%(field)s, %(language)s: %(problem)s")
                % {"field": field, "language": IN_LANGUAGE[code], "problem": message}
                for message in messages
            )
    return problems


def _cover_problems(article, code):
    if not getattr(article, "cover_image", None) or article.cover_decorative:
        return []
    alt = (getattr(article, f"cover_alt_{code}", "") or "").strip()
    if not alt:
        return [gettext("The image has no description (alt text) in this language.")]
    return _image_problems([alt])
