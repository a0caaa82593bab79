"""Creating and changing cost-benefit studies and their cost lines (DESIGN §5)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cls_portal.audit.services import audit_create, audit_delete, audit_snapshot, audit_update
from cls_portal.permissions import acting_partnership_id
from hubs.models import Hub, Locality
from outcomes.models import CostBenefitStudy, CostLine

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

PARAMETERS = (
    "name",
    "period_start",
    "period_end",
    "unit_cost_of_assessment",
    "people_seen_override",
    "people_avoiding_budget",
    "weekly_budget_value",
    "budget_weeks",
    "notes",
)


def _check_place(actor: User, locality: Locality | None, hub: Hub | None) -> None:
    if locality is not None and locality.partnership_id != actor.partnership_id:
        raise ValidationError({"locality": "Choose one of your partnership's localities."})
    if hub is not None and hub.partnership_id != actor.partnership_id:
        raise ValidationError({"hub": "Choose one of your partnership's hubs."})


@transaction.atomic
def cost_benefit_study_create(
    *,
    actor: User,
    name: str,
    period_start: datetime.date,
    period_end: datetime.date,
    locality: Locality | None = None,
    hub: Hub | None = None,
    **parameters: Any,
) -> CostBenefitStudy:
    _check_place(actor, locality, hub)
    unknown = set(parameters) - set(PARAMETERS)
    if unknown:
        raise TypeError(f"Not a study parameter: {', '.join(sorted(unknown))}")
    study = CostBenefitStudy(
        partnership_id=acting_partnership_id(actor),
        locality=locality,
        hub=hub,
        name=name,
        period_start=period_start,
        period_end=period_end,
        created_by=actor,
        **{k: v for k, v in parameters.items() if v is not None or k == "people_seen_override"},
    )
    study.full_clean()
    study.save()
    audit_create(actor=actor, obj=study)
    return study


@transaction.atomic
def cost_benefit_study_update(
    *,
    actor: User,
    study: CostBenefitStudy,
    locality: Locality | None,
    hub: Hub | None,
    **parameters: Any,
) -> CostBenefitStudy:
    _check_place(actor, locality, hub)
    unknown = set(parameters) - set(PARAMETERS)
    if unknown:
        raise TypeError(f"Not a study parameter: {', '.join(sorted(unknown))}")
    before = audit_snapshot(study)
    study.locality, study.hub = locality, hub
    for name, value in parameters.items():
        setattr(study, name, value)
    study.full_clean()
    study.save()
    audit_update(actor=actor, obj=study, before=before)
    return study


@transaction.atomic
def cost_line_add(
    *,
    actor: User,
    study: CostBenefitStudy,
    category: str,
    description: str,
    amount: Decimal,
) -> CostLine:
    if amount is None or Decimal(amount) < 0:
        raise ValidationError({"amount": "Enter an amount of £0 or more."})
    line = CostLine(study=study, category=category, description=description, amount=amount)
    line.full_clean()
    line.save()
    audit_create(actor=actor, obj=line)
    return line


@transaction.atomic
def cost_line_remove(*, actor: User, line: CostLine) -> None:
    audit_delete(actor=actor, obj=line)
    line.delete()
