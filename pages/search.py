"""Pages and documents in the site search (editorial.search.Source), found by the words of
their texts in any form; a PDF by its text too (pages.documents.pdf_text)."""

from django.utils.translation import gettext_lazy as _

from editorial import search
from editorial.text import html_to_text

from .models import Document, Page


def find_pages(query):
    return search.match_words(Page.objects.published().in_language(), query).order_by(
        "-title_hits", "path"
    )


def find_documents(query):
    """Documents are listed in every language (each is a file in its own); with the text of
    their files, from which the passage comes."""
    return (
        search.match_words(Document.objects.published().defer(None).defer("search_text"), query)
        .select_related("category")
        .order_by("-title_hits", "-published_on", "-pk")
    )


def register_sources():
    search.register(
        search.Source(
            key="pages",
            label=_("Pages"),
            order=30,
            find=find_pages,
            template="pages/search_result_page.html",
            title=lambda page: page.title,
            passage=lambda page: "\n".join(
                filter(None, [page.meta_description, html_to_text(page.body)])
            ),
        )
    )
    search.register(
        search.Source(
            key="documents",
            label=_("Documents"),
            order=50,
            find=find_documents,
            template="pages/search_result_document.html",
            title=lambda document: document.title,
            passage=lambda document: "\n".join(
                filter(None, [document.description, document.file_text])
            ),
            more="pages:documents",
        )
    )
