"""Wellbeing scores: ONS4 or SWEMWBS, taken with the person."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from conversations.models.conversations import Conversation
from conversations.models.episodes import Episode, EpisodeChild

# The items of each wellbeing measure (module-level so Meta.constraints can use them).
ONS4_ITEMS = ("life_satisfaction", "worthwhile", "happiness", "anxiety")
SWEMWBS_ITEMS = tuple(f"swemwbs_{n}" for n in range(1, 8))


def _score_field(label: str, low: int, high: int) -> models.SmallIntegerField:
    message = f"{label} must be a whole number from {low} to {high}."
    return models.SmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(low, message), MaxValueValidator(high, message)],
    )


class WellbeingScore(EpisodeChild):
    """An optional wellbeing measure taken with the person: ONS4 (free to use) or, where the
    partnership holds the licence, SWEMWBS. ONS4 items are reported one by one, never summed
    (anxiety runs the other way: 0 is best); SWEMWBS is reported as its raw total, 7–35."""

    class Measure(models.TextChoices):
        ONS4 = "ons4", "ONS4 personal wellbeing"
        SWEMWBS = "swemwbs", "SWEMWBS (short Warwick-Edinburgh)"

    ONS4_ITEMS = ONS4_ITEMS
    SWEMWBS_ITEMS = SWEMWBS_ITEMS
    ONS4_RANGE = (0, 10)
    SWEMWBS_RANGE = (1, 5)

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="wellbeing_scores")
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    measure = models.CharField(max_length=10, choices=Measure.choices)
    recorded_on = models.DateField()
    life_satisfaction = _score_field("Life satisfaction", 0, 10)
    worthwhile = _score_field("Worthwhile", 0, 10)
    happiness = _score_field("Happiness", 0, 10)
    anxiety = _score_field("Anxiety", 0, 10)
    swemwbs_1 = _score_field("Feeling optimistic about the future", 1, 5)
    swemwbs_2 = _score_field("Feeling useful", 1, 5)
    swemwbs_3 = _score_field("Feeling relaxed", 1, 5)
    swemwbs_4 = _score_field("Dealing with problems well", 1, 5)
    swemwbs_5 = _score_field("Thinking clearly", 1, 5)
    swemwbs_6 = _score_field("Feeling close to other people", 1, 5)
    swemwbs_7 = _score_field("Able to make up my own mind about things", 1, 5)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        indexes = [
            models.Index(fields=["episode", "recorded_on"]),
            models.Index(fields=["measure", "recorded_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        measure="ons4",
                        **{f"{item}__isnull": False for item in ONS4_ITEMS},
                        **{f"{item}__isnull": True for item in SWEMWBS_ITEMS},
                    )
                    | Q(
                        measure="swemwbs",
                        **{f"{item}__isnull": True for item in ONS4_ITEMS},
                        **{f"{item}__isnull": False for item in SWEMWBS_ITEMS},
                    )
                ),
                name="wellbeing_items_match_measure",
            ),
            models.CheckConstraint(
                condition=Q(**{f"{item}__range": (0, 10) for item in ONS4_ITEMS})
                | Q(measure="swemwbs"),
                name="wellbeing_ons4_items_0_to_10",
            ),
            models.CheckConstraint(
                condition=Q(**{f"{item}__range": (1, 5) for item in SWEMWBS_ITEMS})
                | Q(measure="ons4"),
                name="wellbeing_swemwbs_items_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} on {self.recorded_on:%d %b %Y}"

    @property
    def items(self) -> tuple[str, ...]:
        return self.ONS4_ITEMS if self.measure == self.Measure.ONS4 else self.SWEMWBS_ITEMS

    @property
    def swemwbs_raw(self) -> int | None:
        """The SWEMWBS raw score, 7–35 (None for ONS4, whose items are never summed)."""
        if self.measure != self.Measure.SWEMWBS:
            return None
        return sum(getattr(self, item) for item in self.SWEMWBS_ITEMS)

    def clean(self) -> None:
        expected = set(self.items)
        errors = {}
        for item in (*self.ONS4_ITEMS, *self.SWEMWBS_ITEMS):
            value = getattr(self, item)
            label = self._meta.get_field(item).verbose_name
            if item in expected and value is None:
                errors[item] = f"Enter a score for “{label}”."
            elif item not in expected and value is not None:
                errors[item] = f"“{label}” is not part of the {self.get_measure_display()}."
        if errors:
            raise ValidationError(errors)
