"""Measurement and reporting: change stories, the staff pulse, cost-benefit studies and reports.

Every record here belongs to its partnership (and place): removing a partnership, locality or hub
removes the stories, studies and reports about it with it.

The six CLS outcomes themselves are fixed reference data (``outcomes.reference.CLSOutcome``); the
figures filed under them are computed from the other apps' records by ``outcomes.selectors.figures``
and are never stored, except inside a generated ``Report`` file.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cls_portal.permissions import ScopedQuerySet
from hubs.models import Hub, Locality, Partnership
from outcomes.models_programme import Programme, ProgrammeSharing
from outcomes.reference import PULSE_ITEMS, CLSOutcome

__all__ = [  # the programme's models live in their own module
    "Programme",
    "ProgrammeSharing",
]


def _today() -> datetime.date:
    return timezone.localdate()


class ChangeStory(models.Model):
    """A short, anonymised story of the difference CLS made for someone, in a structured shape
    (what mattered; strengths and barriers; what happened; what would have happened before)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    locality = models.ForeignKey(Locality, on_delete=models.CASCADE, related_name="+")
    hub = models.ForeignKey(Hub, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    title = models.CharField(
        max_length=120, help_text="A few words, e.g. “Back to the allotment”. No names, please."
    )
    told_on = models.DateField("Date of the story", default=_today)
    what_mattered = models.TextField("What mattered to the person")
    strengths = models.TextField("Strengths they drew on", blank=True)
    barriers = models.TextField("Barriers in the way", blank=True)
    what_happened = models.TextField("What happened")
    before_cls = models.TextField(
        "What would have happened before",
        help_text="How the old way of working would have responded.",
    )
    consent_to_share = models.BooleanField(
        "The person agreed this story can be shared in reports (without their name)",
        default=False,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SCOPE_PARTNERSHIP = "partnership"
    SCOPE_LOCALITY = "locality"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-told_on", "-pk"]
        verbose_name_plural = "change stories"
        indexes = [
            models.Index(fields=["partnership", "told_on"]),
            models.Index(fields=["locality", "told_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_partnership_id(self) -> int:
        return self.partnership_id

    @property
    def scope_locality_ids(self) -> list[int]:
        return [self.locality_id]


class ChangeStoryOutcome(models.Model):
    """Which of the six CLS outcomes a story shows (one row per outcome)."""

    story = models.ForeignKey(ChangeStory, on_delete=models.CASCADE, related_name="outcome_links")
    outcome = models.PositiveSmallIntegerField(choices=CLSOutcome.choices)

    class Meta:
        ordering = ["outcome"]
        constraints = [
            models.UniqueConstraint(fields=["story", "outcome"], name="story_outcome_once"),
        ]

    def __str__(self) -> str:
        return f"Outcome {self.outcome}"


def _pulse_score_field(statement: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        statement, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class StaffPulseResponse(models.Model):
    """One member of staff's answers to the monthly pulse (outcome 5). Shown only in aggregate,
    and only when at least five people answered."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    locality = models.ForeignKey(
        Locality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    month = models.DateField(help_text="The first day of the month answered for.")
    trusted_to_decide = _pulse_score_field(PULSE_ITEMS["trusted_to_decide"])
    time_for_conversations = _pulse_score_field(PULSE_ITEMS["time_for_conversations"])
    know_local_solutions = _pulse_score_field(PULSE_ITEMS["know_local_solutions"])
    confident_strengths = _pulse_score_field(PULSE_ITEMS["confident_strengths"])
    supported_by_team = _pulse_score_field(PULSE_ITEMS["supported_by_team"])
    answered_at = models.DateTimeField(default=timezone.now)

    SCOPE_PARTNERSHIP = "partnership"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "-pk"]
        indexes = [models.Index(fields=["partnership", "month"])]
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "month"], name="one_pulse_per_person_per_month"
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"pulse_{name}_1_to_5",
                )
                for name in PULSE_ITEMS
            ),
        ]

    def __str__(self) -> str:
        return f"Staff pulse #{self.pk}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": "The month is stored as its first day."})

    @property
    def scope_partnership_id(self) -> int:
        return self.partnership_id


def _money_field(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        **kwargs,
    )


class CostBenefitStudy(models.Model):
    """A partial cost-benefit analysis of a hub or innovation site over a year (DESIGN §5).
    Every parameter is stored and shown, because these are deliberately conservative estimates."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    locality = models.ForeignKey(
        Locality, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=150)
    period_start = models.DateField("From")
    period_end = models.DateField("To")
    unit_cost_of_assessment = _money_field(
        "Unit cost of a full assessment (£)",
        default=Decimal("329.00"),
        help_text="What each person seen would otherwise have cost in a full assessment.",
    )
    people_seen_override = models.PositiveIntegerField(
        "People seen",
        null=True,
        blank=True,
        help_text="Leave blank to use the hub footfall recorded for the period.",
    )
    people_avoiding_budget = models.PositiveIntegerField(
        "People who would otherwise have had a personal budget", default=0
    )
    weekly_budget_value = _money_field("Weekly value of that personal budget (£)", default=0)
    budget_weeks = models.PositiveSmallIntegerField(
        "Weeks a year the budget would run", default=52, validators=[MaxValueValidator(53)]
    )
    notes = models.TextField(blank=True, help_text="Sources and assumptions.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SCOPE_PARTNERSHIP = "partnership"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name_plural = "cost-benefit studies"
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="cost_benefit_period_forwards",
            ),
            models.CheckConstraint(
                condition=Q(unit_cost_of_assessment__gte=0) & Q(weekly_budget_value__gte=0),
                name="cost_benefit_money_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "The end date must be on or after the start."})
        if self.hub_id and self.locality_id and self.hub.locality_id != self.locality_id:
            raise ValidationError({"hub": "Choose a hub in the chosen locality."})

    @property
    def scope_partnership_id(self) -> int:
        return self.partnership_id


class CostLine(models.Model):
    class Category(models.TextChoices):
        CAPITAL = "capital", "Capital"
        REVENUE = "revenue", "Revenue"
        IN_KIND = "in_kind", "In-kind"
        DEVELOPMENT = "development", "Development"
        ONWARD_REFERRALS = "onward_referrals", "Onward referrals"

    study = models.ForeignKey(CostBenefitStudy, on_delete=models.CASCADE, related_name="cost_lines")
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.CharField(max_length=200)
    amount = _money_field("Amount (£)")

    class Meta:
        ordering = ["category", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="cost_line_not_negative"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def scope_partnership_id(self) -> int:
        return self.study.partnership_id


class Report(models.Model):
    """A generated monthly PDF. Written by ``outcomes.services.reports.report_generate`` (from a
    Celery task or ``manage.py generate_report``); the file is moved into place before the record
    says done, so a done report always has a whole file."""

    class Kind(models.TextChoices):
        WAITING_LIST = "waiting_list", "Waiting-list report"
        OUTCOMES = "outcomes", "Outcomes report"
        PROGRAMME_YEAR = "programme_year", "Programme annual report"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    IN_PROGRESS = (Status.QUEUED, Status.RUNNING)
    # A partnership's reports; a programme's annual report belongs to the programme instead.
    PARTNERSHIP_KINDS = (Kind.WAITING_LIST, Kind.OUTCOMES)

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    locality = models.ForeignKey(
        Locality, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    period = models.DateField(help_text="The first day of the month reported on.")
    baseline = models.DateField(
        null=True, blank=True, help_text="First day of the baseline month for comparisons."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="reports/", max_length=200, blank=True)
    checksum = models.CharField("SHA-256", max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    scheduled = models.BooleanField(default=False, help_text="Made by the monthly schedule.")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error_message = models.CharField(max_length=300, blank=True)
    # The report row is the job's outbox: ``sent_at`` says when its job last reached the broker
    # (empty: never), and the beat sweep sends again a queued report whose job never started.
    sent_at = models.DateTimeField(null=True, blank=True)
    # A run holds the report while it makes it (never two at once): claimed with a conditional
    # UPDATE, renewed while rendering, released at the end. Expired and not done: its worker died.
    lease_until = models.DateTimeField(null=True, blank=True)
    leased_by = models.CharField(max_length=100, blank=True)

    SCOPE_PARTNERSHIP = "partnership"
    objects = ScopedQuerySet.as_manager()
    # Not stored: set after commit by ``report_outbox`` — did the broker take the job just sent?
    job_sent: bool | None = None

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["partnership", "-requested_at"]),
            models.Index(fields=["status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(file="") & ~Q(checksum="")),
                name="report_done_has_file",
            ),
            # A partnership's report or a programme's annual report, never both or neither.
            models.CheckConstraint(
                condition=(
                    Q(partnership__isnull=False, programme__isnull=True) & ~Q(kind="programme_year")
                )
                | Q(partnership__isnull=True, programme__isnull=False, kind="programme_year"),
                name="report_of_a_partnership_or_a_programme",
            ),
            models.UniqueConstraint(
                fields=["programme", "kind", "period"],
                condition=Q(status__in=["queued", "running"], programme__isnull=False),
                name="one_programme_report_in_progress",
                violation_error_message="The same report is already being made.",
            ),
            models.UniqueConstraint(
                fields=["partnership", "kind", "period"],
                condition=Q(scheduled=True, locality__isnull=True, hub__isnull=True),
                name="one_scheduled_report_per_month",
            ),
            # One report per kind, month, place and baseline while one is queued or running
            # (empty place and baseline compared as equal, on PostgreSQL and SQLite alike).
            models.UniqueConstraint(
                "partnership",
                "kind",
                "period",
                Coalesce("locality_id", 0, output_field=models.IntegerField()),
                Coalesce("hub_id", 0, output_field=models.IntegerField()),
                Coalesce(
                    "baseline", Value(datetime.date(1, 1, 1)), output_field=models.DateField()
                ),
                condition=Q(status__in=["queued", "running"]),
                name="one_report_in_progress",
                violation_error_message="The same report is already being made.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def clean(self) -> None:
        if self.period and self.period.day != 1:
            raise ValidationError({"period": "The period is stored as the month's first day."})
        if self.baseline and self.baseline.day != 1:
            raise ValidationError({"baseline": "The baseline is stored as the month's first day."})

    @property
    def scope_partnership_id(self) -> int | None:
        return self.partnership_id

    @property
    def is_in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    @property
    def progress(self) -> str:
        """What the page says about a report in progress: ``unsent`` (the job service could not
        be reached), ``waiting`` (sent, not started), ``stalled`` (sent long ago and not started,
        or its worker stopped: the sweep restarts it), ``working``; else the status."""
        now = timezone.now()
        if self.status == self.Status.RUNNING:
            alive = self.lease_until is not None and self.lease_until > now
            return "working" if alive else "stalled"
        if self.status != self.Status.QUEUED:
            return self.status
        if self.sent_at is None:
            return "unsent"
        resend = datetime.timedelta(seconds=settings.REPORT_RESEND_AFTER_SECONDS)
        return "stalled" if self.sent_at < now - resend else "waiting"

    @property
    def period_label(self) -> str:
        if self.kind == self.Kind.PROGRAMME_YEAR:  # period: the financial year's 1 April
            return f"Financial year {self.period.year}–{(self.period.year + 1) % 100:02d}"
        return self.period.strftime("%B %Y")


class FiguresChanged(models.Model):
    """Records behind a partnership's figures changed, from ``from_month`` on (its first day).

    Written by the audit trail's listener in the same transaction as the change itself
    (``outcomes.services.rollups``), so no change escapes the rollups: every change is audited.
    No partnership means every partnership (a bulk load audited as one summary row)."""

    partnership = models.ForeignKey(
        "hubs.Partnership", on_delete=models.CASCADE, null=True, related_name="+"
    )
    from_month = models.DateField()
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Figures changed from {self.from_month:%B %Y}"


class FigureRollup(models.Model):
    """A month's figures for a partnership or one of its localities, kept so the dashboard never
    works them out while a lead waits. ``stale`` means records behind them have changed since:
    the refresh job works them out again (``outcomes.services.rollups``); ``version`` lets it
    save only if nothing marked them again meanwhile. ``figures`` is empty until worked out."""

    partnership = models.ForeignKey("hubs.Partnership", on_delete=models.CASCADE, related_name="+")
    locality = models.ForeignKey(
        "hubs.Locality", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    month = models.DateField(help_text="The month's first day.")
    figures = models.BinaryField(null=True, editable=False)
    stale = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(null=True)
    # Which code worked them out (outcomes.services.rollups.DEFINITION): kept figures made by
    # other code are not shown, and are worked out again.
    definition = models.CharField(max_length=16, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "month"],
                condition=models.Q(locality__isnull=True),
                name="one_partnership_rollup_per_month",
            ),
            models.UniqueConstraint(
                fields=["partnership", "locality", "month"],
                condition=models.Q(locality__isnull=False),
                name="one_locality_rollup_per_month",
            ),
        ]
        indexes = [models.Index(fields=["stale", "-month"], name="rollups_to_refresh")]

    def __str__(self) -> str:
        return f"Figures for {self.month:%B %Y}"


# The board's own records (fidelity self-assessment, targets), in their own module.
from outcomes.models_board import (  # noqa: E402, F401
    FIDELITY_ELEMENTS,
    FidelityAssessment,
    FidelityRating,
    Target,
)
