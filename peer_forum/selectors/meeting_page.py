"""Reads for running a meeting: the forums a manager sits on, which meeting each waiting request
can be decided at, and what holding today's meeting puts on its agenda. Each is one query."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from peer_forum.models import ForumMeeting, FundingRequest, PeerForum

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


@dataclass(frozen=True)
class DecidableAt:
    """Where a waiting request can be decided: today's meeting, the next one, or none yet."""

    meeting: ForumMeeting | None
    is_today: bool


def forums_sat_on(*, user: User) -> Any:
    """The active forums this user is a member of, among those they may see."""
    return (
        PeerForum.objects.visible_to(user)
        .filter(members=user, is_active=True)
        .select_related("locality")
        .order_by("name", "pk")
    )


def meetings_ahead(*, forums: Any) -> dict[int, list[ForumMeeting]]:
    """Each forum's meetings from today on, soonest first, keyed by forum id (one query)."""
    found: dict[int, list[ForumMeeting]] = {}
    meetings = ForumMeeting.objects.filter(
        forum__in=forums, held_on__gte=timezone.localdate()
    ).order_by("held_on", "starts_at", "pk")
    for meeting in meetings:
        found.setdefault(meeting.forum_id, []).append(meeting)
    return found


def todays_meeting(*, user: User, forum: PeerForum) -> ForumMeeting | None:
    """The forum's meeting today, if there is one (the first, if more than one was added)."""
    return (
        ForumMeeting.objects.visible_to(user)
        .filter(forum=forum, held_on=timezone.localdate())
        .order_by("starts_at", "pk")
        .first()
    )


def decidable_at(
    request: FundingRequest,
    ahead: dict[int, list[ForumMeeting]],
    today: datetime.date | None = None,
) -> DecidableAt:
    """Pure: today's meeting of the request's forum if there is one; else the meeting it is on,
    if still to come; else the forum's next meeting; else none yet."""
    today = today or timezone.localdate()
    meetings = ahead.get(request.forum_id or 0, [])
    for meeting in meetings:
        if meeting.held_on == today:
            return DecidableAt(meeting, True)
    for meeting in meetings:
        if meeting.pk == request.meeting_id:
            return DecidableAt(meeting, False)
    return DecidableAt(meetings[0] if meetings else None, False)


def next_to_decide(*, user: User, meeting: ForumMeeting, after: Any = None) -> Any:
    """The first request on the meeting's agenda still waiting (submission order)."""
    waiting = (
        FundingRequest.objects.visible_to(user)
        .awaiting_decision()
        .filter(meeting=meeting)
        .order_by("submitted_on", "pk")
    )
    if after is not None:
        waiting = waiting.exclude(pk=after)
    return waiting.first()
