"""The audit helper every service calls on every write (and on reads of a person's record).

Usage in a service::

    before = audit_snapshot(person)
    person.postcode = postcode
    person.full_clean(); person.save()
    audit_update(actor=actor, obj=person, before=before)
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models

from cls_portal.audit.context import current_actor, current_via
from cls_portal.audit.models import AuditEntry

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def plain(value: Any) -> Any:
    """A JSON-safe form of a field value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


# Never copied into the audit trail: secrets, and bookkeeping that changes on every sign-in.
NOT_AUDITED = frozenset({"password", "last_login", "submission_token", "token_hash"})


def audit_snapshot(obj: models.Model) -> dict[str, Any]:
    """The concrete field values of a record (foreign keys as ids), for before/after diffs."""
    return {
        field.attname: plain(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.attname not in NOT_AUDITED
    }


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def object_label(obj: models.Model) -> str:
    # Every concrete model has a verbose name (Django derives one); the stubs allow None.
    return f"{str(obj._meta.verbose_name).capitalize()} #{obj.pk}"


def entry_for(
    *,
    action: str,
    model_label: str,
    object_id: Any,
    object_label: str,
    person_id: int | None,
    partnership_id: int | None,
    changes: dict[str, Any],
    actor: User | None = None,
    entry_class: type[AuditEntry] = AuditEntry,
) -> AuditEntry:
    """An unsaved row; the actor defaults to the current one (see ``audit.context``), and
    ``via`` always says how the change arrived (web, api, task:…, command:…, system)."""
    actor = actor if actor is not None else current_actor()
    return entry_class(
        actor=actor if getattr(actor, "pk", None) else None,
        via=current_via(),
        partnership_id=partnership_id,
        action=action,
        model=model_label,
        object_id=str(object_id),
        object_label=object_label[:120],
        person_id=person_id,
        changes=changes,
    )


def _entry(
    *, actor: User | None, action: str, obj: models.Model, changes: dict[str, Any]
) -> AuditEntry:
    return entry_for(
        actor=actor,
        action=action,
        model_label=obj._meta.label_lower,
        object_id=obj.pk,
        object_label=object_label(obj),
        person_id=getattr(obj, "audit_person_id", None),
        partnership_id=getattr(obj, "scope_partnership_id", None),
        changes=changes,
    )


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit row. ``obj`` may expose ``scope_partnership_id`` and ``audit_person_id``.
    ``actor=None`` records the system (``via`` says which task or command)."""
    entry = _entry(actor=actor, action=action, obj=obj, changes=changes or {})
    entry.save()
    return entry


def audit_create(*, actor: User | None, obj: models.Model) -> AuditEntry:
    after = audit_snapshot(obj)
    return audit_record(
        actor=actor, action=AuditEntry.Action.CREATE, obj=obj, changes=changes_between({}, after)
    )


def audit_update(
    *,
    actor: User | None,
    obj: models.Model,
    before: dict[str, Any],
    extra_after: dict[str, Any] | None = None,
) -> AuditEntry | None:
    """Record the fields that changed; nothing is written when nothing changed.
    ``extra_after`` adds values that are not concrete fields (e.g. many-to-many ids)."""
    after = audit_snapshot(obj) | {k: plain(v) for k, v in (extra_after or {}).items()}
    changes = changes_between(before, after)
    if not changes:
        return None
    return audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=obj, changes=changes)


def audit_delete(*, actor: User | None, obj: models.Model) -> AuditEntry:
    return audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=obj)


def audit_view(
    *, actor: User | None, obj: models.Model, action: str = AuditEntry.Action.VIEW
) -> AuditEntry:
    """The access log: a person's record was viewed, exported or downloaded."""
    return audit_record(actor=actor, action=action, obj=obj)


def audit_view_many(
    *, actor: User | None, records: Iterable[models.Model], action: str = AuditEntry.Action.VIEW
) -> None:
    """The access log for a page of records (an API list): one row per person whose records
    were returned, all in one insert."""
    first_per_person: dict[Any, models.Model] = {}
    for record in records:
        first_per_person.setdefault(getattr(record, "audit_person_id", None), record)
    AuditEntry.objects.bulk_create(
        _entry(actor=actor, action=action, obj=record, changes={})
        for record in first_per_person.values()
    )


ERASED = "[erased]"


def scrubbed(changes: dict[str, Any], personal_fields: frozenset[str]) -> dict[str, Any]:
    """``changes`` with every personal value replaced by "[erased]": the fact stays (which
    field changed, and non-personal values such as dates, kinds and statuses)."""
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name in personal_fields:
            if isinstance(value, list) and len(value) == 2:
                out[name] = [ERASED if v not in (None, "") else v for v in value]
            else:
                out[name] = ERASED
        else:
            out[name] = value
    return out


def audit_scrub_person(*, person_id: int, personal_fields: dict[str, frozenset[str]]) -> int:
    """Erase a person's personal values from the audit trail (erasure and purge).
    ``personal_fields`` maps ``app_label.model_name`` to its personal field names; rows of
    other models are left alone. The only change the app ever makes to an audit row."""
    changed = 0
    rows = AuditEntry.objects.filter(person_id=person_id).exclude(changes={})
    for pk, model, changes in rows.values_list("pk", "model", "changes").iterator():
        fields = personal_fields.get(model, frozenset())
        if not isinstance(changes, dict):
            continue
        new = scrubbed(changes, fields)
        if new != changes:
            changed += AuditEntry.objects.scrub_values(pk, new)
    return changed
