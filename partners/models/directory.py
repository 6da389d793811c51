"""The directory: the oblasts, raions and hromadas of Ukraine from the official codifier
(KATOTTG), with the facts and statuses the importers keep (partners/katottg.py,
partners/directory_import.py)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from editorial.languages import TranslatedModel, localized
from editorial.models import SLUG_HELP
from editorial.search import word_forms
from editorial.text import normalize_apostrophes, transliterate

from ..collation import APOSTROPHE, ukrainian_order
from ..search import WordSearchQuerySet

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]
KATOTTG_HELP = _("The code from the official codifier (КАТОТТГ), e.g. UA61040490000035010.")


def with_typographic_apostrophe(text):
    return normalize_apostrophes(text).replace("'", APOSTROPHE) if text else text


class TransliteratedModel(TranslatedModel):
    """Place names are proper nouns: their English version is the official transliteration
    unless an editor writes another one, so every row exists in English (docs/decisions.md).
    The importer transliterates in bulk; save() covers rows made by hand."""

    def save(self, *args, **kwargs):
        self.transliterate_missing()
        super().save(*args, **kwargs)

    def transliterate_missing(self):
        for name in self.translation_fields:
            if not getattr(self, f"{name}_en", "") and getattr(self, f"{name}_uk", ""):
                setattr(self, f"{name}_en", transliterate(getattr(self, f"{name}_uk")))


class Oblast(TransliteratedModel, models.Model):
    """A first-level unit of the codifier that has hromadas: one of the 24 oblasts."""

    translation_fields = ("name",)

    code = models.CharField(_("KATOTTG code"), max_length=19, unique=True)
    name = models.CharField(
        _("name"), max_length=100, help_text=_("As in the codifier: Вінницька.")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        ordering = [ukrainian_order("name_uk")]
        verbose_name = _("oblast")
        verbose_name_plural = _("oblasts")

    def __str__(self):
        return self.name


class Raion(TransliteratedModel, models.Model):
    translation_fields = ("name",)

    code = models.CharField(_("KATOTTG code"), max_length=19, unique=True)
    name = models.CharField(_("name"), max_length=100)
    oblast = models.ForeignKey(
        Oblast, models.PROTECT, related_name="raions", verbose_name=_("oblast")
    )

    class Meta:
        ordering = [ukrainian_order("name_uk")]
        verbose_name = _("raion")
        verbose_name_plural = _("raions")

    def __str__(self):
        return self.name


class MunicipalityQuerySet(WordSearchQuerySet):
    def members(self):
        """Current members of the association."""
        return self.filter(amu_member=True)

    def alphabetical(self):
        """Ukrainian alphabetical order of the names in the active language."""
        return self.order_by(ukrainian_order(localized("name")), "code")


class Municipality(TransliteratedModel, models.Model):
    """A territorial hromada, keyed on its KATOTTG code (names repeat across Ukraine), or one
    of the two cities with special status (Kyiv, Sevastopol), which belong to no oblast."""

    translation_fields = ("name", "centre")

    class Kind(models.TextChoices):
        URBAN = "urban", pgettext_lazy("hromada kind", "urban")
        SETTLEMENT = "settlement", pgettext_lazy("hromada kind", "settlement")
        RURAL = "rural", pgettext_lazy("hromada kind", "rural")
        SPECIAL = "special", _("city with special status")

    class Status(models.TextChoices):
        """The current status from the government's list of territories where hostilities
        take place or that are temporarily occupied (see StatusPeriod)."""

        NONE = "", _("no special status")
        POSSIBLE_HOSTILITIES = "possible_hostilities", _("possible hostilities")
        ACTIVE_HOSTILITIES = "active_hostilities", _("active hostilities")
        OCCUPIED = "occupied", _("temporarily occupied")
        DEOCCUPIED = "deoccupied", _("de-occupied")

    class HeadTitle(models.TextChoices):
        MAYOR = "mayor", _("mayor")
        SETTLEMENT_HEAD = "settlement_head", _("settlement head")
        VILLAGE_HEAD = "village_head", _("village head")
        MILITARY_ADMINISTRATION = (
            "military_administration",
            _("head of the military administration"),
        )

    name = models.CharField(
        _("name"), max_length=100, help_text=_("As in the codifier: Тернопільська.")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=SLUG_HELP)
    code = models.CharField(_("KATOTTG code"), max_length=19, unique=True, help_text=KATOTTG_HELP)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    oblast = models.ForeignKey(
        Oblast,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("oblast"),
        help_text=_("Empty only for Kyiv and Sevastopol, cities with special status."),
    )
    raion = models.ForeignKey(
        Raion,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("raion"),
    )
    centre = models.CharField(_("administrative centre"), max_length=100)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population as of (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    population_source = models.CharField(
        _("source of the population"), max_length=200, blank=True, db_default=""
    )
    population_as_of = models.DateField(_("population as of"), null=True, blank=True)
    area = models.DecimalField(
        _("area, km²"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    area_source = models.CharField(
        _("source of the area"), max_length=200, blank=True, db_default=""
    )
    area_as_of = models.DateField(_("area as of"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    website_source = models.CharField(
        _("source of the website"), max_length=200, blank=True, db_default=""
    )
    website_as_of = models.DateField(_("website checked on"), null=True, blank=True)
    head_title = models.CharField(
        _("head's title"),
        max_length=30,
        choices=HeadTitle,
        blank=True,
        db_default="",
        help_text=_("Who leads the hromada: a mayor, a village head, a military administration."),
    )
    head_title_source = models.CharField(
        _("source of the head's title"), max_length=200, blank=True, db_default=""
    )
    head_title_as_of = models.DateField(_("head's title as of"), null=True, blank=True)
    coat_of_arms = models.ImageField(_("coat of arms"), upload_to="partners/arms/", blank=True)
    amu_member = models.BooleanField(_("member of the association"), default=False)
    amu_member_since = models.PositiveSmallIntegerField(
        _("member of the association since (year)"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
    )
    amu_member_until = models.PositiveSmallIntegerField(
        _("membership ended in (year)"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Only for a hromada that has left the association."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.NONE,
        blank=True,
        help_text=_(
            "From the government's list of territories of hostilities and temporarily "
            "occupied territories; the status import sets it."
        ),
    )
    status_since = models.DateField(
        _("status since"),
        null=True,
        blank=True,
        help_text=_("The date the current status began (for de-occupied: the day of it)."),
    )
    search_text = models.TextField(editable=False, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        # On PostgreSQL an index in each language follows this order (migration 0004).
        ordering = [ukrainian_order("name_uk"), "code"]
        verbose_name = _("hromada")
        verbose_name_plural = _("hromadas")
        constraints = [
            models.CheckConstraint(
                condition=Q(amu_member_since__isnull=True)
                | Q(amu_member=True)
                | Q(amu_member_until__isnull=False),
                name="partners_municipality_member_since_needs_member",
                violation_error_message=_(
                    "A year of joining the association needs the membership box ticked."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amu_member_until__isnull=True)
                | (
                    Q(amu_member=False)
                    & (
                        Q(amu_member_since__isnull=True)
                        | Q(amu_member_until__gte=models.F("amu_member_since"))
                    )
                ),
                name="partners_municipality_membership_ended",
                violation_error_message=_(
                    "A membership that ended needs the membership box unticked and cannot "
                    "end before it began."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="special", oblast__isnull=True, raion__isnull=True)
                    | (~Q(kind="special") & Q(oblast__isnull=False, raion__isnull=False))
                ),
                name="partners_municipality_oblast_unless_special",
                violation_error_message=_(
                    "A hromada needs its oblast and raion; only a city with special status "
                    "has neither."
                ),
            ),
        ]

    def __str__(self):
        if self.is_special:
            return self.full_name
        return _("%(name)s (%(oblast)s oblast)") % {
            "name": self.full_name,
            "oblast": self.oblast.name,
        }

    def save(self, *args, **kwargs):
        self.transliterate_missing()  # search_text holds the English words too
        # Only the per-language columns: the plain attribute reads with a language fallback.
        for field in ("name_uk", "name_en", "centre_uk", "centre_en"):
            setattr(self, field, with_typographic_apostrophe(getattr(self, field)))
        self.search_text = self.compute_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partners:municipality", kwargs={"slug": self.slug})

    @property
    def is_special(self):
        return self.kind == self.Kind.SPECIAL

    @property
    def full_name(self):
        """Тернопільська міська громада; Київ."""
        if self.is_special:
            return self.name
        return _("%(name)s %(kind)s hromada") % {
            "name": self.name,
            "kind": self.get_kind_display(),
        }

    @property
    def place(self):
        """Тернопільська обл., Тернопільський р-н · центр: Тернопіль (the directory's line).
        Made here: two blocktranslate tags a row cost the directory more than its query."""
        if self.is_special:
            return gettext("city with special status")
        region = gettext("%(oblast)s oblast, %(raion)s raion") % {
            "oblast": self.oblast.name,
            "raion": self.raion.name,
        }
        centre = gettext("centre: %(centre)s") % {"centre": self.centre}
        return f"{region} · {centre}"

    @property
    def facts_with_sources(self):
        """(label, value, source, as of) of each fact the hromada has; empty facts left out."""
        facts = [
            ("population", _("Population"), self.population),
            ("area", _("Area"), self.area),
            ("website", _("Website"), self.website),
            ("head_title", _("Head"), self.get_head_title_display() if self.head_title else ""),
        ]
        return [
            {
                "name": name,
                "label": label,
                "value": value,
                "source": getattr(self, f"{name}_source"),
                "as_of": getattr(self, f"{name}_as_of"),
            }
            for name, label, value in facts
            if value not in (None, "")
        ]

    def compute_search_text(self):
        """The words and dictionary forms that directory search matches, space-delimited."""
        return word_forms(
            self.name_uk,
            self.centre_uk,
            self.name_en,
            self.centre_en,
            KIND_IN_CODIFIER.get(self.kind, ""),
        )


class StatusPeriod(models.Model):
    """One row of the government's list of territories where hostilities take place or that
    are temporarily occupied: a status of a hromada from one date, until another if it ended.
    The status import keeps these; Municipality.status is the one in force."""

    class Status(models.TextChoices):
        POSSIBLE_HOSTILITIES = "possible_hostilities", _("possible hostilities")
        ACTIVE_HOSTILITIES = "active_hostilities", _("active hostilities")
        OCCUPIED = "occupied", _("temporarily occupied")

    municipality = models.ForeignKey(
        Municipality, models.CASCADE, related_name="status_periods", verbose_name=_("hromada")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status)
    started_on = models.DateField(_("start date"))
    ended_on = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        ordering = ["municipality", "started_on", "pk"]
        verbose_name = _("status period")
        verbose_name_plural = _("status periods")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "status", "started_on"],
                name="partners_statusperiod_unique_start",
                violation_error_message=_("This status already starts on this date."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="partners_statusperiod_ends_after_start",
                violation_error_message=_("A status cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.municipality.name}: {self.get_status_display()}"


# The codifier's words for the kinds (the importer reads them; search matches them).
KIND_IN_CODIFIER = {
    Municipality.Kind.URBAN: "міська",
    Municipality.Kind.SETTLEMENT: "селищна",
    Municipality.Kind.RURAL: "сільська",
}
