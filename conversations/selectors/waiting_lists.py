"""Reading waiting lists: who is on a list now or was on it on any past day, and for how long.

An entry is on its list on day D when it was added on or before D and not removed by D
(added ≤ D < removed, or not removed) — the definition DESIGN §4 uses for the monthly figures.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from cls_portal.permissions import has_role_permission
from conversations.models import WaitingList, WaitingListEntry

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def on_list_at(day: datetime.date, prefix: str = "") -> Q:
    """The Q for "on the list on ``day``" (``prefix`` e.g. ``"entries__"`` from a list)."""
    return Q(**{f"{prefix}added_on__lte": day}) & (
        Q(**{f"{prefix}removed_on__isnull": True}) | Q(**{f"{prefix}removed_on__gt": day})
    )


def waiting_list_index(*, user: User, day: datetime.date) -> QuerySet[WaitingList]:
    """The partnership's lists, each with ``waiting`` (people on it on ``day`` that the user may
    see) and ``urgent``; one query."""
    visible = WaitingListEntry.objects.visible_to(user).values("pk")
    here = on_list_at(day, "entries__") & Q(entries__in=visible)
    return (
        WaitingList.objects.visible_to(user)
        .annotate(
            waiting=Count("entries", filter=here),
            urgent=Count("entries", filter=here & Q(entries__priority="urgent")),
        )
        .order_by("-is_hub_appointments", "name")
    )


def waiting_list_get(*, user: User, pk: int, action: str = "waiting_list.view") -> WaitingList:
    return WaitingList.objects.get_for(user, action, pk=pk)


def waiting_list_choices(*, user: User) -> QuerySet[WaitingList]:
    return WaitingList.objects.visible_to(user).order_by("name")


def waiting_list_entries_on(
    *, user: User, waiting_list: WaitingList | None = None, day: datetime.date
) -> QuerySet[WaitingListEntry]:
    """The people on the list on ``day``, longest wait first (urgent ones first)."""
    entries = WaitingListEntry.objects.visible_to(user).filter(on_list_at(day))
    if waiting_list is not None:
        entries = entries.filter(waiting_list=waiting_list)
    return entries.select_related(
        "episode__person", "episode__locality", "waiting_list", "appointment_session__hub"
    ).order_by("-priority", "added_on", "pk")  # "urgent" > "routine", so urgent come first


def waiting_list_entry_get(
    *, user: User, pk: int, action: str = "waiting_list.view"
) -> WaitingListEntry:
    return WaitingListEntry.objects.select_related("episode__person", "waiting_list").get_for(
        user, action, pk=pk
    )


def waiting_list_entry_list(
    *,
    user: User,
    waiting_list_id: int | None = None,
    episode_id: int | None = None,
    day: datetime.date | None = None,
) -> QuerySet[WaitingListEntry]:
    """For the API: every entry the user may see, or only those on a list on ``day``."""
    entries = WaitingListEntry.objects.visible_to(user).select_related("waiting_list", "episode")
    if waiting_list_id is not None:
        entries = entries.filter(waiting_list_id=waiting_list_id)
    if episode_id is not None:
        entries = entries.filter(episode_id=episode_id)
    if day is not None:
        entries = entries.filter(on_list_at(day))
    return entries.order_by("added_on", "pk")


def may_change_waiting_lists(user: User) -> bool:
    return has_role_permission(user, "waiting_list.change")


def waiting_list_choice(*, user: User, pk: Any) -> WaitingList | None:
    """One of the user's partnership's lists, or None (a bad choice gets a field message)."""
    if not pk:
        return None
    return WaitingList.objects.visible_to(user).filter(pk=pk).first()


def waiting_list_entries_chosen(
    *, user: User, ids: Any, waiting_list: WaitingList
) -> list[WaitingListEntry]:
    """Entries on this list, in the user's localities, among ``ids``."""
    return list(
        WaitingListEntry.objects.visible_to(user).filter(pk__in=set(ids), waiting_list=waiting_list)
    )
