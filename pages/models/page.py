"""Editor-managed pages in a tree, and their share links."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Min, Q
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from editorial.fields import RichTextField
from editorial.languages import TranslatedModel, TranslatedQuerySet, get_language
from editorial.models import SLUG_HELP, PreviewLinkBase, PublicationStatus, Searchable
from editorial.text import SLUG_MAX_LENGTH, unique_slug

# Top-level names served before the page catch-all is reached (or, for language codes,
# that switch the language).
RESERVED_SLUGS = frozenset({"static", "media", "i18n", *(code for code, _ in settings.LANGUAGES)})


class PageQuerySet(TranslatedQuerySet):
    def published(self):
        """The one visibility rule for pages: published, and its time has come."""
        return self.filter(status=Page.Status.PUBLISHED, published_at__lte=timezone.now())

    def next_visibility_change(self, now=None):
        """When a scheduled page appears next, or None (for the page cache)."""
        now = now or timezone.now()
        return self.filter(status=Page.Status.PUBLISHED, published_at__gt=now).aggregate(
            next=Min("published_at")
        )["next"]


class Page(TranslatedModel, Searchable):
    # An English version exists when the title, and the text if there is one, are English.
    translation_fields = ("title", "body")
    search_fields = (("title",), ("meta_description", "body"))

    # The articles' workflow: draft → in review → published; archived.
    Status = PublicationStatus

    # A shallow tree: section, page, subpage.
    MAX_DEPTH = 3

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=SLUG_MAX_LENGTH, blank=True, help_text=SLUG_HELP)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent page"),
        help_text=_(
            "The page's address continues the parent's, e.g. /pro-amu/statut/. Empty: a "
            "top-level page."
        ),
    )
    slug_en = models.SlugField(  # noqa: DJ001 - NULL while there is none, as for articles
        _("English slug"),
        max_length=SLUG_MAX_LENGTH,
        null=True,
        blank=True,
        help_text=_(
            "The address of the English version. Leave empty: it is made from the English title."
        ),
    )
    path = models.CharField(_("address"), max_length=255, editable=False)
    # The English address: the English slugs of the page and the pages above it (a page
    # above without one lends its Ukrainian slug). NULL while the page has no English title.
    path_en = models.CharField(
        _("English address"), max_length=255, unique=True, null=True, blank=True, editable=False
    )
    position = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("Order among pages with the same parent: smaller numbers come first."),
    )
    body = RichTextField(_("text"), blank=True)
    meta_description = models.CharField(
        _("description for search engines"),
        max_length=160,
        blank=True,
        help_text=_("Up to 160 characters. Empty: the beginning of the text is used."),
    )
    show_contacts = models.BooleanField(
        _("show contact details"),
        default=False,
        help_text=_(
            "Adds the address, phones and e-mail addresses from the site settings under the "
            "text (for the Contacts page)."
        ),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_(
            "Kyiv time. A time in the future schedules the page; empty means now when it "
            "is published."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        permissions = [("publish_page", _("Can publish and unpublish pages"))]
        constraints = [
            models.UniqueConstraint(fields=["path"], name="pages_page_unique_path"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="pages_page_published_has_time",
                violation_error_message=_("A published page needs a publication time."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            siblings = Page.objects.filter(parent_id=self.parent_id)
            self.slug = unique_slug(
                Page, self.title_uk or self.title, instance=self, queryset=siblings
            )
        if not self.slug_en and self.title_en:
            siblings = Page.objects.filter(parent_id=self.parent_id)
            self.slug_en = unique_slug(
                Page, self.title_en, field="slug_en", instance=self, queryset=siblings
            )
            if self.address_is_taken(self.build_path_en()):  # "News" → /en/news/, the list's
                self.slug_en = f"{self.slug_en}-page"
        self.slug_en = self.slug_en or None
        self.stamp_publication_time()
        self.path = self.build_path()
        self.path_en = self.build_path_en()
        # Subpages follow a move, and old addresses redirect: pages/signals.py.
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:page", kwargs={"path": self.path_in(get_language())})

    def path_in(self, language):
        """The tree path of a language's version: English has its own once it has a slug."""
        return (language != settings.LANGUAGE_CODE and self.path_en) or self.path

    def clean(self):
        self.stamp_publication_time()
        depth, ancestor = 1, self.parent
        while ancestor is not None and depth <= self.MAX_DEPTH:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("A page cannot be placed inside itself or its subpages.")}
                )
            depth, ancestor = depth + 1, ancestor.parent
        if depth > self.MAX_DEPTH:
            raise ValidationError(
                {
                    "parent": _("Pages can be nested at most %(depth)d levels deep.")
                    % {"depth": self.MAX_DEPTH}
                }
            )
        if not self.slug:
            return
        path = self.build_path()
        if Page.objects.filter(path=path).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"slug": _("Another page already has the address /%(path)s/.") % {"path": path}}
            )
        path_en = self.build_path_en()
        if path_en and Page.objects.filter(path_en=path_en).exclude(pk=self.pk).exists():
            raise ValidationError(
                {
                    "slug_en": _("Another page already has the address /%(path)s/.")
                    % {"path": f"en/{path_en}"}
                }
            )
        if path_en and self.address_is_taken(path_en):
            raise ValidationError(
                {
                    "slug_en": _(
                        "The address /%(path)s/ belongs to another part of the site. "
                        "Choose another slug."
                    )
                    % {"path": f"en/{path_en}"}
                }
            )
        if self.address_is_taken(path):
            raise ValidationError(
                {
                    "slug": _(
                        "The address /%(path)s/ belongs to another part of the site. "
                        "Choose another slug."
                    )
                    % {"path": path}
                }
            )

    def build_path(self):
        return f"{self.parent.path}/{self.slug}" if self.parent else self.slug

    def build_path_en(self):
        if not self.slug_en:
            return None
        if self.parent is None:
            return self.slug_en
        return f"{self.parent.path_en or self.parent.path}/{self.slug_en}"

    @staticmethod
    def address_is_taken(path):
        """Whether another view answers at this path in any language (news, documents, …)."""
        if path.split("/", 1)[0] in RESERVED_SLUGS:
            return True
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                url = reverse("pages:page", kwargs={"path": path})
                try:
                    match = resolve(url)
                except Resolver404:
                    continue
                if match.view_name != "pages:page":
                    return True
        return False

    def stamp_publication_time(self):
        """Publishing without a time means publishing now."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            # Whole seconds, as for articles: what the admin's time field shows.
            self.published_at = timezone.now().replace(microsecond=0)

    @property
    def state(self):
        """Where the page stands for a visitor: a status, or "live" / "scheduled"."""
        if self.status != self.Status.PUBLISHED:
            return self.status
        return "scheduled" if self.published_at > timezone.now() else "live"

    def is_visible(self):
        """Whether a visitor sees it now, by the one rule (one query)."""
        return self.pk is not None and Page.objects.published().filter(pk=self.pk).exists()

    @property
    def depth(self):
        return self.path.count("/") + 1

    @property
    def description(self):
        return self.meta_description or Truncator(strip_tags(self.body)).chars(160)

    def published_ancestors(self):
        """The published pages above this one, top first, in one query."""
        parts = self.path.split("/")[:-1]
        paths = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        return list(Page.objects.published().filter(path__in=paths).order_by("path"))


class PagePreviewLink(PreviewLinkBase):
    """A share link to a page: as for articles (news.PreviewLink)."""

    SALT = "pages.preview-link"
    target = "page"
    url_name = "pages:preview"

    page = models.ForeignKey(
        Page, models.CASCADE, related_name="preview_links", verbose_name=_("page")
    )
