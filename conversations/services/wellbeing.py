"""Optional wellbeing measures: ONS4 personal wellbeing (free to use) and SWEMWBS (only where the
partnership holds the licence). Outcomes Star is deliberately absent: its licence forbids
embedding it.

The SWEMWBS licence is a setting of the partnership (``Partnership.swemwbs_licensed``, set when
it is created or on its settings page); the environment variable ``SWEMWBS_LICENSED_PARTNERSHIPS``
(slugs, comma-separated) still grants it too.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create
from conversations.models import Conversation, Episode, WellbeingScore
from hubs.models import Partnership

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

Measure = WellbeingScore.Measure


def swemwbs_licensed(partnership: Partnership) -> bool:
    return partnership.holds_swemwbs_licence


def measures_available(partnership: Partnership) -> list[str]:
    return [Measure.ONS4, *([Measure.SWEMWBS] if swemwbs_licensed(partnership) else [])]


@transaction.atomic
def wellbeing_score_record(
    *,
    actor: User,
    episode: Episode,
    measure: str,
    scores: dict[str, int | None],
    recorded_on: datetime.date | None = None,
    conversation: Conversation | None = None,
) -> WellbeingScore:
    if measure not in Measure.values:
        raise ValidationError({"measure": "Choose ONS4 or SWEMWBS."})
    if measure == Measure.SWEMWBS and not swemwbs_licensed(episode.partnership):
        raise ValidationError(
            {"measure": "Your partnership does not hold a SWEMWBS licence: use ONS4 instead."}
        )
    if conversation is not None and conversation.episode_id != episode.pk:
        raise ValidationError({"conversation": "Choose a conversation of this episode."})
    recorded_on = recorded_on or (conversation.held_on if conversation else timezone.localdate())
    if recorded_on > timezone.localdate():
        raise ValidationError({"recorded_on": "The date cannot be in the future."})
    if recorded_on < episode.first_contact_on:
        raise ValidationError({"recorded_on": "The date cannot be before first contact."})
    items = WellbeingScore.ONS4_ITEMS if measure == Measure.ONS4 else WellbeingScore.SWEMWBS_ITEMS
    unknown = set(scores) - set(items)
    if unknown:
        raise ValidationError(
            dict.fromkeys(sorted(unknown), "This is not part of the measure you chose.")
        )
    score = WellbeingScore(
        episode=episode,
        conversation=conversation,
        measure=measure,
        recorded_on=recorded_on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        **{item: scores.get(item) for item in items},
    )
    score.full_clean()  # each item's range (0–10 or 1–5) is checked by the model's validators
    score.save()
    audit_create(actor=actor, obj=score)
    return score
