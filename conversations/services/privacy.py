"""Erasure on request and removal after the retention period.

- ``person_erase``: anonymise a person. Every personal field of every record linked to them
  (``PERSONAL_FIELDS``: names, contact details, identifiers, free-text notes) is blanked or
  replaced with "[erased]"; dates, places, kinds, statuses, scores and amounts stay, so every
  figure (outcomes, the savings ledger, footfall) is unchanged. Their personal values are
  scrubbed from the audit trail too (the fact of each action stays), and the erasure is
  recorded.
- ``person_purge``: remove a person and everything linked to them (the database cascades from
  the person across apps), scrub the audit trail the same way and leave a tombstone row that
  says only that record N was removed after its retention period.
- ``purge_expired``: ``person_purge`` for everyone past their partnership's retention period
  (``conversations.selectors.privacy.people_past_retention``).

These use the bulk paths and write their own entries, so they run inside ``audit_explicit()``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from cls_portal.audit.context import audit_explicit
from cls_portal.audit.models import AuditEntry
from cls_portal.audit.personal import (
    person_linked_models,
    personal_fields_by_model,
    records_of_person,
)
from cls_portal.audit.services import ERASED, audit_record, audit_scrub_person, entry_for
from conversations.models import Person
from conversations.selectors.privacy import people_past_retention, retention_cutoff
from hubs.models import Partnership

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def _blank(model: type[models.Model], name: str) -> Any:
    """What an erased value becomes: empty where the field allows it, else "[erased]"."""
    model_field = model._meta.get_field(name)
    if not isinstance(model_field, models.Field):  # PERSONAL_FIELDS names the model's own fields
        raise TypeError(f"{model._meta.label}.{name} is a relation, not a personal field.")
    if model_field.null:
        return None
    if model_field.blank:
        return ""
    return ERASED


@transaction.atomic
def person_erase(*, actor: User, person: Person) -> dict[str, int]:
    """Anonymise a person on request (see the module). Returns rows blanked per kind."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_anonymised:
        raise ValidationError("This person's details have already been erased.")
    blanked: dict[str, int] = {}
    with audit_explicit():
        for model in person_linked_models():
            # PERSONAL_FIELDS is declared by each person-linked model (cls_portal.audit.personal).
            personal = getattr(model, "PERSONAL_FIELDS")  # noqa: B009
            values = {name: _blank(model, name) for name in personal}
            if model is Person:
                values["is_anonymised"] = True
            if values:
                blanked[model._meta.label_lower] = records_of_person(model, person.pk).update(
                    **values
                )
    scrubbed = audit_scrub_person(person_id=person.pk, personal_fields=personal_fields_by_model())
    person.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.ERASE,
        obj=person,
        changes={"records_blanked": blanked, "audit_rows_scrubbed": scrubbed},
    )
    return blanked


@transaction.atomic
def person_purge(*, actor: User | None, person: Person) -> dict[str, int]:
    """Remove a person and everything linked to them (see the module). Returns rows removed
    per kind (counts only: the tombstone holds no content)."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    pk, partnership_id = person.pk, person.partnership_id
    audit_scrub_person(person_id=pk, personal_fields=personal_fields_by_model())
    with audit_explicit():
        _total, removed = Person.objects.filter(pk=pk).delete()
    entry_for(
        actor=actor,
        action=AuditEntry.Action.PURGE,
        model_label=Person._meta.label_lower,
        object_id=pk,
        object_label=f"Person #{pk}",
        person_id=pk,
        partnership_id=partnership_id,
        changes={},
    ).save()
    return removed


@dataclass
class PurgeResult:
    partnership: Partnership
    cutoff: datetime.date
    people: int


def purge_expired(
    *,
    actor: User | None = None,
    today: datetime.date | None = None,
    partnership: Partnership | None = None,
    dry_run: bool = False,
) -> list[PurgeResult]:
    """Purge everyone past their partnership's retention period (one transaction each, so
    an interruption leaves whole people, never half of one). ``dry_run`` only counts."""
    partnerships = [partnership] if partnership else list(Partnership.objects.order_by("pk"))
    results = []
    for each in partnerships:
        expired = people_past_retention(partnership=each, today=today).order_by("pk")
        ids = list(expired.values_list("pk", flat=True))
        if not dry_run:
            for pk in ids:
                person_purge(actor=actor, person=Person.objects.get(pk=pk))
        results.append(PurgeResult(each, retention_cutoff(each, today), len(ids)))
    return results
