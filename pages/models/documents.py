"""Public documents (statute, reports), attached to pages and articles."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.languages import TranslatedModel, TranslatedQuerySet
from editorial.models import PublicationStatus, Searchable, SluggedModel
from news.models import Article

from ..documents import DOCUMENT_TYPES, detect_document_type, pdf_text, validate_document
from .page import Page


class DocumentCategory(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("document category")
        verbose_name_plural = _("document categories")


def document_upload_to(instance, filename):
    """A random name: the uploader's file name never reaches the disk or a URL."""
    return f"documents/{timezone.now():%Y}/{secrets.token_hex(16)}.{instance.file_type}"


class DocumentQuerySet(TranslatedQuerySet):
    def published(self):
        """The one visibility rule for documents: an editor has published it."""
        return self.filter(status=Document.Status.PUBLISHED)


class DocumentManager(models.Manager.from_queryset(DocumentQuerySet)):
    def get_queryset(self):
        """Without the texts the search alone reads: a PDF's may run to 200,000 characters.
        A save still writes them (Searchable.save() sets search_text, which reads the rest)."""
        return super().get_queryset().defer("file_text", "search_text")


class Document(TranslatedModel, Searchable):
    """A file on /dokumenty/ and under the pages, news and initiatives it is attached to.

    The articles' workflow: an author proposes (draft, in review), an editor publishes;
    every save is a revision (who, when, which file), and a replaced file stays in storage,
    reachable from the revision that had it."""

    # Draft, in review, published (archived: taken off the site).
    Status = PublicationStatus

    # Listed in every language: a document is a file in its own language (its `language`),
    # and one without an English title is named in Ukrainian, marked lang="uk".
    translation_fields = ("title", "description")
    search_fields = (("title",), ("description", "file_text"))

    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        max_length=200,
        validators=[validate_document],
        help_text=_(
            "PDF, or an office document (docx, xlsx, pptx, odt, ods, odp, doc, xls, ppt). "
            "The content is checked, not only the name."
        ),
    )
    published_on = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("The date of the document: when it was adopted or published."),
    )
    category = models.ForeignKey(
        DocumentCategory,
        models.PROTECT,
        related_name="documents",
        verbose_name=_("category"),
    )
    language = models.CharField(
        _("language of the document"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    description = models.TextField(_("short description"), max_length=500, blank=True)
    file_type = models.CharField(
        _("format"),
        max_length=10,
        editable=False,
        choices=[(k, v.label) for k, v in DOCUMENT_TYPES.items()],
    )
    file_size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    # A PDF's text as read at upload (pages.documents.pdf_text), for the site search.
    file_text = models.TextField(_("text of the file"), editable=False, blank=True, db_default="")
    articles = models.ManyToManyField(
        Article, blank=True, related_name="documents", verbose_name=_("articles")
    )
    pages = models.ManyToManyField(
        Page, blank=True, related_name="documents", verbose_name=_("pages")
    )
    initiatives = models.ManyToManyField(
        "partners.Initiative",
        blank=True,
        related_name="documents",
        verbose_name=_("initiatives"),
        help_text=_("E.g. an OGP Local action plan on the initiative's page."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        # Documents uploaded before the review existed were public at once, and stay so.
        db_default=Status.PUBLISHED,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DocumentManager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("publish_document", _("Can publish and unpublish documents"))]
        indexes = [
            models.Index(fields=["-published_on", "-id"], name="pages_document_date_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            # Sets the extension the random name gets, from the content.
            self.file_type = detect_document_type(self.file)
            self.file_size = self.file.size
            self.file_text = pdf_text(self.file) if self.file_type == "pdf" else ""
        elif (
            self.file
            and self.pk
            and not type(self).objects.filter(pk=self.pk, file=self.file.name).exists()
        ):
            # A revision's file restored: its text, as at its upload.
            self.file_text = pdf_text(self.file) if self.file_type == "pdf" else ""
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:document", kwargs={"pk": self.pk})

    def is_visible(self):
        return self.pk is not None and Document.objects.published().filter(pk=self.pk).exists()

    @property
    def content_type(self):
        return DOCUMENT_TYPES[self.file_type].content_type

    @property
    def format_label(self):
        return DOCUMENT_TYPES[self.file_type].label if self.file_type in DOCUMENT_TYPES else ""

    @property
    def download_name(self):
        """The file name a visitor's browser saves: the title, safe for any file system."""
        name = "".join(c if c.isalnum() or c in " -_.,()«»’'" else " " for c in self.title)
        return f"{' '.join(name.split())[:120] or 'document'}.{self.file_type}"
