"""What a partnership's board sets and says about itself: the quarterly CLS fidelity
self-assessment (DESIGN §3) and targets for the figures of the outcomes report.

Kept beside ``outcomes.models`` (which imports these, so Django finds them) to keep each module
short.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from cls_portal.permissions import ScopedQuerySet
from hubs.models import Partnership

# The eight elements of the CLS model in practice (background: shared/context/).
FIDELITY_ELEMENTS: list[tuple[str, str]] = [
    ("hubs", "Community hubs where people can drop in and talk"),
    ("front_door", "Different conversations at every front door"),
    ("whole_system", "The whole system of information, signposting and support redesigned"),
    ("community_first", "Community solutions tried first"),
    ("connecting_roles", "Navigating and connecting roles"),
    ("recording", "Streamlined, person-centred recording"),
    ("devolved_decisions", "Devolved decision making, such as peer forums"),
    ("letting_go", "Leaders letting go of control"),
]


def quarter_start(day: datetime.date) -> datetime.date:
    """The first day of the calendar quarter holding ``day`` (January, April, July, October)."""
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(start: datetime.date) -> str:
    end_month = datetime.date(start.year, start.month + 2, 1)
    return f"{start:%B}–{end_month:%B %Y}"


class FidelityAssessment(models.Model):
    """A partnership's rating of itself on the eight elements, once a quarter."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    quarter = models.DateField(help_text="The first day of the quarter.")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SCOPE_PARTNERSHIP = "partnership"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "quarter"], name="fidelity_one_assessment_a_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__day=1, quarter__month__in=[1, 4, 7, 10]),
                name="fidelity_quarter_starts_a_quarter",
            ),
        ]

    def __str__(self) -> str:
        return f"CLS fidelity, {self.label}"

    @property
    def label(self) -> str:
        return quarter_label(self.quarter)

    @property
    def scope_partnership_id(self) -> int:
        return self.partnership_id


class FidelityRating(models.Model):
    """One element's rating, with the evidence the partnership gives for it."""

    class Rating(models.IntegerChoices):
        NOT_YET = 1, "Not yet started"
        EMERGING = 2, "Emerging"
        DEVELOPING = 3, "Developing"
        EMBEDDED = 4, "Embedded"

    assessment = models.ForeignKey(
        FidelityAssessment, on_delete=models.CASCADE, related_name="ratings"
    )
    element = models.CharField(max_length=20, choices=FIDELITY_ELEMENTS)
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    evidence = models.CharField("Evidence", max_length=300, blank=True)

    SCOPE_PARTNERSHIP = "assessment__partnership"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "element"], name="fidelity_one_rating_an_element"
            ),
            models.CheckConstraint(
                condition=Q(rating__range=(1, 4)), name="fidelity_rating_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_element_display()}: {self.get_rating_display()}"

    @property
    def scope_partnership_id(self) -> int:
        return self.assessment.partnership_id


class Target(models.Model):
    """A target the partnership sets for one figure of the core data set (its ``code``), and
    whether higher is better. The outcomes report rates the latest figure against it: green when
    it meets the target, amber when within ``amber_margin`` percent of it, red otherwise."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=80)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    higher_is_better = models.BooleanField(default=True)
    amber_margin = models.DecimalField(
        "Amber within (%)", max_digits=5, decimal_places=1, default=Decimal("10.0")
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    SCOPE_PARTNERSHIP = "partnership"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="target_one_per_figure"),
            models.CheckConstraint(
                condition=Q(amber_margin__gte=0), name="target_amber_margin_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"Target for {self.code}: {self.value}"

    def clean(self) -> None:
        if self.amber_margin is not None and self.amber_margin < 0:
            raise ValidationError({"amber_margin": "The amber margin cannot be negative."})

    @property
    def scope_partnership_id(self) -> int:
        return self.partnership_id
