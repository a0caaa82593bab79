"""Forums and their meetings: create, change, and record who is present (quorum)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cls_portal.accounts.models import User
from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from cls_portal.permissions import CASE_ROLES
from hubs.models import Locality
from peer_forum.models import ForumMeeting, FundingRequest, PeerForum
from peer_forum.services.requests import funding_request_schedule


def eligible_members(locality: Locality) -> Any:
    """Who may sit on a locality's forum: active case workers of the partnership who work
    in that locality (practitioners, forum managers and hub workers such as navigators)."""
    return (
        User.objects.filter(
            partnership_id=locality.partnership_id,
            is_active=True,
            role__in=CASE_ROLES,
            localities=locality,
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def _check_members(locality: Locality, members: list[User], quorum: int) -> None:
    allowed = set(eligible_members(locality).values_list("pk", flat=True))
    if any(member.pk not in allowed for member in members):
        raise ValidationError(
            {"members": f"Members must be case workers who work in {locality.name}."}
        )
    if quorum > len(members):
        raise ValidationError(
            {
                "quorum": f"The quorum ({quorum}) cannot be more than the number of members "
                f"({len(members)}): the forum could never decide."
            }
        )


def _save_forum(forum: PeerForum) -> None:
    # Field validators give the money and quorum errors; a duplicate name is caught by the
    # database (it also guards against two people adding the same forum at once).
    forum.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            forum.save()
    except IntegrityError as exc:
        raise ValidationError({"name": "There is already a forum with that name."}) from exc


@transaction.atomic
def forum_create(
    *,
    actor: User,
    locality: Locality,
    name: str,
    delegated_weekly_limit: Decimal,
    delegated_one_off_limit: Decimal,
    quorum: int,
    members: Iterable[User] = (),
) -> PeerForum:
    if not locality.is_active:
        raise ValidationError({"locality": f"{locality.name} is no longer in use."})
    members = list(members)
    _check_members(locality, members, quorum)
    forum = PeerForum(
        partnership_id=locality.partnership_id,
        locality=locality,
        name=name.strip(),
        delegated_weekly_limit=delegated_weekly_limit,
        delegated_one_off_limit=delegated_one_off_limit,
        quorum=quorum,
    )
    _save_forum(forum)
    forum.members.set(members)
    audit_create(actor=actor, obj=forum)
    return forum


@transaction.atomic
def forum_update(
    *,
    actor: User,
    forum: PeerForum,
    name: str,
    delegated_weekly_limit: Decimal,
    delegated_one_off_limit: Decimal,
    quorum: int,
    members: Iterable[User],
    is_active: bool = True,
) -> PeerForum:
    forum = PeerForum.objects.select_for_update().select_related("locality").get(pk=forum.pk)
    members = list(members)
    _check_members(forum.locality, members, quorum)
    before = audit_snapshot(forum) | {"members": sorted(forum.members.values_list("pk", flat=True))}
    forum.name = name.strip()
    forum.delegated_weekly_limit = delegated_weekly_limit
    forum.delegated_one_off_limit = delegated_one_off_limit
    forum.quorum = quorum
    forum.is_active = is_active
    _save_forum(forum)
    forum.members.set(members)
    audit_update(
        actor=actor,
        obj=forum,
        before=before,
        extra_after={"members": sorted(m.pk for m in members)},
    )
    return forum


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    forum: PeerForum,
    held_on: datetime.date,
    starts_at: datetime.time | None = None,
    place: str = "",
) -> ForumMeeting:
    if not forum.is_active:
        raise ValidationError("This forum is no longer active: it cannot hold meetings.")
    meeting = ForumMeeting(
        forum=forum,
        held_on=held_on,
        starts_at=starts_at,
        place=place.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    meeting.full_clean()
    meeting.save()
    audit_create(actor=actor, obj=meeting)
    return meeting


@transaction.atomic
def meeting_hold(
    *, actor: User, forum: PeerForum, held_on: datetime.date
) -> tuple[ForumMeeting, list[FundingRequest]]:
    """Hold a forum's meeting on a day in one step: the day's meeting if it has one, else a new
    one with every request waiting for the forum put on its agenda (returned; empty when the
    meeting already existed). The forum row is locked first, so two managers holding at the
    same moment get one meeting: the second waits, then finds the first's."""
    forum = PeerForum.objects.select_for_update().get(pk=forum.pk)
    existing = (
        ForumMeeting.objects.filter(forum=forum, held_on=held_on)
        .order_by("starts_at", "pk")
        .first()
    )
    if existing is not None:
        return existing, []
    meeting = meeting_create(actor=actor, forum=forum, held_on=held_on)
    waiting = list(
        FundingRequest.objects.awaiting_decision()
        .filter(forum=forum, submitted_on__lte=held_on)
        .exclude(meeting=meeting)
        .order_by("submitted_on", "pk")
    )
    for funding in waiting:
        funding_request_schedule(actor=actor, request=funding, meeting=meeting)
    return meeting, waiting


@transaction.atomic
def meeting_record_attendance(
    *, actor: User, meeting: ForumMeeting, attendees: Iterable[User]
) -> ForumMeeting:
    """Record which members are present: decisions at this meeting need the forum's quorum."""
    meeting = ForumMeeting.objects.select_for_update().select_related("forum").get(pk=meeting.pk)
    attendees = list(attendees)
    member_ids = set(meeting.forum.members.values_list("pk", flat=True))
    if any(person.pk not in member_ids for person in attendees):
        raise ValidationError(
            {"attendees": "Only members of this forum can be recorded as present."}
        )
    before = {"attendees": sorted(meeting.attendees.values_list("pk", flat=True))}
    meeting.attendees.set(attendees)
    audit_update(
        actor=actor,
        obj=meeting,
        before=audit_snapshot(meeting) | before,
        extra_after={"attendees": sorted(person.pk for person in attendees)},
    )
    return meeting
