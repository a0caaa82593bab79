"""Corrections (UK GDPR Art. 16, rectification): a conversation, crisis plan, support plan,
personal outcome or waiting-list entry put right by its author or a practitioner of its
locality, with a reason.

The record is changed in place, so every figure reads the amended values (a waiting-list entry
added on the wrong day counts in the right month once corrected). Its previous version is kept
as the ``before`` of the audit entry written with the change, and an ``Amendment`` row says who
corrected it, when and why ("amended on … by …" beside the record).

What may be corrected is each kind's ``fields`` below: the words and the dates typed in. A
conversation's date and kind are not among them: they move the episode along the pathway and
set its milestones (correct those by recording what really happened).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from cls_portal.permissions import Role
from conversations.models import (
    Amendment,
    Conversation,
    CrisisPlan,
    PersonalOutcome,
    SupportPlan,
    WaitingListEntry,
)

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

# Who may correct any record of their localities (anyone may correct what they wrote).
CORRECTING_ROLES = frozenset({Role.PRACTITIONER, Role.FORUM_MANAGER})


@dataclass(frozen=True)
class Amendable:
    """A kind of record that can be corrected: which fields, and who wrote it."""

    slug: str
    label: str
    model: type[models.Model]
    fields: tuple[str, ...]
    author_id: Callable[[Any], int | None]
    dates: tuple[str, ...] = ()  # fields that are days something happened: not in the future


AMENDABLE: dict[str, Amendable] = {
    a.slug: a
    for a in (
        Amendable(
            "conversation", "conversation", Conversation,
            ("what_matters", "strengths_own", "strengths_family", "strengths_community",
             "agreed_actions", "next_step", "place"),
            lambda c: c.practitioner_id,
        ),
        Amendable(
            "crisis-plan", "crisis plan", CrisisPlan, ("plan", "rag", "review_by"),
            lambda p: p.conversation.practitioner_id,
        ),
        Amendable(
            "support-plan", "support plan", SupportPlan, ("summary", "paid_support"),
            lambda p: p.conversation.practitioner_id,
        ),
        Amendable(
            "outcome", "personal outcome", PersonalOutcome, ("statement", "created_on"),
            lambda o: o.created_by_id, dates=("created_on",),
        ),
        Amendable(
            "waiting-entry", "waiting-list entry", WaitingListEntry,
            ("added_on", "priority", "reason", "removed_on"),
            lambda e: e.added_by_id, dates=("added_on", "removed_on"),
        ),
    )
}  # fmt: skip
BY_MODEL = {a.model: a for a in AMENDABLE.values()}


def may_amend(user: User, record: models.Model) -> bool:
    """Its author, or a practitioner (or forum manager) of its locality (the caller has
    already fetched the record within the user's scope)."""
    kind = BY_MODEL[type(record)]
    return user.role in CORRECTING_ROLES or (
        kind.author_id(record) is not None and kind.author_id(record) == user.pk
    )


def _check_dates(kind: Amendable, record: models.Model, today: datetime.date) -> None:
    errors = {
        name: "This date cannot be in the future."
        for name in kind.dates
        if getattr(record, name) is not None and getattr(record, name) > today
    }
    if isinstance(record, WaitingListEntry) and not record.removed_on and record.removal_reason:
        errors["removed_on"] = "They have come off the list: enter the day they did."
    if isinstance(record, WaitingListEntry) and record.removed_on and not record.removal_reason:
        errors["removed_on"] = "They are still on the list: leave the day they came off empty."
    if (
        isinstance(record, WaitingListEntry)
        and record.removed_on
        and record.removed_on < record.added_on
    ):
        errors["removed_on"] = "The day they came off cannot be before the day they were added."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_amend(
    *, actor: User, record: models.Model, correction_reason: str, **values: Any
) -> Amendment:
    """Correct ``record`` (see the module): ``values`` are the corrected fields (others are
    left alone), ``correction_reason`` why (not ``reason``: a waiting-list entry has a field
    of that name). Refuses with plain words when nothing changed or a value is wrong."""
    kind = BY_MODEL[type(record)]
    record = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if not may_amend(actor, record):
        raise PermissionDenied("Only its author or a practitioner can correct this record.")
    reason = (correction_reason or "").strip()
    if not reason:
        raise ValidationError({"correction_reason": "Say why the record is being corrected."})
    unknown = set(values) - set(kind.fields)
    if unknown:
        raise ValidationError(f"These cannot be corrected here: {', '.join(sorted(unknown))}.")
    before = audit_snapshot(record)
    for name, value in values.items():
        setattr(record, name, value.strip() if isinstance(value, str) else value)
    changed = [n for n in kind.fields if audit_snapshot(record).get(n) != before.get(n)]
    if not changed:
        raise ValidationError("Nothing was changed: correct at least one thing.")
    _check_dates(kind, record, timezone.localdate())
    record.full_clean()
    record.save()
    audit_update(actor=actor, obj=record, before=before)
    amendment = Amendment(
        episode_id=record.episode_id,  # type: ignore[attr-defined]  # every kind is an EpisodeChild
        record_model=record._meta.label_lower,
        record_id=record.pk,
        field_names=changed,
        reason=reason[:250],
        amended_by=actor,
    )
    amendment.full_clean()
    amendment.save()
    audit_create(actor=actor, obj=amendment)
    return amendment
