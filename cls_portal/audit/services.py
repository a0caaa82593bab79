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
from typing import Any

from django.db import models

from cls_portal.audit.models import AuditEntry


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


# Never copied into the audit trail: secrets, and bookkeeping that changes on every sign-in.
NOT_AUDITED = frozenset({"password", "last_login", "submission_token"})


def audit_snapshot(obj: models.Model) -> dict[str, Any]:
    """The concrete field values of a record (foreign keys as ids), for before/after diffs."""
    return {
        field.attname: _plain(getattr(obj, field.attname))
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
    return f"{obj._meta.verbose_name.capitalize()} #{obj.pk}"


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit row. ``obj`` may expose ``scope_partnership_id`` and ``audit_person_id``."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        partnership_id=getattr(obj, "scope_partnership_id", None),
        action=action,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=object_label(obj),
        person_id=getattr(obj, "audit_person_id", None),
        changes=changes or {},
    )


def audit_create(*, actor: Any, obj: models.Model) -> AuditEntry:
    after = audit_snapshot(obj)
    return audit_record(
        actor=actor, action=AuditEntry.Action.CREATE, obj=obj, changes=changes_between({}, after)
    )


def audit_update(
    *,
    actor: Any,
    obj: models.Model,
    before: dict[str, Any],
    extra_after: dict[str, Any] | None = None,
) -> AuditEntry | None:
    """Record the fields that changed; nothing is written when nothing changed.
    ``extra_after`` adds values that are not concrete fields (e.g. many-to-many ids)."""
    after = audit_snapshot(obj) | {k: _plain(v) for k, v in (extra_after or {}).items()}
    changes = changes_between(before, after)
    if not changes:
        return None
    return audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=obj, changes=changes)


def audit_delete(*, actor: Any, obj: models.Model) -> AuditEntry:
    return audit_record(actor=actor, action=AuditEntry.Action.DELETE, obj=obj)


def audit_view(
    *, actor: Any, obj: models.Model, action: str = AuditEntry.Action.VIEW
) -> AuditEntry:
    """The access log: a person's record was viewed, exported or downloaded."""
    return audit_record(actor=actor, action=action, obj=obj)
