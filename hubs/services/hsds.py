"""Importing an Open Referral HSDS 3.0 file into the directory: all of it, or none of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction

from hubs.hsds.imports import ImportPlan, Problem, hsds_import_plan
from hubs.models import Partnership
from hubs.services.directory import solution_create, solution_update

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@transaction.atomic
def hsds_directory_import(*, actor: User, partnership: Partnership, document: Any) -> ImportResult:
    """Check the whole file first; import nothing if any record is bad, else create and update
    entries through the directory services (each audited)."""
    plan: ImportPlan = hsds_import_plan(partnership=partnership, document=document)
    result = ImportResult(problems=plan.problems, notes=plan.notes)
    if not plan.ok:
        return result
    for entry in plan.entries:
        if entry.existing is None:
            solution_create(
                actor=actor,
                partnership=partnership,
                category=entry.category,
                localities=entry.localities,
                hsds_service_id=entry.service_id,
                hsds_organization_id=entry.organization_id,
                hsds_location_id=entry.location_id,
                **entry.values,
            )
            result.created += 1
            continue
        stamp = entry.existing.updated_at
        solution = solution_update(
            actor=actor,
            solution=entry.existing,
            category=entry.category,
            localities=entry.localities,
            hsds_organization_id=entry.organization_id,
            hsds_location_id=entry.location_id,
            **entry.values,
        )
        if solution.updated_at == stamp:
            result.unchanged += 1
        else:
            result.updated += 1
    return result
