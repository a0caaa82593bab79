"""What the forum models share: money fields, the short-term limit and the intervention types."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

ZERO = Decimal("0.00")
MONEY_FIELD = {"max_digits": 9, "decimal_places": 2, "validators": [MinValueValidator(ZERO)]}
MAX_SHORT_TERM_WEEKS = 6
# 365 / 7, to two places, as DESIGN §4 fixes it: a long-term weekly saving × this = a year.
WEEKS_PER_YEAR = Decimal("52.14")


def non_negative(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}), name=name
    )


class InterventionType(models.TextChoices):
    LONG_TERM = "long_term", "Long-term (12 months or more)"
    SHORT_TERM = "short_term", "Short-term (up to 6 weeks)"
    ONE_OFF = "one_off", "One-off"


class AboutAnEpisode:
    """Scope and audit for a record about one episode: its partnership, its locality and its
    person, read from ``scope_episode`` (each model says how it reaches the episode)."""

    @property
    def scope_episode(self) -> Any:
        raise NotImplementedError

    @property
    def scope_partnership_id(self) -> int:
        return self.scope_episode.partnership_id

    @property
    def scope_locality_ids(self) -> list[int]:
        return [self.scope_episode.locality_id]

    @property
    def audit_person_id(self) -> int:
        return self.scope_episode.person_id
