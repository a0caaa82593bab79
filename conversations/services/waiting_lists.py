"""Adding people to named waiting lists and taking them off, with reasons."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from conversations.models import Episode, WaitingList, WaitingListEntry


@transaction.atomic
def waiting_list_entry_add(
    *,
    actor: Any,
    episode: Episode,
    waiting_list: WaitingList,
    added_on: datetime.date | None = None,
    priority: str = WaitingListEntry.Priority.ROUTINE,
    reason: str = "",
) -> WaitingListEntry:
    if waiting_list.partnership_id != episode.partnership_id:
        raise ValidationError({"waiting_list": "Choose one of your partnership's waiting lists."})
    if not episode.is_open:
        raise ValidationError("This episode is closed: reopen it before adding to a waiting list.")
    if WaitingListEntry.objects.filter(
        episode__person_id=episode.person_id, waiting_list=waiting_list, removed_on__isnull=True
    ).exists():
        raise ValidationError(
            {"waiting_list": f"This person is already on the {waiting_list} waiting list."}
        )
    added_on = added_on or timezone.localdate()
    if added_on > timezone.localdate():
        raise ValidationError({"added_on": "The date added cannot be in the future."})
    entry = WaitingListEntry(
        waiting_list=waiting_list,
        episode=episode,
        added_on=added_on,
        priority=priority,
        reason=reason,
        added_by=actor if getattr(actor, "pk", None) else None,
    )
    entry.full_clean()
    entry.save()
    audit_create(actor=actor, obj=entry)
    return entry


@transaction.atomic
def waiting_list_entry_remove(
    *,
    actor: Any,
    entry: WaitingListEntry,
    removal_reason: str,
    removed_on: datetime.date | None = None,
) -> WaitingListEntry:
    entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.removed_on is not None:
        raise ValidationError("This person has already been taken off the list.")
    if removal_reason not in WaitingListEntry.RemovalReason.values:
        raise ValidationError({"removal_reason": "Choose why they are coming off the list."})
    removed_on = removed_on or timezone.localdate()
    if removed_on > timezone.localdate():
        raise ValidationError({"removed_on": "The date removed cannot be in the future."})
    if removed_on < entry.added_on:
        raise ValidationError(
            {"removed_on": f"The date removed cannot be before they were added ({entry.added_on})."}
        )
    before = audit_snapshot(entry)
    entry.removed_on, entry.removal_reason = removed_on, removal_reason
    entry.full_clean()
    entry.save()
    audit_update(actor=actor, obj=entry, before=before)
    return entry
