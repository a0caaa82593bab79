"""Named waiting lists: adding people and taking them off with reasons, and offering hub
appointments.

**The hub path.** CLS replaces long assessment queues with a conversation at a hub. "Offer a hub
appointment" takes the selected people off their list (reason: offered a hub appointment) and puts
them on the partnership's hub appointment list (``WaitingList.is_hub_appointments``; made the first
time it is needed), optionally booked into a hub session. Their episode carries on as it was
(usually "waiting"). When a conversation is recorded for them at a hub, the pathway takes them off
the hub appointment list as "seen" — so both waits (for the assessment, then for the hub) are
measured by the same entries as every other waiting-list figure.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from conversations.models import Episode, WaitingList, WaitingListEntry
from conversations.services.bookings import hub_booking_create
from hubs.models import HubSession, Partnership

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

Reason = WaitingListEntry.RemovalReason
HUB_APPOINTMENT_LIST_NAME = "Hub appointment"


@transaction.atomic
def waiting_list_create(
    *, actor: User, partnership: Partnership, name: str, is_hub_appointments: bool = False
) -> WaitingList:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Give the list a name, e.g. “OT assessment”."})
    slug = slugify(name)[:60] or "list"
    if WaitingList.objects.filter(partnership=partnership, slug=slug).exists():
        raise ValidationError({"name": "There is already a waiting list with this name."})
    if (
        is_hub_appointments
        and WaitingList.objects.filter(partnership=partnership, is_hub_appointments=True).exists()
    ):
        raise ValidationError(
            {"is_hub_appointments": "Your partnership already has a hub appointment list."}
        )
    waiting_list = WaitingList(
        partnership=partnership, name=name, slug=slug, is_hub_appointments=is_hub_appointments
    )
    waiting_list.full_clean()
    waiting_list.save()
    audit_create(actor=actor, obj=waiting_list)
    return waiting_list


@transaction.atomic
def waiting_list_rename(*, actor: User, waiting_list: WaitingList, name: str) -> WaitingList:
    """Rename a list; its slug (and so its history in reports) stays the same."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Give the list a name."})
    clash = WaitingList.objects.filter(
        partnership_id=waiting_list.partnership_id, name__iexact=name
    ).exclude(pk=waiting_list.pk)
    if clash.exists():
        raise ValidationError({"name": "There is already a waiting list with this name."})
    before = audit_snapshot(waiting_list)
    waiting_list.name = name
    waiting_list.full_clean()
    waiting_list.save(update_fields=["name"])
    audit_update(actor=actor, obj=waiting_list, before=before)
    return waiting_list


