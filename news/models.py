from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import RichTextField
from .text import SLUG_MAX_LENGTH, unique_slug

SLUG_HELP = _(
    "Part of the page address. Leave empty: it is made from the Ukrainian title "
    "by the official transliteration."
)


class SluggedModel(models.Model):
    """A name and a slug made from it on the server by the official transliteration."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=SLUG_MAX_LENGTH, unique=True, blank=True, help_text=SLUG_HELP
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            source = getattr(self, f"name_{settings.LANGUAGE_CODE}", None) or self.name
            self.slug = unique_slug(type(self), source, instance=self)
        super().save(*args, **kwargs)


class Category(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def get_absolute_url(self):
        return reverse("news:category", kwargs={"slug": self.slug})


class Tag(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def get_absolute_url(self):
        return reverse("news:tag", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one visibility rule: published, its time has come, and not yet expired."""
        now = timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def for_cards(self):
        """What an article card shows, in a fixed number of queries."""
        return self.select_related("category").prefetch_related("tags")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=SLUG_MAX_LENGTH, unique=True, blank=True, help_text=SLUG_HELP
    )
    lead = models.TextField(
        _("lead"),
        max_length=400,
        blank=True,
        help_text=_("One or two sentences shown under the title and on news cards."),
    )
    body = RichTextField(_("text"), blank=True)
    cover_image = models.ImageField(_("cover image"), upload_to="covers/%Y/%m/", blank=True)
    cover_alt = models.CharField(
        _("cover image description"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the image shows, for readers who cannot see it. Required with an image."
        ),
    )
    category = models.ForeignKey(
        Category, models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("author"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_(
            "Kyiv time. A time in the future schedules the article; empty means now "
            "when it is published."
        ),
    )
    expires_at = models.DateTimeField(
        _("removal time"),
        null=True,
        blank=True,
        help_text=_("Optional. At this time the article leaves the site by itself."),
    )
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown at the top of the home page.")
    )
    meta_description = models.CharField(
        _("description for search engines"),
        max_length=160,
        blank=True,
        help_text=_("Up to 160 characters. Empty: the lead is used."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="news_article_published_has_time",
                violation_error_message=_("A published article needs a publication time."),
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(expires_at__gt=models.F("published_at")),
                name="news_article_expires_after_publication",
                violation_error_message=_(
                    "The removal time must come after the publication time."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="news_article_visible_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.title_uk or self.title, instance=self)
        self.stamp_publication_time()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:article", kwargs={"slug": self.slug})

    def clean(self):
        # Runs before the form validates constraints, so a publish without a time passes.
        self.stamp_publication_time()
        if self.cover_image and not self.cover_alt_uk:
            raise ValidationError(
                {"cover_alt_uk": _("Describe the image for readers who cannot see it.")}
            )

    def stamp_publication_time(self):
        """Publishing without a time means publishing now."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    @property
    def description(self):
        return self.meta_description or self.lead


class ImportRecord(models.Model):
    """Where an article came from when it was moved in from the old site (issue 11).

    The key (the old address) makes a repeated import find its article; the fingerprints
    tell a changed source from an unchanged one, and an editor's edit from none.
    """

    article = models.OneToOneField(
        Article, models.CASCADE, related_name="import_record", verbose_name=_("article")
    )
    key = models.CharField(
        _("old address"),
        max_length=200,
        unique=True,
        help_text=_("The article's address on the old site; a repeated import finds it by this."),
    )
    old_url = models.CharField(_("old link"), max_length=500, blank=True)
    source = models.CharField(
        _("source file"), max_length=300, help_text=_("File (and line) of the last import.")
    )
    source_fingerprint = models.CharField(max_length=64, editable=False)
    article_fingerprint = models.CharField(max_length=64, editable=False)
    title_needs_review = models.BooleanField(
        _("title needs checking"),
        default=False,
        help_text=_(
            "The old page had no title: it was made from the first sentence. "
            "Untick when the title has been checked."
        ),
    )
    imported_at = models.DateTimeField(_("imported"))

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("import from the old site")
        verbose_name_plural = _("imports from the old site")

    def __str__(self):
        return self.key
