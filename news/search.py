"""Site search: Ukrainian words in any of their forms (issue 6, docs/decisions.md).

PostgreSQL has no Ukrainian text-search configuration, so the words are reduced to their
dictionary forms here, in Python (``editorial.text.lemmas``), and PostgreSQL indexes those
forms in the language-neutral ``simple`` configuration:

- ``Article.search_document_<language>`` holds three lines — title, lead, text — of
  space-delimited words: the dictionary form of each word, once, lower case, apostrophes
  removed. ``Article.save()`` computes it.
- On PostgreSQL a trigger (news/migrations/0012_search.py) turns the document into the
  weighted ``search_vector_<language>`` (title A, lead B, text C) on every write, including
  bulk ones, and adds its words to ``SearchTerm``, the vocabulary that typo correction
  (pg_trgm) looks in. A GIN index serves the match.
- On SQLite the same documents are matched with LIKE, title matches first.

A query is reduced the same way, so "громадою" finds "громади" and "Тернопіль" finds
"Тернополя"; every query word must match (in one of its forms).
"""

import functools
import itertools
import re
from collections import deque
from dataclasses import dataclass, field

import simplemma
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan, LessThan
from django.utils.html import escape
from django.utils.safestring import mark_safe

from editorial.text import WORD, html_to_text, normalize_apostrophes

MAX_QUERY_LENGTH = 200
# Only the newest this many matches are ranked and listed (see search_articles()).
MAX_RESULTS = 500
# At most this many query words count; the rest of a long query is ignored.
MAX_TERMS = 10
# Typo correction: only words this long, only this many per query (a fixed query budget).
CORRECTION_MIN_LENGTH = 4
MAX_CORRECTIONS = 3
CORRECTION_SIMILARITY = 0.4
# Vocabulary words longer than this are not kept (see the trigger).
MAX_TERM_LENGTH = 40

# Words that say nothing about what a reader looks for: prepositions, conjunctions, particles.
STOP_WORDS = frozenset(
    "у в з із зі зо на до від біля для та і й а але чи по під над за при про що як це же б би "
    "the a an of in on at to for and or is are was be by with from".split()
)

LANGUAGES = ("uk", "en")
# An article's search columns, per language: read by search alone, kilobytes an article.
SEARCH_DOCUMENTS = [f"search_document_{code}" for code in LANGUAGES]
SEARCH_COLUMNS = [*SEARCH_DOCUMENTS, *(f"search_vector_{code}" for code in LANGUAGES)]
# simplemma knows both; a language without a document of its own searches the original.
LEMMATIZER_LANGUAGE = {"uk": "uk", "en": "en"}


def language_or_original(language):
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


@functools.lru_cache(maxsize=50_000)
def word_key(word, language="uk"):
    """(form as written, dictionary form) of one lower-case word, apostrophes removed."""
    lemma = simplemma.lemmatize(word, lang=LEMMATIZER_LANGUAGE[language]).lower()
    return word.replace("'", ""), lemma.replace("'", "").replace("’", "")


def words(text):
    """The lower-case words of a text, apostrophe variants made one (as lemmas() sees them)."""
    return WORD.findall(normalize_apostrophes(text or "").lower())


def document_line(text, language):
    """Each dictionary form once, in order of first use. The word as written adds nothing:
    a query's word is reduced by the same function, and how often a word occurs counts
    for little next to where it occurs; short documents keep the vectors small and fast."""
    lemmas = dict.fromkeys(word_key(word, language)[1] for word in words(text))
    return f" {' '.join(lemmas)} " if lemmas else " "


def search_document(title, lead, body_html, language="uk"):
    """The stored document: title, lead and text as lines of word forms (see above)."""
    language = language_or_original(language)
    return "\n".join(
        document_line(part, language) for part in (title, lead, html_to_text(body_html))
    )


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

    @property
    def forms(self):
        return {form for term in self.terms for form in term.forms}

    @property
    def corrected_text(self):
        """The query as searched after typo correction, or "" when nothing was corrected."""
        if not any(term.corrected for term in self.terms):
            return ""
        return " ".join(term.corrected or term.lemma for term in self.terms)


