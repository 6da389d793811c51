"""Text helpers for Ukrainian content: official transliteration for slugs, HTML sanitizing."""

import difflib
import re
from html import unescape

import nh3
import simplemma
from django.utils.text import slugify
from translitua import UkrainianKMU, translit

from images.body import name_from_url as body_image_name

# Apostrophe variants an editor may type: ' ’ ʼ ‘ `. The 2010 rules drop them.
APOSTROPHES = re.compile(r"['’ʼ‘`´]")

SLUG_MAX_LENGTH = 80
# A year in a news address: /novyny/2025/ is that year's archive, never an article.
YEAR = "[0-9]{4}"
YEAR_SLUG = re.compile(rf"\A{YEAR}\Z")  # the whole slug: "biudzhet-2025" is an article's
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def transliterate(text):
    """Ukrainian → Latin by the official 2010 system (Cabinet of Ministers resolution No. 55)."""
    return translit(APOSTROPHES.sub("", text), UkrainianKMU)


def slugify_uk(text, max_length=SLUG_MAX_LENGTH):
    """A lower-case ASCII slug of a Ukrainian text, cut at a word boundary."""
    slug = slugify(transliterate(text))
    if len(slug) <= max_length:
        return slug
    cut = slug[: max_length + 1]
    return cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]


def unique_slug(
    model,
    text,
    *,
    field="slug",
    instance=None,
    max_length=SLUG_MAX_LENGTH,
    queryset=None,
    reserved=None,
):
    """slugify_uk(text), with "-2", "-3"… appended until no other row of model has it.

    queryset narrows "other rows", e.g. to a page's siblings when slugs are unique per parent.
    reserved: a pattern of slugs whose addresses belong to something else, e.g. YEAR_SLUG.
    """
    base = slugify_uk(text, max_length) or model._meta.model_name
    others = model._default_manager.all() if queryset is None else queryset
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    taken = set(others.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    return free_slug(base, taken, max_length=max_length, reserved=reserved)


def free_slug(base, taken, *, max_length=SLUG_MAX_LENGTH, reserved=None):
    """base, or base with "-2", "-3"… (cut to max_length) when it is in taken (a set of the
    slugs in use) or matches reserved. unique_slug() asks the database for taken; an importer
    that makes many rows at once keeps its own set and adds each slug it gives out."""
    candidate, number = base, 2
    while candidate in taken or (reserved is not None and reserved.fullmatch(candidate)):
        suffix = f"-{number}"
        candidate = f"{base[: max_length - len(suffix)].rstrip('-')}{suffix}"
        number += 1
    return candidate


# The exact allowlist of rich text: paragraphs, h2–h4, bold/italic, links, lists, quotes,
# and figures with images uploaded through the editor (images.body).
ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "strong",
        "em",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "figure",
        "figcaption",
        "img",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "width", "height"}),
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})


def _filter_attribute(tag, attribute, value):
    """An <img> shows only this site's own uploaded body images, with numeric sizes."""
    if tag == "img":
        if attribute == "src":
            return value if body_image_name(value) else None
        if attribute in {"width", "height"}:
            return value if value.isdigit() and len(value) <= 5 else None
    return value


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_filter_attribute,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)
# An <img> whose address was not one of ours has lost its src: nothing to show.
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\bsrc=)[^>]*>")

# ProseMirror leaves "<p></p>" in an empty editor; that is no content at all.
_EMPTY = re.compile(r"^(\s*<p>\s*(<br>)?\s*</p>\s*)*$")


def sanitize_html(html):
    """The only HTML that reaches the database from a rich-text field."""
    cleaned = _IMG_WITHOUT_SRC.sub("", _cleaner.clean(html or ""))
    return "" if _EMPTY.match(cleaned) else cleaned


_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(
    r"""\balt\s*=\s*(?:"\s*[^"\s][^"]*"|'\s*[^'\s][^']*'|[^\s"'>]+)""", re.IGNORECASE
)


def images_without_description(html):
    """How many <img> in the HTML have no (or an empty) alt text."""
    return sum(1 for tag in _IMG.findall(html or "") if not _ALT.search(tag))


def normalize_apostrophes(text):
    """Every apostrophe variant (' ’ ʼ ‘ ` ´) as the ASCII one, for matching."""
    return APOSTROPHES.sub("'", text)


def lemmas(text, language="uk"):
    """Lower-case dictionary forms of the words of a Ukrainian (or English) text, in order.

    "у Вінниці" → ["у", "вінниця"]; "Тернополя" → ["тернопіль"]; "громадою" → ["громада"].
    simplemma has no dependencies and knows Ukrainian (docs/decisions.md).
    """
    words = WORD.findall(normalize_apostrophes(text).lower())
    return [simplemma.lemmatize(word, lang=language).lower() for word in words]


def load_lemma_dictionaries(languages):
    """Read simplemma's dictionaries of these languages now rather than at the first search
    or save: Ukrainian's takes about a third of a second and 65 MB, English's 25 MB. The
    gunicorn master does it once for all its workers (amu_site/warmup.py)."""
    for language in languages:
        simplemma.lemmatize("words", lang=language)


_BLOCK_END = re.compile(r"</(p|h[2-4]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_TOKEN = re.compile(r"\s+|[^\s]+")


def html_to_text(html):
    """Readable plain text of rich-text HTML: one line per paragraph, heading or item."""
    text = _TAG.sub("", _BLOCK_END.sub("\n", html or ""))
    return "\n".join(line.strip() for line in unescape(text).splitlines() if line.strip())


# Words a reader reads per minute: the figure reading-time estimates commonly use.
WORDS_PER_MINUTE = 200


def reading_minutes(*texts):
    """Whole minutes to read plain texts and HTML (at least one)."""
    words = sum(
        len(WORD.findall(normalize_apostrophes(html_to_text(text or "")))) for text in texts
    )
    return max(1, round(words / WORDS_PER_MINUTE))


def diff_words(old, new):
    """Word-level difference of two texts: a list of (op, text), op being
    "equal", "delete" or "insert"; what an editor reads as crossed-out and added words."""
    old_tokens, new_tokens = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    parts = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("equal", "".join(old_tokens[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("delete", "".join(old_tokens[i1:i2])))
        if j2 > j1:
            parts.append(("insert", "".join(new_tokens[j1:j2])))
    return parts
