"""The site's menus and its settings (contacts, the default programme of the footer)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .page import Page


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
        EVENTS = "events", _("Events")
        INITIATIVES = "initiatives", _("Initiatives")
        DIRECTORY = "directory", _("Hromadas")
        DOCUMENTS = "documents", _("Documents")

    # A section leads to the list view with this URL name; a section whose app is not
    # installed (yet) has no URL and is left out of the menu.
    SECTION_URL_NAMES = {
        Section.NEWS: "news:list",
        Section.EVENTS: "events:list",
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
