"""The monthly staff pulse: one answer per member of staff per month, which they may change
until the month ends."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from cls_portal.permissions import acting_partnership_id
from hubs.models import Locality
from outcomes.models import StaffPulseResponse
from outcomes.periods import Month
from outcomes.reference import PULSE_ITEMS

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


@transaction.atomic
def staff_pulse_respond(
    *,
    actor: User,
    locality: Locality,
    scores: dict[str, int],
    month: Month | None = None,
) -> StaffPulseResponse:
    """Save the actor's answers for ``month`` (this month by default), replacing any earlier
    answers for the same month."""
    month = month or Month.of(timezone.localdate())
    if month != Month.of(timezone.localdate()):
        raise ValidationError("The staff pulse can only be answered for the current month.")
    if locality.pk not in actor.locality_id_set:
        raise ValidationError({"locality": "Choose one of the localities you work in."})
    if set(scores) != set(PULSE_ITEMS):
        raise ValidationError("Answer every statement.")
    existing = (
        StaffPulseResponse.objects.select_for_update()
        .filter(respondent=actor, month=month.start)
        .first()
    )
    if existing is None:
        response = StaffPulseResponse(
            partnership_id=acting_partnership_id(actor),
            respondent=actor,
            month=month.start,
            locality=locality,
            **scores,
        )
        response.full_clean()
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError as exc:  # answered twice at once: the first one stands
            raise ValidationError("You have just answered this month's pulse.") from exc
        audit_create(actor=actor, obj=response)
        return response
    before = audit_snapshot(existing)
    existing.locality = locality
    for name, value in scores.items():
        setattr(existing, name, value)
    existing.answered_at = timezone.now()
    existing.full_clean()
    existing.save()
    audit_update(actor=actor, obj=existing, before=before)
    return existing
