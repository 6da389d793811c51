"""Abstract models every editorial object shares; the concrete ones live in their apps."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import post_create_historical_record

from .languages import TranslatedModel, TranslatedQuerySet, fill_other_slugs
from .search import LANGUAGES, document_line, language_or_original
from .text import SLUG_MAX_LENGTH, html_to_text, unique_slug


class PublicationStatus(models.TextChoices):
    """Where an article or a page stands: an author proposes, an editor publishes."""

    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


SLUG_HELP = _(
    "Part of the page address. Leave empty: it is made from the Ukrainian title "
    "by the official transliteration."
)

ENGLISH_SLUG_HELP = _(
    "The address of the English version. Leave empty: it is made from the English name."
)


class SluggedModel(TranslatedModel, models.Model):
    """A name and a slug made from it on the server by the official transliteration."""

    translation_fields = ("name",)

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=SLUG_MAX_LENGTH, unique=True, blank=True, help_text=SLUG_HELP
    )
    slug_en = models.SlugField(
        _("English slug"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        null=True,
        blank=True,
        help_text=ENGLISH_SLUG_HELP,
    )

    objects = TranslatedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            source = getattr(self, f"name_{settings.LANGUAGE_CODE}", None) or self.name
            self.slug = unique_slug(type(self), source, instance=self)
        fill_other_slugs(self)
        super().save(*args, **kwargs)


class Searchable(models.Model):
    """A row the site search finds by its words in any of their forms: `search_text` holds
    its dictionary forms, a line for each group of `search_fields`, the title's first
    (editorial.search.match_words ranks by it). Every language's text is in it, each reduced
    by its own language's rules; an untranslated field by the row's `language`, if it has
    one. Remade on every save, and by manage.py rebuild_search."""

    search_fields = (("title",), ())
    search_text = models.TextField(editable=False, blank=True, db_default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = self.compute_search_text()
        if (fields := kwargs.get("update_fields")) is not None:
            kwargs["update_fields"] = {*fields, "search_text"}
        super().save(*args, **kwargs)

    def compute_search_text(self):
        return search_text(self, self.search_fields)


def search_text(row, search_fields):
    """Searchable.search_text of a row (of a migration's historical model too)."""
    own = language_or_original(getattr(row, "language", ""))
    lines = []
    for names in search_fields:
        forms = []
        for name in names:
            if hasattr(row, f"{name}_{settings.LANGUAGE_CODE}"):
                texts = [(getattr(row, f"{name}_{code}"), code) for code in LANGUAGES]
            else:  # not translated: in the row's own language
                texts = [(getattr(row, name), own)]
            for text, code in texts:
                forms += document_line(html_to_text(text or ""), code).split()
        lines.append(f" {' '.join(dict.fromkeys(forms))} ")
    return "\n".join(lines)


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLinkBase(models.Model):
    """A revocable, expiring link to preview something (an article, a page) without an
    account. A concrete link adds a foreign key to what it shows, with
    related_name="preview_links", names it in `target` and its view in `url_name`."""

    DEFAULT_LIFETIME = timedelta(days=7)
    SALT = ""
    target = ""
    url_name = ""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")

    def __str__(self):
        return f"{getattr(self, self.target)} → {self.expires_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse(self.url_name, kwargs={"token": self.token})

    @property
    def token(self):
        # A plain (untimed) signature: the same link always has the same address; expiry
        # and revocation live in the row, not in the token.
        return signing.Signer(salt=self.SALT).sign_object(self.pk)

    @classmethod
    def from_token(cls, token):
        """The active link a token names, or None (bad signature, expired, revoked)."""
        try:
            pk = signing.Signer(salt=cls.SALT).unsign_object(token)
        except signing.BadSignature:
            return None
        return cls.objects.active().select_related(cls.target).filter(pk=pk).first()

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class Revisions(HistoricalRecords):
    """django-simple-history, with one revision per save (articles, documents).

    The admin, a restore and the importers save an object, then its many-to-many fields
    (an article's tags), and simple-history would add a revision for each change of those;
    changes right after a save update that save's revision instead. The library has no
    public way to do this (django-commons/django-simple-history#1451, #1313).
    """

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        revision = getattr(instance, "_revision", None)
        if reverse or action not in {"post_add", "post_remove", "post_clear"}:
            return
        if revision is None:
            return super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
        for field in revision._history_m2m_fields:
            self.m2m_models[field].objects.filter(history=revision).delete()
        self.create_historical_record_m2ms(revision, instance)


@receiver(post_create_historical_record)
def remember_revision(sender, instance, history_instance, **kwargs):
    instance._revision = history_instance
