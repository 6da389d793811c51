"""Ukrainian words in any of their forms: the one search of the site (issue 6, issue 24).

PostgreSQL has no Ukrainian text-search configuration, so words are reduced to their
dictionary forms here, in Python, with simplemma (docs/decisions.md). A text is stored as
its forms (news.search: an article's documents; partners.search: a hromada's or an
initiative's names) and a reader's query is reduced the same way, so "громадою" finds
"громади" and "Тернопіль" finds "Тернополя". This module holds what every search shares:
the words of a text, their forms, the stop words, the query and the marks in results.
"""

import functools
import itertools
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import simplemma
from django.conf import settings
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan, LessThan
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import WORD, normalize_apostrophes

# At most this many query words count; the rest of a long query is ignored.
MAX_TERMS = 10

# Words that say nothing about what a reader looks for: prepositions, conjunctions, particles.
# A query word is left out when it or its dictionary form is one of them.
STOP_WORDS = frozenset(
    "у в з із зі зо на до від біля для та і й а але чи по під над за при про що як це же б би "
    "the a an of in on at to for and or is are was be by with from".split()
)

# The languages whose words are reduced (simplemma knows both); a language without its own
# forms searches the original's.
LEMMATIZER_LANGUAGE = {"uk": "uk", "en": "en"}
LANGUAGES = tuple(LEMMATIZER_LANGUAGE)


def language_or_original(language):
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


@functools.lru_cache(maxsize=50_000)
def word_key(word, language="uk"):
    """(form as written, dictionary form) of one lower-case word, apostrophes removed."""
    lemma = simplemma.lemmatize(word, lang=LEMMATIZER_LANGUAGE[language]).lower()
    return word.replace("'", ""), lemma.replace("'", "").replace("’", "")


def words(text):
    """The lower-case words of a text, apostrophe variants made one."""
    return WORD.findall(normalize_apostrophes(text or "").lower())


def document_line(text, language):
    """Each dictionary form once, in order of first use. The word as written adds nothing:
    a query's word is reduced by the same function, and how often a word occurs counts
    for little next to where it occurs; short documents keep the vectors small and fast."""
    lemmas = dict.fromkeys(word_key(word, language)[1] for word in words(text))
    return f" {' '.join(lemmas)} " if lemmas else " "


def word_forms(*texts, language="uk"):
    """The words of the texts as written and in their dictionary forms, each once, sorted and
    space-delimited, with a space at each end: a short text (a name) stored for matching."""
    forms = set()
    for word in words(" ".join(text or "" for text in texts)):
        forms.update(word_key(word, language))
    return f" {' '.join(sorted(forms))} "


# --- Queries -------------------------------------------------------------------------------


@dataclass
class Term:
    """One query word: the forms that match it (dictionary form, as written, corrections)."""

    forms: list = field(default_factory=list)
    corrected: str = ""

    @property
    def lemma(self):
        return self.forms[0]


@dataclass
class Query:
    text: str
    language: str
    terms: list
    # False when every word was a stop word and the terms are those words anyway.
    names_something: bool = True

    @property
    def forms(self):
        return {form for term in self.terms for form in term.forms}

    @property
    def corrected_text(self):
        """The query as searched after typo correction, or "" when nothing was corrected."""
        if not any(term.corrected for term in self.terms):
            return ""
        return " ".join(term.corrected or term.lemma for term in self.terms)


def parse_query(text, language, stop_words=STOP_WORDS):
    """The words of a reader's query that count, each with the forms that match it.

    Stop words count only when the query is nothing else ("за" alone is still a query);
    `names_something` then says so, for a search that lists only what a query names."""
    language = language_or_original(language)
    all_terms = []
    for word in words(text):
        written, lemma = word_key(word, language)
        stop = word in stop_words or lemma in stop_words
        all_terms.append((stop, Term(forms=list(dict.fromkeys([lemma, written])))))
    terms = [term for stop, term in all_terms if not stop]
    names_something = bool(terms) or not all_terms
    terms = terms or [term for _stop, term in all_terms]
    unique = {tuple(term.forms): term for term in terms}
    return Query(
        text=text,
        language=language,
        terms=list(unique.values())[:MAX_TERMS],
        names_something=names_something,
    )


