"""Pages, menus, site settings and documents (one module each)."""

from .documents import Document, DocumentCategory, DocumentQuerySet, document_upload_to
from .page import RESERVED_SLUGS, Page, PagePreviewLink, PageQuerySet
from .site import Menu, MenuItem, SiteSettings

__all__ = [
    "RESERVED_SLUGS",
    "Document",
    "DocumentCategory",
    "DocumentQuerySet",
    "Menu",
    "MenuItem",
    "Page",
    "PagePreviewLink",
    "PageQuerySet",
    "SiteSettings",
    "document_upload_to",
]
