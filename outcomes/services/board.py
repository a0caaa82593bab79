"""What the partnership's board records: its quarterly CLS fidelity self-assessment and the
targets its outcomes report is read against. Each write is locked, validated and audited."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_delete, audit_snapshot, audit_update
from cls_portal.locks import lock_names
from cls_portal.permissions import acting_partnership_id
from outcomes.models import FIDELITY_ELEMENTS, FidelityAssessment, FidelityRating, Target
from outcomes.models_board import quarter_start
from outcomes.reference import TARGET_FIGURES

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

EVIDENCE_MAX = 300


def _check_ratings(ratings: dict[str, tuple[int, str]]) -> None:
    errors = {}
    for element, label in FIDELITY_ELEMENTS:
        rating, evidence = ratings.get(element, (None, ""))
        if rating not in FidelityRating.Rating.values:
            errors[element] = f"Rate “{label}” from 1 (not yet started) to 4 (embedded)."
        elif len(evidence or "") > EVIDENCE_MAX:
            errors[element] = f"Keep the evidence for “{label}” to {EVIDENCE_MAX} characters."
    unknown = set(ratings) - {element for element, _ in FIDELITY_ELEMENTS}
    if unknown:
        errors["__all__"] = f"Not an element of the CLS model: {', '.join(sorted(unknown))}."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def fidelity_assessment_save(
    *,
    actor: User,
    quarter: datetime.date,
    ratings: dict[str, tuple[int, str]],
    today: datetime.date | None = None,
) -> FidelityAssessment:
    """Rate the partnership on the eight elements for a quarter: the quarter's one assessment,
    made the first time and changed after (never a second one: a database constraint)."""
    partnership_id = acting_partnership_id(actor)
    start = quarter_start(quarter)
    if start > quarter_start(today or timezone.localdate()):
        raise ValidationError({"quarter": "That quarter has not begun yet."})
    _check_ratings(ratings)
    lock_names([f"fidelity:{partnership_id}:{start}"])
    assessment = (
        FidelityAssessment.objects.select_for_update()
        .filter(partnership_id=partnership_id, quarter=start)
        .first()
    )
    if assessment is None:
        assessment = FidelityAssessment.objects.create(
            partnership_id=partnership_id, quarter=start, assessed_by=actor
        )
        audit_create(actor=actor, obj=assessment)
    else:
        before = audit_snapshot(assessment)
        assessment.assessed_by = actor
        assessment.save(update_fields=["assessed_by", "updated_at"])
        audit_update(actor=actor, obj=assessment, before=before)
    existing = {rating.element: rating for rating in assessment.ratings.all()}
    for element, _label in FIDELITY_ELEMENTS:
        value, evidence = ratings[element]
        rating = existing.get(element)
        if rating is None:
            rating = FidelityRating.objects.create(
                assessment=assessment, element=element, rating=value, evidence=evidence or ""
            )
            audit_create(actor=actor, obj=rating)
        else:
            before = audit_snapshot(rating)
            rating.rating, rating.evidence = value, evidence or ""
            rating.save(update_fields=["rating", "evidence"])
            audit_update(actor=actor, obj=rating, before=before)
    return assessment


@transaction.atomic
def target_set(
    *,
    actor: User,
    code: str,
    value: Decimal,
    higher_is_better: bool = True,
    amber_margin: Decimal = Decimal("10.0"),
) -> Target:
    """Set (or change) the partnership's target for one figure of the outcomes report."""
    partnership_id = acting_partnership_id(actor)
    if code not in TARGET_FIGURES:
        raise ValidationError({"code": "Choose one of the figures listed."})
    if amber_margin is None or amber_margin < 0:
        raise ValidationError({"amber_margin": "The amber margin cannot be negative."})
    lock_names([f"target:{partnership_id}:{code}"])
    target = Target.objects.select_for_update().filter(partnership_id=partnership_id, code=code)
    existing = target.first()
    if existing is None:
        created = Target.objects.create(
            partnership_id=partnership_id,
            code=code,
            value=value,
            higher_is_better=higher_is_better,
            amber_margin=amber_margin,
            set_by=actor,
        )
        audit_create(actor=actor, obj=created)
        return created
    before = audit_snapshot(existing)
    existing.value, existing.higher_is_better = value, higher_is_better
    existing.amber_margin, existing.set_by = amber_margin, actor
    existing.save()
    audit_update(actor=actor, obj=existing, before=before)
    return existing


@transaction.atomic
def target_remove(*, actor: User, target: Target) -> None:
    if target.partnership_id != acting_partnership_id(actor):
        raise ValidationError("That target belongs to another partnership.")
    audit_delete(actor=actor, obj=target)
    target.delete()