def parse_query(text, language):
    """The words of a reader's query that count, each with the forms that match it."""
    language = language_or_original(language)
    all_terms = []
    for word in words(text):
        written, lemma = word_key(word, language)
        all_terms.append((word, Term(forms=list(dict.fromkeys([lemma, written])))))
    # Stop words count only when the query is nothing else ("за" alone is still a query).
    terms = [term for word, term in all_terms if word not in STOP_WORDS] or [
        term for _word, term in all_terms
    ]
    unique = {tuple(term.forms): term for term in terms}
    return Query(text=text, language=language, terms=list(unique.values())[:MAX_TERMS])


def correct_typos(query, vocabulary):
    """PostgreSQL: a word that no document has gets the most similar word of the vocabulary
    (pg_trgm; SearchTerm.objects) as another form, so "грамада" also finds "громада"."""
    if connection.vendor != "postgresql" or not query.terms:
        return query
    known = set(vocabulary.filter(word__in=query.forms).values_list("word", flat=True))
    unknown = [
        term
        for term in query.terms
        if not known.intersection(term.forms) and len(term.lemma) >= CORRECTION_MIN_LENGTH
    ]
    for term in unknown[:MAX_CORRECTIONS]:
        similar = vocabulary.similar_to(term.forms[-1], CORRECTION_SIMILARITY).first()
        if similar is not None:
            term.forms.append(similar)
            term.corrected = similar
    return query


def _fields(language):
    return f"search_document_{language}", f"search_vector_{language}"


def tsquery_text(query):
    """to_tsquery() input: every term, any of its forms. Forms are letters and digits only
    (WORD), so quoting them is enough."""
    return " & ".join(
        "(" + " | ".join(f"'{form}'" for form in term.forms) + ")" for term in query.terms
    )


def search_articles(queryset, query):
    """Articles of queryset matching every term of the query, best first: the best of the
    newest MAX_RESULTS matches.

    Ranking every match of a word that nearly every article has ("громада") would test
    and rank every vector of the site; the newest MAX_RESULTS matches are found along the
    publication-time index instead, and only they are ranked and counted. A reader who
    meets the limit is told to narrow the search (docs/decisions.md).

    PostgreSQL: the weighted vector, ranked by ts_rank (title A, lead B, text C).
    SQLite: LIKE on the document; a term in the title puts the article first.
    """
    if not query.terms:
        return queryset.none()
    document, vector = _fields(query.language)
    if connection.vendor == "postgresql":
        tsquery = SearchQuery(tsquery_text(query), search_type="raw", config="simple")
        matches = queryset.filter(**{vector: tsquery})
        rank = SearchRank(F(vector), tsquery)
    else:
        title_end = StrIndex(document, Value("\n"))
        rank = Value(0, output_field=IntegerField())
        matches = queryset
        for term in query.terms:
            condition = Q()
            in_title = Q()
            for form in term.forms:
                position = StrIndex(document, Value(f" {form} "))
                condition |= Q(**{f"{document}__contains": f" {form} "})
                in_title |= Q(GreaterThan(position, 0)) & Q(LessThan(position, title_end))
            matches = matches.filter(condition)
            rank = rank + Case(When(in_title, then=Value(1)), default=Value(0))
    newest = matches.order_by("-published_at", "-pk").values("pk")[:MAX_RESULTS]
    return (
        queryset.model.objects.filter(pk__in=newest)
        .annotate(rank=rank)
        .order_by("-rank", "-published_at", "-pk")
        .defer(*SEARCH_COLUMNS)
    )


# --- Snippets --------------------------------------------------------------------------------

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


def article_snippet(article, query):
    """A passage of the lead and text around the first match, marked."""
    text = "\n".join(filter(None, [article.lead, html_to_text(article.body)]))
    return highlight(text, query)
