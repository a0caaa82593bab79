"""Signposts: connecting a person to a community solution, and following up how it went.

The follow-up moves, in one table (``FOLLOW_UP_MOVES``): a suggestion may be introduced, taken
up or not taken up; an introduction taken up or not; something taken up may later end. Not
taken up and ended are final. Taking something up puts support in place for the episode
(``episode_note_support_in_place``, on the day it was taken up).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from conversations.models import Conversation, Signpost
from conversations.services.pathway import episode_note_support_in_place
from hubs.models import CommunitySolution

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

Status = Signpost.Status
# How long after signposting the worker checks how it went, unless they choose a date.
DEFAULT_FOLLOW_UP = datetime.timedelta(weeks=4)

FOLLOW_UP_MOVES: dict[str, frozenset[str]] = {
    Status.SUGGESTED: frozenset({Status.INTRODUCED, Status.TAKEN_UP, Status.NOT_TAKEN_UP}),
    Status.INTRODUCED: frozenset({Status.TAKEN_UP, Status.NOT_TAKEN_UP}),
    Status.TAKEN_UP: frozenset({Status.ENDED}),
    Status.NOT_TAKEN_UP: frozenset(),
    Status.ENDED: frozenset(),
}
# Signposts still waiting for someone to check how it went.
OPEN_STATUSES = (Status.SUGGESTED, Status.INTRODUCED)


def follow_up_choices(signpost: Signpost) -> list[tuple[str, str]]:
    allowed = FOLLOW_UP_MOVES[signpost.status]
    return [(value, label) for value, label in Status.choices if value in allowed]


@transaction.atomic
def signpost_create(
    *,
    actor: User,
    conversation: Conversation,
    solution: CommunitySolution,
    follow_up_on: datetime.date | None = None,
    status: str = Status.SUGGESTED,
) -> Signpost:
    """Record that, in this conversation, the person was connected to a directory entry."""
    episode = conversation.episode
    if solution.partnership_id != episode.partnership_id:
        raise ValidationError({"solutions": "Choose entries from your partnership's directory."})
    if not solution.is_active:
        raise ValidationError({"solutions": f"“{solution}” is no longer running."})
    if status not in OPEN_STATUSES:
        raise ValidationError({"status": "A new signpost is suggested or introduced."})
    follow_up_on = follow_up_on or conversation.held_on + DEFAULT_FOLLOW_UP
    if follow_up_on < conversation.held_on:
        raise ValidationError(
            {"follow_up_on": "The follow-up date cannot be before the conversation."}
        )
    if Signpost.objects.filter(conversation=conversation, solution=solution).exists():
        raise ValidationError({"solutions": f"“{solution}” is already recorded for this visit."})
    signpost = Signpost(
        episode=episode,
        conversation=conversation,
        solution=solution,
        status=status,
        follow_up_on=follow_up_on,
        created_on=conversation.held_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    signpost.full_clean()
    signpost.save()
    audit_create(actor=actor, obj=signpost)
    return signpost


@transaction.atomic
def signpost_follow_up_record(
    *,
    actor: User,
    signpost: Signpost,
    status: str,
    on: datetime.date | None = None,
    not_taken_up_reason: str = "",
    difference_made: str = "",
    next_follow_up_on: datetime.date | None = None,
) -> Signpost:
    """Record how a signpost went: introduced (check again on ``next_follow_up_on``), taken
    up, not taken up (with a reason), or ended; and the difference it made."""
    signpost = (
        Signpost.objects.select_for_update(of=("self",))
        .select_related("episode", "solution")
        .get(pk=signpost.pk)
    )
    if status not in FOLLOW_UP_MOVES[signpost.status]:
        if status not in Status.values:
            raise ValidationError({"status": "Choose how it went."})
        now, then = Status(signpost.status).label.lower(), Status(status).label.lower()
        raise ValidationError({"status": f"A signpost that is “{now}” cannot become “{then}”."})
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": "The date cannot be in the future."})
    if on < signpost.created_on:
        signposted = f"{signpost.created_on:%d %B %Y}"
        raise ValidationError(
            {"on": f"The date cannot be before they were signposted ({signposted})."}
        )
    if (
        status == Status.NOT_TAKEN_UP
        and not_taken_up_reason not in Signpost.NotTakenUpReason.values
    ):
        raise ValidationError({"not_taken_up_reason": "Say why it was not taken up."})
    before = audit_snapshot(signpost)
    signpost.status = status
    signpost.not_taken_up_reason = not_taken_up_reason if status == Status.NOT_TAKEN_UP else ""
    if difference_made.strip():
        signpost.difference_made = difference_made.strip()
    if status == Status.INTRODUCED:
        next_follow_up_on = next_follow_up_on or on + DEFAULT_FOLLOW_UP
        if next_follow_up_on < on:
            raise ValidationError(
                {"next_follow_up_on": "The next check cannot be before the introduction."}
            )
        signpost.follow_up_on = next_follow_up_on
    else:
        signpost.followed_up_on = signpost.followed_up_on or on
        signpost.follow_up_on = None  # nothing left to chase
    signpost.full_clean()
    signpost.save()
    audit_update(actor=actor, obj=signpost, before=before)
    if status == Status.TAKEN_UP:
        episode_note_support_in_place(actor=actor, episode=signpost.episode, on=on)
    return signpost