def match_words(queryset, query, field="search_text"):
    """Rows whose `field` (lines of word forms, the title's first: document_line()) has every
    term of the query in one of its forms, annotated with `title_hits`: how many terms are in
    the title. A plain LIKE: the tables it serves hold hundreds of rows, not tens of thousands
    (news have their own index: news/search.py)."""
    title_end = StrIndex(field, Value("\n"))
    title_hits = Value(0, output_field=IntegerField())
    for term in query.terms:
        anywhere, in_title = Q(), Q()
        for form in term.forms:
            position = StrIndex(field, Value(f" {form} "))
            anywhere |= Q(**{f"{field}__contains": f" {form} "})
            in_title |= Q(GreaterThan(position, 0)) & Q(LessThan(position, title_end))
        queryset = queryset.filter(anywhere)
        title_hits = title_hits + Case(When(in_title, then=Value(1)), default=Value(0))
    return queryset.annotate(title_hits=title_hits) if query.terms else queryset.none()


# --- Marks in results ------------------------------------------------------------------------

_WORD_SPAN = re.compile(r"[^\W_]+(?:['’ʼ‘`´][^\W_]+)*")


def _matches(word, forms, language):
    written, lemma = word_key(normalize_apostrophes(word).lower(), language)
    return written in forms or lemma in forms


def highlight(text, query, *, before=12, after=28, whole=False):
    """HTML: the text (or a passage around the first match) with every word that matches
    the query in <mark>. The text is escaped; the marks are the only markup."""
    text = text or ""
    forms = query.forms
    # A word and its dictionary form begin with the same letter: the others need no look-up.
    initials = {form[:1] for form in forms}

    def is_hit(span):
        word = text[span[0] : span[1]]
        return word[:1].lower() in initials and _matches(word, forms, query.language)

    if whole:
        spans = [match.span() for match in _WORD_SPAN.finditer(text)]
        start_at, end_at = 0, len(text)
    else:
        spans = _passage(text, is_hit, before, after)
        start_at = spans[0][0] if spans else 0
        end_at = spans[-1][1] if spans else len(text)
    parts = ["…"] if start_at > 0 else []
    position = start_at
    for start, end in spans:
        parts.append(escape(text[position:start]))
        word = escape(text[start:end])
        parts.append(f"<mark>{word}</mark>" if is_hit((start, end)) else word)
        position = end
    parts.append(escape(text[position:end_at]))
    if end_at < len(text.rstrip()):
        parts.append("…")
    return mark_safe("".join(parts).replace("\n", " "))


def _passage(text, is_hit, before, after):
    """The spans of a snippet's words: `before` words before the first match and the rest of
    `before + after` from it; the first words of a text without one. Words after the passage
    are not looked at: a result's text runs to hundreds of words, a snippet to forty."""
    length = before + after
    words = _WORD_SPAN.finditer(text)
    head, recent = [], deque(maxlen=before)
    for match in words:
        span = match.span()
        if is_hit(span):
            passage = [*recent, span]
            rest = itertools.islice(words, length - len(passage))
            return passage + [match.span() for match in rest]
        if len(head) < length:
            head.append(span)
        recent.append(span)
    return head


# --- The site's groups ------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A labelled group of the site search beside the news: an app registers its own in
    ready(), so that the search imports none of them (docs/architecture.md)."""

    key: str  # the group's anchor on the page
    label: str
    find: Callable  # query -> the matching rows the reader may see, best first
    template: str  # one result, the row as `result`
    title: Callable | None = None  # row -> the title to mark; None: the template names it
    passage: Callable | None = None  # row -> text, of which a passage is shown, marked
    more: str = ""  # the URL name of a list whose ?q= finds every match
    order: int = 0  # groups go up the page in this order


SOURCES = {}


def register(source):
    SOURCES[source.key] = source


def sources():
    return sorted(SOURCES.values(), key=lambda source: source.order)
