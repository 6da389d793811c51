"""Site search: Ukrainian words in any of their forms (issue 6, docs/decisions.md).

PostgreSQL has no Ukrainian text-search configuration, so the words are reduced to their
dictionary forms here, in Python (``editorial.search``, which the directory's search
shares), and PostgreSQL indexes those forms in the language-neutral ``simple`` configuration:

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

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F

from editorial.search import (
    LANGUAGES,
    document_line,
    highlight,
    language_or_original,
    match_words,
)
from editorial.text import html_to_text

MAX_QUERY_LENGTH = 200
# Only the newest this many matches are ranked and listed (see search_articles()).
MAX_RESULTS = 500
# Typo correction: only words this long, only this many per query (a fixed query budget).
CORRECTION_MIN_LENGTH = 4
MAX_CORRECTIONS = 3
CORRECTION_SIMILARITY = 0.4
# Vocabulary words longer than this are not kept (see the trigger).
MAX_TERM_LENGTH = 40

# An article's search columns, per language: read by search alone, kilobytes an article.
SEARCH_DOCUMENTS = [f"search_document_{code}" for code in LANGUAGES]
SEARCH_COLUMNS = [*SEARCH_DOCUMENTS, *(f"search_vector_{code}" for code in LANGUAGES)]


def search_document(title, lead, body_html, language="uk"):
    """The stored document: title, lead and text as lines of word forms (see above)."""
    language = language_or_original(language)
    return "\n".join(
        document_line(part, language) for part in (title, lead, html_to_text(body_html))
    )


# --- Queries -------------------------------------------------------------------------------


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
        newest = queryset.filter(**{vector: tsquery})
    else:
        newest = match_words(queryset, query, document)
    newest = newest.order_by("-published_at", "-pk").values("pk")[:MAX_RESULTS]
    found = queryset.model.objects.filter(pk__in=newest)
    if connection.vendor == "postgresql":
        found = found.annotate(rank=SearchRank(F(vector), tsquery))
    else:
        found = match_words(found, query, document).annotate(rank=F("title_hits"))
    return found.order_by("-rank", "-published_at", "-pk").defer(*SEARCH_COLUMNS)


# --- Snippets --------------------------------------------------------------------------------


def article_snippet(article, query):
    """A passage of the lead and text around the first match, marked."""
    text = "\n".join(filter(None, [article.lead, html_to_text(article.body)]))
    return highlight(text, query)