@transaction.atomic
def waiting_list_entry_add(
    *,
    actor: User,
    episode: Episode,
    waiting_list: WaitingList,
    added_on: datetime.date | None = None,
    priority: str = WaitingListEntry.Priority.ROUTINE,
    reason: str = "",
    appointment_session: HubSession | None = None,
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
    if appointment_session is not None and (
        appointment_session.hub.partnership_id != episode.partnership_id
    ):
        raise ValidationError({"appointment_session": "Choose one of your partnership's hubs."})
    entry = WaitingListEntry(
        waiting_list=waiting_list,
        episode=episode,
        added_on=added_on,
        priority=priority,
        reason=reason,
        added_by=actor if getattr(actor, "pk", None) else None,
        appointment_session=appointment_session,
    )
    entry.full_clean()
    entry.save()
    audit_create(actor=actor, obj=entry)
    return entry


@transaction.atomic
def waiting_list_entry_remove(
    *,
    actor: User,
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
            {
                "removed_on": "The date removed cannot be before they were added "
                f"({entry.added_on:%d %B %Y})."
            }
        )
    before = audit_snapshot(entry)
    entry.removed_on, entry.removal_reason = removed_on, removal_reason
    entry.full_clean()
    entry.save()
    audit_update(actor=actor, obj=entry, before=before)
    return entry


def hub_appointment_list_for(*, actor: User, partnership_id: int) -> WaitingList:
    """The partnership's hub appointment list, made the first time it is needed."""
    found = WaitingList.objects.filter(
        partnership_id=partnership_id, is_hub_appointments=True
    ).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return waiting_list_create(
                actor=actor,
                partnership=Partnership.objects.get(pk=partnership_id),
                name=HUB_APPOINTMENT_LIST_NAME,
                is_hub_appointments=True,
            )
    except (IntegrityError, ValidationError):  # made meanwhile, or the name is taken
        found = WaitingList.objects.filter(
            partnership_id=partnership_id, is_hub_appointments=True
        ).first()
        if found is None:
            raise ValidationError(
                "Your partnership needs a hub appointment list: ask an administrator to mark one."
            ) from None
        return found


@transaction.atomic
def waiting_list_offer_hub_appointments(
    *,
    actor: User,
    waiting_list: WaitingList,
    entries: Iterable[WaitingListEntry],
    offered_on: datetime.date | None = None,
    appointment_session: HubSession | None = None,
) -> list[WaitingListEntry]:
    """Offer everyone selected a hub appointment at once (see the module docstring): all or
    nothing, so a half-done batch never needs tidying up. Returns their new hub entries."""
    if waiting_list.is_hub_appointments:
        raise ValidationError("These people are already waiting for a hub appointment.")
    ids = sorted({entry.pk for entry in entries})
    if not ids:
        raise ValidationError({"entries": "Choose at least one person to offer an appointment."})
    locked = list(
        WaitingListEntry.objects.select_for_update()
        .filter(pk__in=ids, waiting_list=waiting_list)
        .select_related("episode")
        .order_by("pk")
    )
    if len(locked) != len(ids):
        raise ValidationError({"entries": "Choose people on this list."})
    gone = sum(1 for entry in locked if entry.removed_on is not None)
    if gone:
        raise ValidationError(
            {
                "entries": f"{gone} of the people you chose are no longer on the list "
                "(someone else may have just taken them off). Nothing was changed."
            }
        )
    offered_on = offered_on or timezone.localdate()
    if appointment_session is not None and appointment_session.date < offered_on:
        raise ValidationError(
            {"appointment_session": "Choose a session on or after the day you offer it."}
        )
    hub_list = hub_appointment_list_for(actor=actor, partnership_id=waiting_list.partnership_id)
    offered = []
    for entry in locked:
        waiting_list_entry_remove(
            actor=actor, entry=entry, removal_reason=Reason.HUB_APPOINTMENT, removed_on=offered_on
        )
        already = WaitingListEntry.objects.filter(
            episode__person_id=entry.episode.person_id,
            waiting_list=hub_list,
            removed_on__isnull=True,
        ).first()
        if already is not None:  # offered from another list too: one hub appointment is enough
            offered.append(already)
            continue
        offered.append(
            waiting_list_entry_add(
                actor=actor,
                episode=entry.episode,
                waiting_list=hub_list,
                added_on=offered_on,
                priority=entry.priority,
                reason=f"Offered instead of waiting for {waiting_list.name}",
                appointment_session=appointment_session,
            )
        )
        if appointment_session is not None and appointment_session.starts_at is not None:
            # expected there at its start: the session lists them
            hub_booking_create(
                actor=actor, person=entry.episode.person, session=appointment_session
            )
    return offered


def hub_appointment_entries_mark_seen(*, actor: User, episode: Episode, on: datetime.date) -> None:
    """Called by the pathway when a conversation happens at a hub: the hub path is done."""
    for entry in WaitingListEntry.objects.filter(
        episode=episode, waiting_list__is_hub_appointments=True, removed_on__isnull=True
    ):
        waiting_list_entry_remove(
            actor=actor, entry=entry, removal_reason=Reason.SEEN, removed_on=max(on, entry.added_on)
        )


def waiting_list_entries_remove_for_closed_episode(
    *, actor: User, episode: Episode, on: datetime.date, removal_reason: str | None
) -> None:
    """Called by the pathway when an episode closes: nobody is left waiting on a closed episode."""
    for entry in WaitingListEntry.objects.filter(episode=episode, removed_on__isnull=True):
        waiting_list_entry_remove(
            actor=actor,
            entry=entry,
            removal_reason=removal_reason or Reason.NO_LONGER_NEEDED,
            removed_on=max(on, entry.added_on),
        )
