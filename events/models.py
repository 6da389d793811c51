"""Events of the association: forums, congresses, webinars, trainings (issue 28)."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from editorial.fields import RichTextField
from editorial.languages import TranslatedModel, TranslatedQuerySet, get_language
from editorial.models import SLUG_HELP, PreviewLinkBase, PublicationStatus, Searchable
from editorial.text import SLUG_MAX_LENGTH, YEAR_SLUG, unique_slug
from editorial.workflow import KYIV
from images.models import Cover

# /podii/2025/ is the archive of 2025's past events (events/urls.py).
validate_not_year = RegexValidator(
    YEAR_SLUG,
    inverse_match=True,
    message=_("Four digits alone are the address of that year's events archive; add a word."),
)


def kyiv_moment(day, at=None):
    """A day (and a time of it) in Kyiv as an aware moment; no time: the day's start."""
    return timezone.make_aware(datetime.combine(day, at or time()), KYIV)


class EventQuerySet(TranslatedQuerySet):
    def published(self):
        """The one visibility rule: published, and its publication time has come."""
        return self.filter(status=Event.Status.PUBLISHED, published_at__lte=timezone.now())

    def upcoming(self):
        """Public events not over yet (running ones too), soonest first: an event leaves the
        list at its end by this rule alone, no job moves it."""
        return self.published().filter(ends_at__gt=timezone.now()).order_by("starts_at", "pk")

    def past(self):
        """Public events that are over, the latest first."""
        return self.published().filter(ends_at__lte=timezone.now()).order_by("-starts_at", "-pk")

    def next_visibility_change(self, now=None):
        """When the public lists next change by themselves (a scheduled event appears, an
        event ends), or None; the page cache keeps pages fresh until then."""
        now = now or timezone.now()
        times = self.filter(status=Event.Status.PUBLISHED).aggregate(
            publication=Min("published_at", filter=Q(published_at__gt=now)),
            end=Min("ends_at", filter=Q(ends_at__gt=now)),
        )
        return min(filter(None, times.values()), default=None)

    # What an event card shows and its address.
    CARD_FIELDS = (
        "title",
        "slug",
        "slug_en",
        "lead",
        "starts_on",
        "start_time",
        "ends_on",
        "end_time",
        "starts_at",
        "ends_at",
        "attendance",
        "venue",
        "cancelled",
        "cover_image",
        "cover_width",
        "cover_height",
        "cover_alt",
        "cover_decorative",
    )

    def for_cards(self):
        """Only the columns of a card, in every language: not the description."""
        return self.only(*self.CARD_FIELDS)


