"""The registry: partner and donor organisations, their programmes, and the initiatives
with their member hromadas."""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from editorial.fields import RichTextField
from editorial.languages import TranslatedModel, TranslatedQuerySet, fill_other_slugs
from editorial.models import SLUG_HELP
from editorial.search import word_forms
from editorial.text import html_to_text, unique_slug

from ..collation import ukrainian_order
from ..search import WordSearchQuerySet
from .directory import YEAR_VALIDATORS, Municipality


class Organization(TranslatedModel, models.Model):
    # Shown by name on other pages; without English it is named in Ukrainian, marked so.
    translation_fields = ("name", "acronym")

    class Kind(models.TextChoices):
        DONOR = "donor", _("Donor agency")
        INTERNATIONAL = "international", _("International organization")
        GOVERNMENT = "government", _("Government body")
        ASSOCIATION = "association", _("Association of local governments")
        NONPROFIT = "nonprofit", _("Non-governmental organization")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(
        _("acronym"), max_length=30, blank=True, help_text=_("E.g. USAID, OGP, АМУ.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="partners/logos/", blank=True)

    objects = TranslatedQuerySet.as_manager()

    class Meta:
        ordering = [ukrainian_order("name_uk")]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


def footer_text(name, acronym, language):
    """The donor's footer line in a language, as the donor's rules word it: the name in
    quotation marks of the language, its own quotation marks nested („…“ inside «…»)."""
    with translation.override(language):
        if language == "uk":
            name = re.sub(r"«([^«»]*)»", r"„\1“", name)
        return gettext("This page was developed within the project “%(name)s” (%(acronym)s)") % {
            "name": name,
            "acronym": acronym,
        }


class Programme(TranslatedModel, models.Model):
    # An English version needs the English name, acronym (ПУЛЬС → PULSE) and description.
    translation_fields = ("name", "acronym", "description")

    name = models.CharField(
        _("full name"),
        max_length=250,
        help_text=_("As the donor requires it in the footer of pages made within the project."),
    )
    acronym = models.CharField(_("acronym"), max_length=30, help_text=_("E.g. ПУЛЬС."))
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True, help_text=SLUG_HELP)
    slug_en = models.SlugField(
        _("English slug"),
        max_length=80,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "The address of the English version. Leave empty: it is made from the English acronym."
        ),
    )
    donor = models.ForeignKey(
        Organization,
        models.PROTECT,
        related_name="funded_programmes",
        verbose_name=_("donor"),
    )
    implementer = models.ForeignKey(
        Organization,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="implemented_programmes",
        verbose_name=_("implementer"),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    description = RichTextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    footer_text = models.CharField(
        _("footer text"),
        max_length=400,
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "The line the donor requires at the foot of pages made within the project. "
            "Leave empty: it is made from the full name and acronym, "
            "«Сторінку розроблено в межах проєкту „…“ (…)»."
        ),
    )

    objects = TranslatedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "acronym"]
        verbose_name = _("donor programme")
        verbose_name_plural = _("donor programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="partners_programme_ends_after_start",
                violation_error_message=_("A programme cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.acronym} — {self.name}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Programme, self.acronym_uk or self.acronym, instance=self)
        fill_other_slugs(self, source="acronym")
        for language, _name in settings.LANGUAGES:
            name = getattr(self, f"name_{language}", "")
            acronym = getattr(self, f"acronym_{language}", "")
            if name and acronym and not getattr(self, f"footer_text_{language}", ""):
                setattr(self, f"footer_text_{language}", footer_text(name, acronym, language))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partners:programme", kwargs={"slug": self.current_slug})


class Initiative(TranslatedModel, models.Model):
    # An English version needs an English name, and a description where there is one.
    translation_fields = ("name", "description")

    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("short name"), max_length=50, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True, help_text=SLUG_HELP)
    description = RichTextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("started in (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    partners = models.ManyToManyField(
        Organization,
        blank=True,
        related_name="initiatives",
        verbose_name=_("partner organizations"),
    )
    members = models.ManyToManyField(
        Municipality,
        through="Membership",
        related_name="initiatives",
        verbose_name=_("member hromadas"),
    )
    # Words of the name, short name and description in both languages, for the site search.
    search_text = models.TextField(editable=False, blank=True, db_default="")

    objects = WordSearchQuerySet.as_manager()

    class Meta:
        ordering = [ukrainian_order("name_uk")]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self):
        return self.acronym or self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            source = self.acronym or self.name_uk or self.name
            self.slug = unique_slug(Initiative, source, instance=self)
        self.search_text = self.compute_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partners:initiative", kwargs={"slug": self.slug})

    def compute_search_text(self):
        return word_forms(
            self.acronym,
            self.name_uk,
            self.name_en,
            html_to_text(self.description_uk),
            html_to_text(self.description_en),
        )


class Membership(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("membership status", "active")
        SUSPENDED = "suspended", pgettext_lazy("membership status", "suspended")
        ENDED = "ended", pgettext_lazy("membership status", "ended")

    initiative = models.ForeignKey(
        Initiative, models.CASCADE, related_name="memberships", verbose_name=_("initiative")
    )
    municipality = models.ForeignKey(
        Municipality, models.CASCADE, related_name="memberships", verbose_name=_("hromada")
    )
    joined_year = models.PositiveSmallIntegerField(
        _("joined in (year)"), validators=YEAR_VALIDATORS
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ACTIVE)
    action_plan_start = models.PositiveSmallIntegerField(
        _("action plan from (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    action_plan_end = models.PositiveSmallIntegerField(
        _("action plan to (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )

    class Meta:
        ordering = ["initiative", "joined_year", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "municipality"],
                name="partners_membership_unique_pair",
                violation_error_message=_("This hromada is already a member of the initiative."),
            ),
            models.CheckConstraint(
                condition=Q(action_plan_end__isnull=True)
                | Q(action_plan_start__isnull=True)
                | Q(action_plan_end__gte=models.F("action_plan_start")),
                name="partners_membership_plan_ends_after_start",
                violation_error_message=_("An action plan cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.initiative} — {self.municipality.name}"
