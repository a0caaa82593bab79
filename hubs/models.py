"""Places: partnerships, localities, hubs, hub sessions and the community solutions directory."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cls_portal.permissions import ScopedQuerySet


class Partnership(models.Model):
    """A council or Health and Social Care Partnership: the hard boundary of every record."""

    class Nation(models.TextChoices):
        SCOTLAND = "scotland", "Scotland (CHI numbers)"
        ENGLAND = "england", "England (NHS numbers)"
        WALES = "wales", "Wales (NHS numbers)"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    nation = models.CharField(max_length=10, choices=Nation.choices, default=Nation.SCOTLAND)
    council_area = models.CharField(
        max_length=120,
        blank=True,
        help_text="The council area (or county), used in addresses of the shared directory.",
    )
    retention_years = models.PositiveSmallIntegerField(
        "Keep records for (years)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Years after a person's last episode closes before their record is removed. "
        "Leave blank for the default.",
    )
    swemwbs_licensed = models.BooleanField(
        "Holds a SWEMWBS licence",
        default=False,
        help_text="Staff may record SWEMWBS wellbeing scores only under licence; "
        "without one they record ONS4.",
    )

    class ReportSchedule(models.TextChoices):
        MONTHLY = "monthly", "Every month, on the 1st, for the month before"
        ON_REQUEST = "on_request", "Only when someone asks for one"

    report_schedule = models.CharField(
        "Monthly reports",
        max_length=12,
        choices=ReportSchedule.choices,
        default=ReportSchedule.MONTHLY,
        help_text="When the waiting-list and outcomes reports are made.",
    )

    SCOPE_PARTNERSHIP = "pk"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_partnership_id(self) -> int:
        return self.pk

    @property
    def retention_period_years(self) -> int:
        """How long this partnership keeps a person's record after their last episode closes
        (``RETENTION_YEARS`` in settings unless the partnership set its own)."""
        return self.retention_years or settings.RETENTION_YEARS

    @property
    def holds_swemwbs_licence(self) -> bool:
        """Licensed here, or named in ``SWEMWBS_LICENSED_PARTNERSHIPS`` (installations that
        set the licence in their environment before it was a setting of the partnership)."""
        return self.swemwbs_licensed or self.slug in set(
            getattr(settings, "SWEMWBS_LICENSED_PARTNERSHIPS", ())
        )

    @property
    def health_number_label(self) -> str:
        """People are identified by CHI numbers in Scotland, NHS numbers elsewhere."""
        return "CHI number" if self.nation == self.Nation.SCOTLAND else "NHS number"


class LocalityQuerySet(ScopedQuerySet):
    def in_use(self, *, keep: Iterable[int] = ()) -> LocalityQuerySet:
        """Localities offered for new records; ``keep`` adds those a record already has."""
        return self.filter(Q(is_active=True) | Q(pk__in=list(keep)))


class Locality(models.Model):
    """A part of a partnership's area: staff work in localities, and case records belong to
    one. Never deleted once records point at it: deactivated instead."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="localities"
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60)
    is_active = models.BooleanField(
        "In use", default=True, help_text="Untick to stop offering it for new records."
    )

    SCOPE_PARTNERSHIP = "partnership"
    objects = LocalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="locality_slug_unique"),
            models.UniqueConstraint(fields=["partnership", "name"], name="locality_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_partnership_id(self) -> int:
        return self.partnership_id


class HubSessionMode(models.TextChoices):
    DROP_IN = "drop_in", "Drop-in"
    APPOINTMENT = "appointment", "Appointments"
    MIXED = "mixed", "Drop-in and appointments"
    OUTREACH = "outreach", "Outreach"


class Hub(models.Model):
    """A community hub: a church hall, library, café or health-centre foyer."""

    class VenueType(models.TextChoices):
        CHURCH_HALL = "church_hall", "Church hall"
        LIBRARY = "library", "Library"
        CAFE = "cafe", "Café"
        COMMUNITY_CENTRE = "community_centre", "Community centre"
        HEALTH_CENTRE = "health_centre", "Health centre"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="hubs")
    locality = models.ForeignKey(Locality, on_delete=models.PROTECT, related_name="hubs")
    name = models.CharField(max_length=120)
    venue_type = models.CharField(max_length=20, choices=VenueType.choices)
    address = models.CharField(max_length=250, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    usual_days = models.CharField(
        max_length=120, blank=True, help_text="e.g. Tuesdays 10–12 and Thursdays 2–4"
    )
    accessibility_notes = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    SCOPE_PARTNERSHIP = "partnership"
    objects = ScopedQuerySet.as_manager()

    # Not a field: today's open session, set on a page of hubs by
    # hubs.selectors.hub_attach_open_sessions.
    open_session: HubSession | None

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="hub_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_partnership_id(self) -> int:
        return self.partnership_id


class HubSchedule(models.Model):
    """A hub's regular session, e.g. every Tuesday 10:00–12:00, appointments. Planned sessions
    (``HubSession.planned``) are made from it for the weeks ahead
    (``hubs.services.calendar.hub_sessions_plan_ahead``, run nightly by beat)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="schedules")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    mode = models.CharField(max_length=12, choices=HubSessionMode.choices)
    valid_from = models.DateField("From")
    valid_until = models.DateField(
        "Until", null=True, blank=True, help_text="Leave empty: ongoing."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    SCOPE_PARTNERSHIP = "hub__partnership"
    SCOPE_LOCALITY = "hub__locality"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["weekday", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="schedule_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="schedule_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_weekday_display()}s {self.starts_at:%H:%M}–{self.ends_at:%H:%M}, "
            f"{self.get_mode_display().lower()}"
        )

    @property
    def scope_partnership_id(self) -> int:
        return self.hub.partnership_id

    @property
    def scope_locality_ids(self) -> list[int]:
        return [self.hub.locality_id]

    def runs_on(self, day: datetime.date) -> bool:
        return (
            day.weekday() == self.weekday
            and day >= self.valid_from
            and (self.valid_until is None or day <= self.valid_until)
        )


class HubSession(models.Model):
    """One opening of a hub on one day: who ran it and how many people came.

    A session planned ahead (from the hub's schedule, or added as a one-off) is ``planned`` until
    it is opened on its day: it takes bookings but no drop-ins, and does not count as held."""

    Mode = HubSessionMode

    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField(default=datetime.date.today)
    starts_at = models.TimeField(null=True, blank=True)
    ends_at = models.TimeField(null=True, blank=True)
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.DROP_IN)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    partner_organisations = models.CharField(
        max_length=250, blank=True, help_text="Other organisations present, e.g. Citizens Advice."
    )
    anonymous_count = models.PositiveIntegerField(
        default=0, help_text="People who came but were not recorded by name (e.g. took a leaflet)."
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    planned = models.BooleanField(
        default=False, help_text="On the calendar, not opened yet: takes bookings, not drop-ins."
    )
    schedule = models.ForeignKey(
        HubSchedule, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )

    SCOPE_PARTNERSHIP = "hub__partnership"
    SCOPE_LOCALITY = "hub__locality"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["hub", "date"])]
        constraints = [
            # Planning ahead runs every night and may run twice: one planned session per hub,
            # day and start. (Sessions opened on the day are not bound by it: two may start in
            # the same minute after a close and a reopen.)
            models.UniqueConstraint(
                fields=["hub", "date", "starts_at"],
                condition=Q(planned=True),
                name="one_planned_session_per_hub_day_start",
            ),
            models.CheckConstraint(
                condition=Q(planned=False) | Q(starts_at__isnull=False, closed_at__isnull=True),
                name="planned_session_has_start_and_is_not_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hub} on {self.date:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        """Opened and not closed: it takes drop-ins and head-counts."""
        return not self.planned and self.closed_at is None

    @property
    def scope_partnership_id(self) -> int:
        return self.hub.partnership_id

    @property
    def scope_locality_ids(self) -> list[int]:
        return [self.hub.locality_id]


class SolutionCategory(models.Model):
    """Reference list of kinds of community solution (befriending, men's sheds, …)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "solution categories"

    def __str__(self) -> str:
        return self.name


# An entry not verified for six months (or never) goes into the review queue.
REVIEW_AFTER = datetime.timedelta(days=183)


def review_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Entries last verified before this day need checking again."""
    return (today or timezone.localdate()) - REVIEW_AFTER


class CommunitySolutionQuerySet(ScopedQuerySet):
    def due_review(self, today: datetime.date | None = None) -> CommunitySolutionQuerySet:
        """Entries not verified for six months (or never) need checking again."""
        cutoff = review_cutoff(today)
        return self.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=cutoff))


class CommunitySolution(models.Model):
    """An entry in the local directory that people can be connected to."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="solutions")
    name = models.CharField(max_length=150)
    organisation = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    category = models.ForeignKey(
        SolutionCategory, on_delete=models.PROTECT, related_name="solutions"
    )
    localities = models.ManyToManyField(
        Locality, blank=True, related_name="solutions", help_text="Where it is available."
    )
    contact_name = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    address = models.CharField(max_length=250, blank=True, help_text="Street address.")
    town = models.CharField(max_length=80, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    schedule = models.CharField(max_length=250, blank=True, help_text="e.g. Tuesdays 10–12")
    cost_to_person = models.CharField(
        max_length=120, blank=True, help_text="e.g. Free, or £3 a session"
    )
    last_verified = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    # Stable Open Referral (HSDS 3.0) identifiers, kept across exports. A service id is unique
    # within a partnership's directory only: another partnership may hold the same id (an import
    # of the same file), and neither learns of the other's.
    hsds_service_id = models.UUIDField(default=uuid.uuid4, editable=False)
    hsds_organization_id = models.UUIDField(default=uuid.uuid4, editable=False)
    hsds_location_id = models.UUIDField(default=uuid.uuid4, editable=False)
    # The old system's identifier of an entry brought in by a bulk import (``imports``).
    external_id = models.CharField(
        "identifier in the previous system", max_length=64, blank=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SCOPE_PARTNERSHIP = "partnership"
    objects = CommunitySolutionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["partnership", "category"]),
            models.Index(fields=["partnership", "last_verified"]),
            models.Index(fields=["partnership", "is_active", "name"]),
            models.Index(fields=["hsds_organization_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "hsds_service_id"],
                name="one_hsds_service_id_per_partnership",
            ),
            models.UniqueConstraint(
                fields=["partnership", "external_id"],
                condition=~Q(external_id=""),
                name="solution_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_partnership_id(self) -> int:
        return self.partnership_id

    @property
    def needs_review(self) -> bool:
        return self.last_verified is None or self.last_verified < review_cutoff()