class Event(TranslatedModel, Searchable, Cover):
    # An English version exists when these are English wherever the Ukrainian has them.
    translation_fields = ("title", "lead", "body", "venue", "address", "cover_alt")
    search_fields = (("title",), ("lead", "body", "venue", "address"))

    Status = PublicationStatus

    class Attendance(models.TextChoices):
        OFFLINE = "offline", _("In person")
        ONLINE = "online", _("Online")
        MIXED = "mixed", _("In person and online")

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
        null=True,
        blank=True,
        validators=[validate_not_year],
        help_text=_(
            "The address of the English version. Leave empty: it is made from the English title."
        ),
    )
    lead = models.TextField(
        _("lead"),
        max_length=400,
        blank=True,
        help_text=_("One or two sentences shown under the title and on event cards."),
    )
    body = RichTextField(_("description"), blank=True)
    starts_on = models.DateField(_("start date"))
    start_time = models.TimeField(
        _("start time"),
        null=True,
        blank=True,
        help_text=_("Kyiv time. Empty: the event lasts whole days."),
    )
    ends_on = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Empty: the same day.")
    )
    end_time = models.TimeField(
        _("end time"),
        null=True,
        blank=True,
        help_text=_("Kyiv time. Required with a start time."),
    )
    # Derived in save(): the start and the end as moments (an all-day event ends at the
    # midnight after its last day), what the lists and the page cache compare with now.
    starts_at = models.DateTimeField(_("starts"), editable=False)
    ends_at = models.DateTimeField(_("ends"), editable=False)
    attendance = models.CharField(
        _("format"), max_length=10, choices=Attendance, default=Attendance.OFFLINE
    )
    venue = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("E.g. «Будинок місцевого самоврядування». Required for an in-person event."),
    )
    address = models.CharField(
        _("address"),
        max_length=250,
        blank=True,
        help_text=_("E.g. «м. Київ, вул. Січових Стрільців, 73»."),
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("The broadcast or video meeting. Required for an online event."),
    )
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_deadline = models.DateTimeField(
        _("registration deadline"), null=True, blank=True, help_text=_("Kyiv time.")
    )
    cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_("The event stays on the site with a note that it will not take place."),
    )
    programme = models.ForeignKey(
        "partners.Programme",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organising programme"),
    )
    initiative = models.ForeignKey(
        "partners.Initiative",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organising initiative"),
        help_text=_("The organiser is the association unless a programme or initiative is set."),
    )
    municipalities = models.ManyToManyField(
        "partners.Municipality",
        blank=True,
        related_name="events",
        verbose_name=_("related hromadas"),
    )
    articles = models.ManyToManyField(
        "news.Article",
        blank=True,
        related_name="events",
        verbose_name=_("reports and news"),
        help_text=_("Articles about the event: its announcement, its report."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("author"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_(
            "Kyiv time. A time in the future schedules the announcement; empty means now "
            "when it is published."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("publish_event", _("Can publish, schedule and unpublish events"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="events_event_published_has_time",
                violation_error_message=_("A published event needs a publication time."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="events_event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__isnull=False),
                name="events_event_times_together",
                violation_error_message=_(
                    "Give both the start and the end time, or neither for whole days."
                ),
            ),
            models.CheckConstraint(
                condition=Q(programme__isnull=True) | Q(initiative__isnull=True),
                name="events_event_one_organiser",
                violation_error_message=_(
                    "Choose a programme or an initiative as the organiser, not both."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "ends_at"], name="events_event_public_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Event, self.title_uk or self.title, instance=self, reserved=YEAR_SLUG
            )
        if not self.slug_en and self.title_en:
            self.slug_en = unique_slug(
                Event, self.title_en, field="slug_en", instance=self, reserved=YEAR_SLUG
            )
        self.slug_en = self.slug_en or None
        self.stamp_derived_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "starts_at", "ends_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:event", kwargs={"slug": self.slug_in(get_language())})

    def clean(self):
        self.stamp_derived_fields()
        errors = {}
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date comes before the start date.")
        elif self.start_time and not self.end_time:
            errors["end_time"] = _("Give the end time too, or neither for whole days.")
        elif self.end_time and not self.start_time:
            errors["start_time"] = _("Give the start time too, or neither for whole days.")
        elif self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["end_time"] = _("The event must end after it starts.")
        if self.attendance != self.Attendance.ONLINE and not self.venue_uk:
            errors["venue_uk"] = _("Name the place of an in-person event.")
        if self.attendance != self.Attendance.OFFLINE and not self.online_url:
            errors["online_url"] = _("Give the link to the online event.")
        if self.programme_id and self.initiative_id:
            errors["initiative"] = _(
                "Choose a programme or an initiative as the organiser, not both."
            )
        errors.update(self.cover_errors())
        if errors:
            raise ValidationError(errors)

    def stamp_derived_fields(self):
        """Publishing without a time means now; the start and end as moments in Kyiv."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now().replace(microsecond=0)
        if self.starts_on is None:
            return
        last_day = self.ends_on or self.starts_on
        self.starts_at = kyiv_moment(self.starts_on, self.start_time)
        if self.start_time and self.end_time:
            self.ends_at = kyiv_moment(last_day, self.end_time)
        else:
            self.ends_at = kyiv_moment(last_day + timedelta(days=1))

    @property
    def all_day(self):
        return self.start_time is None

    @property
    def last_day(self):
        return self.ends_on or self.starts_on

    @property
    def is_over(self):
        return self.ends_at <= timezone.now()

    @property
    def registration_open(self):
        """A registration link to show: there is one, and its deadline has not passed."""
        if not self.registration_url or self.cancelled or self.is_over:
            return False
        return self.registration_deadline is None or self.registration_deadline > timezone.now()

    @property
    def in_person(self):
        return self.attendance != self.Attendance.ONLINE

    @property
    def online(self):
        return self.attendance != self.Attendance.OFFLINE

    @property
    def organiser(self):
        """The programme or initiative that organises it, or None: the association."""
        return self.programme or self.initiative

    @property
    def description(self):
        return self.lead

    @property
    def state(self):
        """Where the event's page stands for a visitor: a status, or "live" / "scheduled"."""
        if self.status != self.Status.PUBLISHED:
            return self.status
        return "scheduled" if self.published_at > timezone.now() else "live"

    def is_visible(self):
        return self.pk is not None and Event.objects.published().filter(pk=self.pk).exists()


class EventPreviewLink(PreviewLinkBase):
    SALT = "events.preview-link"
    target = "event"
    url_name = "events:preview"

    event = models.ForeignKey(
        Event, models.CASCADE, related_name="preview_links", verbose_name=_("event")
    )
