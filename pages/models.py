import secrets

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Min, Q
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from editorial.fields import RichTextField
from editorial.languages import TranslatedModel, TranslatedQuerySet, get_language
from editorial.models import SLUG_HELP, PreviewLinkBase, PublicationStatus, SluggedModel
from editorial.text import SLUG_MAX_LENGTH, unique_slug
from news.models import Article

from .documents import DOCUMENT_TYPES, detect_document_type, validate_document

# Top-level names served before the page catch-all is reached (or, for language codes,
# that switch the language).
RESERVED_SLUGS = frozenset({"static", "media", "i18n", *(code for code, _ in settings.LANGUAGES)})


def record_move(old_path, new_path):
    """old_path now lives at new_path, as a django.contrib.redirects row (301 on a 404).

    No chains: earlier redirects to old_path now point to new_path; and a redirect away
    from new_path is removed, since a page lives there again.
    """
    redirects = Redirect.objects.filter(site_id=settings.SITE_ID)
    redirects.filter(old_path=new_path).delete()
    redirects.filter(new_path=old_path).update(new_path=new_path)
    Redirect.objects.update_or_create(
        site_id=settings.SITE_ID, old_path=old_path, defaults={"new_path": new_path}
    )


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


class Page(TranslatedModel, models.Model):
    # An English version exists when the title, and the text if there is one, are English.
    translation_fields = ("title", "body")

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
        with transaction.atomic():
            previous = (
                Page.objects.filter(pk=self.pk).values_list("path", "path_en").first()
                if self.pk
                else None
            )
            super().save(*args, **kwargs)
            if previous and previous[0] != self.path:
                self.move_subtree(previous[0])
            if previous and previous != (self.path, self.path_en):
                self.update_english_paths_below()

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

    def update_english_paths_below(self):
        """Subpages' English addresses follow a move or a new English slug above them."""
        for child in Page.objects.filter(parent=self).select_related("parent"):
            path_en = child.build_path_en()
            if path_en != child.path_en:
                Page.objects.filter(pk=child.pk).update(path_en=path_en)
                child.path_en = path_en
            child.update_english_paths_below()

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

    def move_subtree(self, previous):
        """After a move: subpages follow, and every old address redirects to the new one."""
        moves = [(previous, self.path)]
        prefix = f"{previous}/"
        for pk, path in Page.objects.filter(path__startswith=prefix).values_list("pk", "path"):
            new_path = f"{self.path}/{path[len(prefix) :]}"
            Page.objects.filter(pk=pk).update(path=new_path)
            moves.append((path, new_path))
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for old, new in moves:
                    record_move(
                        reverse("pages:page", kwargs={"path": old}),
                        reverse("pages:page", kwargs={"path": new}),
                    )

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

    page = models.ForeignKey(
        Page, models.CASCADE, related_name="preview_links", verbose_name=_("page")
    )

    class Meta(PreviewLinkBase.Meta):
        pass

    def get_absolute_url(self):
        return reverse("pages:preview", kwargs={"token": self.token})


class Menu(models.Model):
    """The header or footer links of one language; its entries are edited inline."""

    class Location(models.TextChoices):
        HEADER = "header", _("Header menu")
        FOOTER = "footer", _("Footer links")

    location = models.CharField(_("place"), max_length=20, choices=Location)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        ordering = ["location", "language"]
        verbose_name = _("menu")
        verbose_name_plural = _("menus")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "language"], name="pages_menu_unique_location_language"
            ),
        ]

    def __str__(self):
        return f"{self.get_location_display()} ({self.get_language_display()})"


