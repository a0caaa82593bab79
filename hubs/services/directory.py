"""Adding, changing and verifying entries in the community solutions directory."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from hubs.models import CommunitySolution, Locality, Partnership, SolutionCategory
from hubs.postcodes import normalise_postcode

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

# The fields a person may type; everything else (ids, timestamps) is kept by the services.
EDITABLE_FIELDS = (
    "name",
    "organisation",
    "description",
    "category",
    "contact_name",
    "phone",
    "email",
    "website",
    "address",
    "town",
    "postcode",
    "schedule",
    "cost_to_person",
    "last_verified",
    "is_active",
)


def _check_localities(partnership_id: int, localities: Iterable[Locality]) -> list[int]:
    localities = list(localities)
    if any(loc.partnership_id != partnership_id for loc in localities):
        raise ValidationError({"localities": "Choose localities of your own partnership."})
    return sorted({loc.pk for loc in localities})


def _organisation_id(
    partnership_id: int, organisation: str, *, exclude_pk: int | None = None
) -> uuid.UUID | None:
    """The HSDS organisation id already used for this organisation name in the partnership,
    so every service of one organisation shares it (and exports as one organisation)."""
    same = CommunitySolution.objects.filter(
        partnership_id=partnership_id, organisation__iexact=organisation.strip()
    )
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    return same.order_by("pk").values_list("hsds_organization_id", flat=True).first()


def _clean_values(values: dict[str, Any]) -> dict[str, Any]:
    verified = values.get("last_verified")
    if verified and verified > timezone.localdate():
        raise ValidationError({"last_verified": "The date last checked cannot be in the future."})
    cleaned = dict(values)
    for name in ("name", "organisation", "contact_name", "phone", "address", "town", "schedule"):
        if name in cleaned and isinstance(cleaned[name], str):
            cleaned[name] = cleaned[name].strip()
    if "postcode" in cleaned:
        cleaned["postcode"] = normalise_postcode(cleaned["postcode"])
    return cleaned


@transaction.atomic
def solution_create(
    *,
    actor: User,
    partnership: Partnership,
    name: str,
    organisation: str,
    category: SolutionCategory,
    localities: Iterable[Locality] = (),
    hsds_service_id: uuid.UUID | None = None,
    hsds_organization_id: uuid.UUID | None = None,
    hsds_location_id: uuid.UUID | None = None,
    external_id: str = "",
    **values: Any,
) -> CommunitySolution:
    """Add an entry. HSDS ids are kept when given (an import), else minted; an organisation
    already in the directory keeps its one organisation id. ``external_id``: the entry's
    identifier in a previous system (a bulk import finds it again by it)."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown directory fields: {sorted(unknown)}")
    values = _clean_values({"name": name, "organisation": organisation, **values})
    solution = CommunitySolution(
        partnership=partnership, category=category, external_id=external_id, **values
    )
    solution.hsds_organization_id = (
        hsds_organization_id
        or _organisation_id(partnership.pk, solution.organisation)
        or uuid.uuid4()
    )
    if hsds_service_id:
        solution.hsds_service_id = hsds_service_id
    if hsds_location_id:
        solution.hsds_location_id = hsds_location_id
    solution.full_clean()
    solution.save()
    solution.localities.set(_check_localities(partnership.pk, localities))
    audit_create(actor=actor, obj=solution)
    return solution


@transaction.atomic
def solution_update(
    *,
    actor: User,
    solution: CommunitySolution,
    localities: Iterable[Locality] | None = None,
    hsds_organization_id: uuid.UUID | None = None,
    hsds_location_id: uuid.UUID | None = None,
    **values: Any,
) -> CommunitySolution:
    """Change an entry; only the fields given change. Audited with a before snapshot."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown directory fields: {sorted(unknown)}")
    solution = CommunitySolution.objects.select_for_update().get(pk=solution.pk)
    before = audit_snapshot(solution)
    before_localities = sorted(solution.localities.values_list("pk", flat=True))
    old_organisation = solution.organisation
    for name, value in _clean_values(values).items():
        setattr(solution, name, value)
    if hsds_organization_id:
        solution.hsds_organization_id = hsds_organization_id
    elif solution.organisation.lower() != old_organisation.lower():
        solution.hsds_organization_id = _organisation_id(
            solution.partnership_id, solution.organisation, exclude_pk=solution.pk
        ) or (
            uuid.uuid4()
            if CommunitySolution.objects.filter(hsds_organization_id=solution.hsds_organization_id)
            .exclude(pk=solution.pk)
            .exists()
            else solution.hsds_organization_id
        )
    if hsds_location_id:
        solution.hsds_location_id = hsds_location_id
    after_localities = before_localities
    if localities is not None:
        after_localities = _check_localities(solution.partnership_id, localities)
    if after_localities == before_localities and _unchanged(before, audit_snapshot(solution)):
        return solution  # nothing to save, audit or re-stamp (e.g. re-importing the same file)
    solution.full_clean()
    solution.save()
    solution.localities.set(after_localities)
    audit_update(
        actor=actor,
        obj=solution,
        before=before | {"localities": before_localities},
        extra_after={"localities": after_localities},
    )
    return solution


def _unchanged(before: dict[str, Any], after: dict[str, Any]) -> bool:
    ignore = {"updated_at"}
    return {k: v for k, v in before.items() if k not in ignore} == {
        k: v for k, v in after.items() if k not in ignore
    }


@transaction.atomic
def solution_verify(
    *, actor: User, solution: CommunitySolution, on: datetime.date | None = None
) -> CommunitySolution:
    """Someone checked the entry is still right: it leaves the review queue for six months."""
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"last_verified": "The date checked cannot be in the future."})
    solution = CommunitySolution.objects.select_for_update().get(pk=solution.pk)
    before = audit_snapshot(solution)
    solution.last_verified = on
    solution.save(update_fields=["last_verified", "updated_at"])
    audit_update(actor=actor, obj=solution, before=before)
    return solution
