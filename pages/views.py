from django.conf import settings
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from editorial.breadcrumbs import BreadcrumbsMixin, trail
from editorial.languages import LanguageVersionMixin, get_language
from editorial.previews import render_preview
from editorial.typography import typograph
from pagecache import cacheable

from .forms import DocumentFilterForm
from .models import Document, Page, PagePreviewLink


class PageDetailView(LanguageVersionMixin, DetailView):
    """A page at its tree path, e.g. /pro-amu/statut/; a moved page's old path redirects.
    In English, a page without an English version leads to the Ukrainian one."""

    template_name = "pages/page_detail.html"
    context_object_name = "page"
    slug_field = "path"
    slug_url_kwarg = "path"

    def get_queryset(self):
        return Page.objects.published()

    def lookup_object(self):
        """The page at this path in either language; under /en/ the Ukrainian path of a
        translated page redirects to its English one (LanguageVersionMixin)."""
        path = self.kwargs["path"]
        found = list(self.get_queryset().filter(Q(path=path) | Q(path_en=path))[:2])
        if not found:
            raise Http404
        language = get_language()
        return next((page for page in found if page.path_in(language) == path), found[0])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**page_context(self.object), **kwargs)


def page_context(page):
    """What a page's template shows besides the page: crumbs, subpages, documents."""
    return {
        "page": page,
        "breadcrumbs": trail(
            *(
                (typograph(above.title), above.get_absolute_url())
                for above in page.published_ancestors()
            )
        ),
        "subpages": list(page.children.published().in_language().order_by("position", "title")),
        "documents": (
            list(page.documents.published().select_related("category")) if page.pk else []
        ),
    }


def page_preview(request, page, **context):
    """A page (or one of its revisions) on its public template: see news render_preview()."""
    return render_preview(
        request,
        PageDetailView.template_name,
        {**page_context(page), "object": page, **context},
    )


@cacheable(query=["q", "category", "year", "language", "page"])
class DocumentListView(BreadcrumbsMixin, ListView):
    template_name = "pages/document_list.html"
    context_object_name = "documents"
    paginate_by = settings.DOCUMENTS_PAGE_SIZE

    def get_queryset(self):
        self.form = DocumentFilterForm(self.request.GET)
        return self.form.filter(Document.objects.published().select_related("category"))

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=self.form, pagination_query=query.urlencode(), **kwargs
        )


def document_file(request, pk):
    """A published document's file (the admin shows the others: document_response)."""
    return document_response(get_object_or_404(Document.objects.published(), pk=pk))


def document_response(document, **context):
    """The file itself, under its title, with a content type the browser must not second-guess.

    PDFs open in the browser's viewer (inline); office formats are downloaded (attachment).
    The document may be a revision's (DocumentAdmin): its file as it was then.
    """
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file of this document is missing.") from None
    response = FileResponse(
        handle,
        content_type=document.content_type,
        as_attachment=document.file_type != "pdf",
        filename=document.download_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def shared_page_preview(request, token):
    """A page's share link: works without an account until it expires or is revoked."""
    link = PagePreviewLink.from_token(token)
    if link is None:
        raise Http404
    return page_preview(request, link.page, preview_link=link)
