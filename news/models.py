from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField, TrigramSimilarity
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from editorial.fields import RichTextField
from editorial.languages import TranslatedModel, TranslatedQuerySet, get_language
from editorial.models import (
    SLUG_HELP,
    PreviewLinkBase,
    PublicationStatus,
    SluggedModel,
)
from editorial.text import SLUG_MAX_LENGTH, YEAR_SLUG, reading_minutes, unique_slug
from images.fields import PictureField
from images.models import Cover

from .search import SEARCH_COLUMNS, SEARCH_DOCUMENTS, search_document

# /novyny/2025/ is the archive of 2025 (news/urls.py), so no article may have that address.
validate_not_year = RegexValidator(
    YEAR_SLUG,
    inverse_match=True,
    message=_("Four digits alone are the address of that year's news archive; add a word."),
)


class Category(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def get_absolute_url(self):
        return reverse("news:category", kwargs={"slug": self.current_slug})


class Person(SluggedModel):
    """Someone an article names under its title: staff, an analyst, a guest author."""

    position = models.CharField(
        _("position"), max_length=200, blank=True, help_text=_("E.g. «аналітик АМУ».")
    )
    bio = models.TextField(
        _("short bio"), max_length=600, blank=True, help_text=_("Two or three sentences.")
    )
    photo = PictureField(
        _("photo"),
        upload_to="people/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        help_text=_("A JPEG, PNG, WebP or AVIF portrait."),
    )
    photo_width = models.PositiveIntegerField(_("photo width"), null=True, editable=False)
    photo_height = models.PositiveIntegerField(_("photo height"), null=True, editable=False)
    photo_alt = models.CharField(
        _("photo description"),
        max_length=250,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )

    class Meta(SluggedModel.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def clean(self):
        super().clean()
        if self.photo and not self.photo_alt_uk:
            raise ValidationError(
                {"photo_alt_uk": _("Describe the photo for readers who cannot see it.")}
            )

    def get_absolute_url(self):
        return reverse("news:person", kwargs={"slug": self.current_slug})


class Tag(SluggedModel):
    class Meta(SluggedModel.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def get_absolute_url(self):
        return reverse("news:tag", kwargs={"slug": self.current_slug})


# How far ahead the admin calls a removal time "soon".
EXPIRING_SOON = timedelta(days=7)


def last_change(relation=""):
    """An article's last change for readers, its publication or a later edit, as SQL:
    Article.last_changed for many rows at once; relation ("articles__") reaches the articles
    of a category, tag or partner."""
    return Greatest(f"{relation}updated_at", f"{relation}published_at")


def visible_q(now):
    """The one visibility rule as a condition: published, its time has come, not yet
    expired, not in the trash. published() filters by it; the admin's badges reuse it."""
    return Q(status=Article.Status.PUBLISHED, published_at__lte=now, deleted_at__isnull=True) & (
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


class ArticleQuerySet(TranslatedQuerySet):
    def published(self):
        """The one visibility rule: see visible_q()."""
        return self.filter(visible_q(timezone.now()))

    def next_visibility_change(self, now=None):
        """When the published set next changes by itself (a scheduled article's time, a
        removal time), or None; the page cache keeps pages fresh until then."""
        now = now or timezone.now()
        times = self.filter(status=Article.Status.PUBLISHED, deleted_at__isnull=True).aggregate(
            publication=Min("published_at", filter=Q(published_at__gt=now)),
            removal=Min("expires_at", filter=Q(expires_at__gt=now)),
        )
        return min(filter(None, times.values()), default=None)

    def in_trash(self):
        return self.filter(deleted_at__isnull=False)

    def not_in_trash(self):
        return self.filter(deleted_at__isnull=True)

    def with_state(self, now=None):
        """Annotate `state`: where an article stands for a reader right now (admin badges)."""
        now = now or timezone.now()
        visible = visible_q(now)
        return self.annotate(
            state=Case(
                When(deleted_at__isnull=False, then=Value("trash")),
                When(visible & Q(expires_at__lte=now + EXPIRING_SOON), then=Value("expiring")),
                When(visible, then=Value("live")),
                When(
                    status=Article.Status.PUBLISHED, published_at__gt=now, then=Value("scheduled")
                ),
                When(status=Article.Status.PUBLISHED, then=Value("expired")),
                default=F("status"),
                output_field=models.CharField(),
            )
        )

    def for_pages(self):
        """What an article's page shows but its tags and other lists, in one query: with its
        category, without the search index's columns (kilobytes an article, read only by
        search), knowing which of its OPTIONAL_LISTS are empty."""
        return (
            self.select_related("category")
            .defer(*SEARCH_COLUMNS)
            .annotate(
                **{
                    f"has_{name}": Exists(
                        getattr(self.model, name).through.objects.filter(article_id=OuterRef("pk"))
                    )
                    for name in self.OPTIONAL_LISTS
                }
            )
        )

    # The lists of an article's page that most articles leave empty: for_pages() tells them
    # apart, so that an empty one costs no query (Article.optional_list).
    OPTIONAL_LISTS = ("documents", "initiatives", "people")

    # What an article card shows (title, lead, cover, category, date) and its address.
    CARD_FIELDS = (
        "title",
        "slug",
        "slug_en",
        "lead",
        "cover_image",
        "cover_width",
        "cover_height",
        "cover_alt",
        "cover_decorative",
        "category",
        "published_at",
    )

    def for_cards(self, *also):
        """Only the columns of CARD_FIELDS and of `also` (a feed's summary, say), in every
        language, with the category: not the text, which a list of twelve would read by the
        hundred kilobytes to show none of it, nor the columns no card shows, each of which
        costs a list its compiling and reading."""
        return self.select_related("category").only(*self.CARD_FIELDS, *also)

    # Related news are picked among this many newest candidates: enough for relevance to
    # matter, and the article page costs the same in an archive of any size.
    RELATED_CANDIDATES = 200

    def related_to(self, article):
        """Others about the same things: sharing the article's tags and mentioned hromadas
        (two points each) or its category (one), most in common first, then newest; among the
        RELATED_CANDIDATES newest such articles.

        Reads the article's tags and hromadas from its prefetched lists when it has them."""
        tag_ids = [tag.pk for tag in article.tags.all()]
        municipality_ids = [municipality.pk for municipality in article.municipalities.all()]
        condition = Q(category_id=article.category_id)
        relevance = Case(
            When(category_id=article.category_id, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for relation, column, ids in (
            ("tags", "tag_id", tag_ids),
            ("municipalities", "municipality_id", municipality_ids),
        ):
            if ids:
                through = getattr(self.model, relation).through
                # EXISTS, not a join: one row per article, so the newest are found in order.
                condition |= Exists(
                    through.objects.filter(article_id=OuterRef("pk"), **{f"{column}__in": ids})
                )
                shared = Q(**{f"{relation}__in": ids})
                relevance += 2 * Count(relation, filter=shared, distinct=True)
        candidates = (
            self.filter(condition)
            .exclude(pk=article.pk)
            .order_by("-published_at", "-pk")
            .values("pk")[: self.RELATED_CANDIDATES]
        )
        return (
            self.filter(pk__in=candidates)
            .annotate(relevance=relevance)
            .order_by("-relevance", "-published_at", "-pk")
        )


class Article(TranslatedModel, Cover):
    # An English version exists when these are English wherever the Ukrainian has them.
    translation_fields = ("title", "lead", "body", "cover_alt", "cover_caption")

    Status = PublicationStatus

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        blank=True,
        help_text=SLUG_HELP,
        validators=[validate_not_year],
    )
    slug_en = models.SlugField(
        _("English slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        validators=[validate_not_year],
        null=True,
        blank=True,
        help_text=_(
            "The address of the English version. Leave empty: it is made from the English title."
        ),
    )
    lead = models.TextField(
        _("lead"),
        max_length=400,
        blank=True,
        help_text=_("One or two sentences shown under the title and on news cards."),
    )
    body = RichTextField(_("text"), blank=True)
    cover_caption = models.CharField(
        _("caption"), max_length=300, blank=True, help_text=_("Optional. Shown under the image.")
    )
    cover_credit = models.CharField(
        _("credit"),
        max_length=150,
        blank=True,
        help_text=_("Optional. Author or source, e.g. «Фото: Олена Петренко / АМУ»."),
    )
    category = models.ForeignKey(
        Category, models.PROTECT, related_name="articles", verbose_name=_("category")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    municipalities = models.ManyToManyField(
        "partners.Municipality",
        blank=True,
        related_name="articles",
        verbose_name=_("hromadas mentioned"),
        help_text=_("The article appears on the page of each hromada chosen here."),
    )
    initiatives = models.ManyToManyField(
        "partners.Initiative",
        blank=True,
        related_name="articles",
        verbose_name=_("related initiatives"),
    )
    people = models.ManyToManyField(
        Person,
        blank=True,
        related_name="articles",
        verbose_name=_("bylines"),
        help_text=_(
            "The people named under the title. Without them the article is signed by the "
            "association."
        ),
    )
    programme = models.ForeignKey(
        "partners.Programme",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("donor programme"),
        help_text=_(
            "The project within which the article was made: the page then carries the "
            "donor's required attribution footer."
        ),
    )
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
    featured_order = models.PositiveSmallIntegerField(
        _("position on the home page"),
        null=True,
        blank=True,
        help_text=_(
            "For featured articles: 1 comes first. Empty: after the numbered ones, newest first."
        ),
    )
    meta_description = models.CharField(
        _("description for search engines"),
        max_length=160,
        blank=True,
        help_text=_("Up to 160 characters. Empty: the lead is used."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    deleted_at = models.DateTimeField(
        _("moved to the trash"), null=True, blank=True, editable=False
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Site search (news/search.py): word forms of title, lead and text per language, made
    # in save(); on PostgreSQL a trigger keeps the weighted vectors in step with them.
    # Database defaults: code from before these columns (a rollback) can still insert.
    search_document_uk = models.TextField(editable=False, blank=True, default="", db_default="")
    search_document_en = models.TextField(editable=False, blank=True, default="", db_default="")
    search_vector_uk = SearchVectorField(null=True, editable=False)
    search_vector_en = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish articles")),
            ("purge_article", _("Can delete articles from the trash for good")),
        ]
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
            # The public lists' order and visibility test in one index, so that counting and
            # finding the articles of a page far down a list read the index only (issue 13).
            models.Index(
                fields=["-published_at", "-id", "expires_at"],
                condition=Q(status="published", deleted_at__isnull=True),
                name="news_article_public_order_idx",
            ),
            # The home page's featured articles, a handful among thousands (issue 13).
            models.Index(
                fields=["featured_order", "-published_at", "-id"],
                condition=Q(featured=True, status="published", deleted_at__isnull=True),
                name="news_article_featured_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Article, self.title_uk or self.title, instance=self, reserved=YEAR_SLUG
            )
        # Made once from the English title, like the Ukrainian slug; NULL while there is none.
        if not self.slug_en and self.title_en:
            self.slug_en = unique_slug(
                Article, self.title_en, field="slug_en", instance=self, reserved=YEAR_SLUG
            )
        self.slug_en = self.slug_en or None
        self.stamp_publication_time()
        self.update_search_documents()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *SEARCH_DOCUMENTS}
        if not self._state.adding:
            # Optimistic locking: the admin form refuses a save based on an older version.
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:article", kwargs={"slug": self.slug_in(get_language())})

    def clean(self):
        # Runs before the form validates constraints, so a publish without a time passes.
        self.stamp_publication_time()
        if errors := self.cover_errors():
            raise ValidationError(errors)

    def stamp_publication_time(self):
        """Publishing without a time means publishing now."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            # Whole seconds: what the admin's time field shows and sends back.
            self.published_at = timezone.now().replace(microsecond=0)

    def update_search_documents(self):
        for language, _name in settings.LANGUAGES:
            document = search_document(
                getattr(self, f"title_{language}", ""),
                getattr(self, f"lead_{language}", ""),
                getattr(self, f"body_{language}", ""),
                language,
            )
            setattr(self, f"search_document_{language}", document)

    def optional_list(self, name):
        """One of ArticleQuerySet.OPTIONAL_LISTS: none, without a query, when for_pages()
        found it empty."""
        if self.__dict__.get(f"has_{name}") is False:
            return []
        return getattr(self, name).all()

    @cached_property
    def bylines(self):
        """The people named under the title (none: the association signs the article)."""
        return list(self.optional_list("people"))

    @property
    def document_list(self):
        documents = self.optional_list("documents")
        # Only published ones (pages.Document.objects.published()): an author's proposal
        # waits for an editor.
        return documents if isinstance(documents, list) else documents.published()

    @property
    def initiative_list(self):
        return self.optional_list("initiatives")

    @property
    def last_changed(self):
        """Its publication or a later edit, whichever came last (sitemaps, feeds, JSON-LD)."""
        return max(filter(None, (self.updated_at, self.published_at)))

    @property
    def description(self):
        return self.meta_description or self.lead

    @property
    def reading_minutes(self):
        """Minutes to read the lead and text in the active language."""
        return reading_minutes(self.lead, self.body)

    @property
    def in_trash(self):
        return self.deleted_at is not None

    def is_visible(self):
        """Whether a reader sees it now, by the one rule (one query)."""
        return self.pk is not None and Article.objects.published().filter(pk=self.pk).exists()


class ArticleSlugHistory(models.Model):
    """An address an article had before: it answers with a permanent redirect."""

    slug = models.SlugField(_("old slug"), max_length=SLUG_MAX_LENGTH, unique=True)
    article = models.ForeignKey(
        Article, models.CASCADE, related_name="old_slugs", verbose_name=_("article")
    )
    created_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.slug


class PreviewLink(PreviewLinkBase):
    SALT = "news.preview-link"
    target = "article"
    url_name = "news:preview"

    article = models.ForeignKey(
        Article, models.CASCADE, related_name="preview_links", verbose_name=_("article")
    )


class SearchTermQuerySet(models.QuerySet):
    def similar_to(self, word, threshold):
        """PostgreSQL (pg_trgm): the vocabulary's words most like word, most similar first."""
        return (
            self.filter(word__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gte=threshold)
            .order_by("-similarity", "word")
            .values_list("word", flat=True)
        )


class SearchTerm(models.Model):
    """A word form some article's search document has: the vocabulary that typo correction
    looks in. Filled on PostgreSQL by the search trigger (news/migrations/0012_search.py);
    words are never removed, a stale one only suggests a correction that finds nothing."""

    word = models.CharField(_("word"), max_length=40, unique=True)

    objects = SearchTermQuerySet.as_manager()

    class Meta:
        ordering = ["word"]
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word
