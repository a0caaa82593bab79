"""Reading signposts: the follow-up list (what is due a check), always scoped."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from conversations.models import Signpost
from conversations.services.signposts import OPEN_STATUSES

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

FOLLOW_UP_VIEWS = {
    "due": "Due now",
    "upcoming": "Coming up",
    "all": "All waiting",
}


def signpost_follow_up_list(
    *, user: User, which: str = "due", today: datetime.date | None = None
) -> QuerySet[Signpost]:
    """Signposts still waiting for someone to check how it went, in the user's localities:
    ``due`` (follow-up date today or earlier), ``upcoming`` (later), or ``all``; the most
    overdue first. Not for people whose details are not kept."""
    today = today or timezone.localdate()
    qs = Signpost.objects.visible_to(user).filter(status__in=OPEN_STATUSES)
    # Nobody can ask someone whose details are not kept (or were erased) how it went.
    qs = qs.filter(episode__person__is_anonymised=False)
    if which == "due":
        qs = qs.filter(follow_up_on__lte=today)
    elif which == "upcoming":
        qs = qs.filter(follow_up_on__gt=today)
    return qs.select_related("solution", "episode__person").order_by("follow_up_on", "pk")


def signpost_get(*, user: User, pk: int, action: str = "signpost.change") -> Signpost:
    return Signpost.objects.select_related("solution", "episode__person", "conversation").get_for(
        user, action, pk=pk
    )


def signpost_list_for_user(*, user: User) -> QuerySet[Signpost]:
    """Every signpost in the user's localities (the API's detail lookups)."""
    return Signpost.objects.visible_to(user).select_related("solution", "episode__person")