class MenuItem(models.Model):
    class Section(models.TextChoices):
        NEWS = "news", _("News")
        INITIATIVES = "initiatives", _("Initiatives")
        DIRECTORY = "directory", _("Hromadas")
        DOCUMENTS = "documents", _("Documents")

    # A section leads to the list view with this URL name; a section whose app is not
    # installed (yet) has no URL and is left out of the menu.
    SECTION_URL_NAMES = {
        Section.NEWS: "news:list",
        Section.INITIATIVES: "partners:initiative_list",
        Section.DIRECTORY: "partners:municipality_list",
        Section.DOCUMENTS: "pages:documents",
    }

    menu = models.ForeignKey(Menu, models.CASCADE, related_name="items", verbose_name=_("menu"))
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Smaller numbers come first.")
    )
    label = models.CharField(
        _("link text"),
        max_length=100,
        blank=True,
        help_text=_("Empty: the page's title or the section's name."),
    )
    page = models.ForeignKey(
        Page,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="menu_items",
        verbose_name=_("page"),
        help_text=_("Shown only while the page is published."),
    )
    section = models.CharField(_("section"), max_length=20, choices=Section, blank=True)
    url = models.URLField(_("external address"), blank=True)

    class Meta:
        ordering = ["menu", "position", "pk"]
        verbose_name = _("menu entry")
        verbose_name_plural = _("menu entries")
        constraints = [
            models.CheckConstraint(
                condition=(Q(page__isnull=False) & Q(section="") & Q(url=""))
                | (Q(page__isnull=True) & ~Q(section="") & Q(url=""))
                | (Q(page__isnull=True) & Q(section="") & ~Q(url="")),
                name="pages_menuitem_one_target",
                violation_error_message=_(
                    "Choose exactly one: a page, a section or an external address."
                ),
            ),
        ]

    def __str__(self):
        if self.label:
            return self.label
        if self.page_id:
            return str(self.page)
        return self.get_section_display() if self.section else self.url


class SiteSettings(models.Model):
    """The association's details, one record edited in the admin."""

    SINGLETON_PK = 1

    name = models.CharField(_("name of the association"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    address = models.TextField(_("address"), max_length=500, blank=True)
    phones = models.TextField(
        _("phones"), blank=True, help_text=_("One number per line, e.g. +380 44 123 45 67.")
    )
    emails = models.TextField(_("e-mail addresses"), blank=True, help_text=_("One per line."))
    facebook_url = models.URLField(_("Facebook"), blank=True)
    telegram_url = models.URLField(_("Telegram"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    default_programme = models.ForeignKey(
        "partners.Programme",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default programme"),
        help_text=_(
            "The donor programme the site is made within: every page's footer says «Сторінку "
            "розроблено в рамках проекту «…» (…)». Empty: nothing is shown."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="pages_sitesettings_singleton"),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    def clean(self):
        for email in self.email_list:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(
                    {"emails": _("«%(email)s» is not an e-mail address.") % {"email": email}}
                ) from None

    @property
    def phone_list(self):
        return [line.strip() for line in self.phones.splitlines() if line.strip()]

    @property
    def email_list(self):
        return [line.strip() for line in self.emails.splitlines() if line.strip()]

    @property
    def social_links(self):
        """(network name, address) for each filled social link, in a fixed order."""
        fields = ["facebook_url", "telegram_url", "youtube_url", "x_url", "linkedin_url"]
        return [
            (str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in fields
            if getattr(self, name)
        ]

    def organization(self, base_url=""):
        """The association as a schema.org Organization (for JSON-LD); base_url: https://host."""
        data = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": self.name,
        }
        if self.short_name:
            data["alternateName"] = self.short_name
        if base_url:
            data["url"] = f"{base_url}/"
        if self.address:
            data["address"] = " ".join(self.address.split())
        if self.phone_list:
            data["telephone"] = self.phone_list[0]
        if self.email_list:
            data["email"] = self.email_list[0]
        if self.social_links:
            data["sameAs"] = [url for _name, url in self.social_links]
        return data


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


class Document(TranslatedModel, models.Model):
    """A file on /dokumenty/ and under the pages, news and initiatives it is attached to.

    The articles' workflow: an author proposes (draft, in review), an editor publishes;
    every save is a revision (who, when, which file), and a replaced file stays in storage,
    reachable from the revision that had it."""

    # Draft, in review, published (archived: taken off the site).
    Status = PublicationStatus

    # Listed in every language: a document is a file in its own language (its `language`),
    # and one without an English title is named in Ukrainian, marked lang="uk".
    translation_fields = ("title", "description")

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

    objects = DocumentQuerySet.as_manager()

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
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:document", kwargs={"pk": self.pk})

    def editable_by(self, user):
        """Editors change every document; an author only their own, until it is published
        (the articles' rule, editorial/workflow.py)."""
        if not user.has_perm("pages.change_document"):
            return False
        if user.has_perm("pages.publish_document"):
            return True
        return self.author_id == user.pk and self.status in {
            self.Status.DRAFT,
            self.Status.REVIEW,
        }

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
