"""Peer-forum work that is due, for a forum manager's home page and daily digest: requests
waiting for a decision and the next meeting (packages due their review are
``selectors.reviews.package_reviews_due``). Scoped to the user's localities."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import F

from peer_forum.models import ForumMeeting, FundingRequest

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def requests_awaiting_decision(*, user: User) -> Any:
    """Submitted and deferred requests in the user's localities: those on the earliest meeting
    first, then those not yet on an agenda, oldest submission first. Cleared by a decision."""
    return (
        FundingRequest.objects.visible_to(user)
        .awaiting_decision()
        .select_related("episode__person", "forum", "meeting")
        .order_by(F("meeting__held_on").asc(nulls_last=True), "submitted_on", "pk")
    )


def next_meeting(*, user: User, today: datetime.date) -> ForumMeeting | None:
    """The next meeting (today's, or the soonest after) of an active forum in the user's
    localities, or None."""
    return (
        ForumMeeting.objects.visible_to(user)
        .filter(held_on__gte=today, forum__is_active=True)
        .select_related("forum")
        .order_by("held_on", F("starts_at").asc(nulls_first=True), "pk")
        .first()
    )
