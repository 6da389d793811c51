"""Finding hromadas and initiatives by name, with the site's one search (editorial.search).

A row keeps `search_text`: the words of its names, as written and in their dictionary forms
(editorial.search.word_forms), and a query's words match them as word beginnings, so
"у Вінниці" finds Вінницька and "Терноп" finds Тернопільська while it is being typed.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from editorial import search
from editorial.languages import TranslatedQuerySet, localized
from editorial.search import STOP_WORDS, parse_query

from .collation import ukrainian_order

# The site's stop words and the nouns that say nothing about which hromada is meant.
DIRECTORY_STOP_WORDS = STOP_WORDS | frozenset(
    "громада територіальний отг тг обл область район".split()
)


def name_terms(query):
    """The terms of a query that say which row is meant (none for "громада", "у")."""
    parsed = parse_query(query, "uk", stop_words=DIRECTORY_STOP_WORDS)
    return parsed.terms if parsed.names_something else []


class WordSearchQuerySet(TranslatedQuerySet):
    """Search over `search_text` (see above)."""

    def search(self, query):
        """Rows whose words match every word of the query that counts, in any case form;
        every row for a query with no such word."""
        queryset = self
        for term in name_terms(query):
            condition = Q()
            for form in term.forms:
                condition |= Q(search_text__contains=f" {form}")
            queryset = queryset.filter(condition)
        return queryset

    def search_words(self, query):
        """search(), but no rows for a query with no words that count ("громада", "у"): the
        site search lists only what a query names."""
        return self.search(query) if name_terms(query) else self.none()


def register_sources():
    """Hromadas and initiatives in the site search (editorial.search.Source), by their names."""
    # The models import this module (WordSearchQuerySet): read here, once the registry is ready.
    from .models import Initiative, Municipality

    search.register(
        search.Source(
            key="hromadas",
            label=_("Hromadas"),
            order=10,
            find=lambda query: (
                Municipality.objects.in_language()
                .search_words(query.text)
                .select_related("oblast")
                .alphabetical()
            ),
            template="partners/includes/search_result_hromada.html",
            more="partners:municipality_list",
        )
    )
    search.register(
        search.Source(
            key="initiatives",
            label=_("Initiatives"),
            order=20,
            find=lambda query: (
                Initiative.objects.in_language()
                .search_words(query.text)
                .order_by(ukrainian_order(localized("name")))
            ),
            template="partners/includes/search_result_initiative.html",
        )
    )
