"""Demo hub sessions planned ahead: a regular session at the hubs of the demo hub worker's and
practitioner's localities, planned for the coming weeks (through the planner beat runs), a
session planned for today, and a few people from the hub appointment list booked in."""

from __future__ import annotations

import datetime

from cls_portal.permissions import Role
from conversations.models import HubBooking, WaitingList, WaitingListEntry
from demo.context import SeedContext
from hubs.models import HubSchedule, HubSession
from hubs.services.calendar import hub_sessions_plan_ahead

PLANNED_HUBS = 3  # hubs with a regular session on the calendar
BOOKED_PER_SESSION = 3


def seed(ctx: SeedContext) -> None:
    localities = {locality.pk for locality in ctx.localities[:2]}
    hubs = [(i, hub) for i, hub in enumerate(ctx.hubs) if hub.locality_id in localities]
    schedules = [
        HubSchedule.objects.create(
            hub=hub,
            weekday=index % 5,  # the weekday of the hub's sessions in the demo history
            starts_at=datetime.time(10),
            ends_at=datetime.time(13),
            mode=HubSession.Mode.MIXED,
            valid_from=ctx.start,
            created_by=ctx.users.get(Role.HUB_WORKER),
        )
        for index, hub in hubs[:PLANNED_HUBS]
    ]
    planned = hub_sessions_plan_ahead(today=ctx.today, schedules=schedules)
    if not schedules:
        return
    first_hub = schedules[0].hub
    today_session = HubSession.objects.create(
        hub=first_hub,
        date=ctx.today,
        starts_at=datetime.time(14),
        ends_at=datetime.time(16),
        mode=HubSession.Mode.APPOINTMENT,
        planned=True,
    )
    booked = _book(ctx, today_session)
    for schedule in schedules:
        soonest = (
            HubSession.objects.filter(schedule=schedule, planned=True).order_by("date").first()
        )
        if soonest is not None:
            booked += _book(ctx, soonest)
    ctx.say(f"  {planned + 1} planned sessions, {booked} bookings")


def _book(ctx: SeedContext, session: HubSession) -> int:
    """Offer a hub appointment to a few people waiting on another list in the session's
    locality (as "offer a hub appointment" does), book all but one into the session,
    half-hourly from its start, and leave the last for the demo hub worker to book."""
    hub_list = WaitingList.objects.get(partnership=ctx.partnership, is_hub_appointments=True)
    waiting = list(
        WaitingListEntry.objects.filter(
            waiting_list__is_hub_appointments=False,
            removed_on__isnull=True,
            episode__locality_id=session.hub.locality_id,
            episode__partnership=ctx.partnership,
        )
        .exclude(episode__person__hub_bookings__isnull=False)
        .select_related("episode", "waiting_list")
        .order_by("added_on", "pk")[: BOOKED_PER_SESSION + 1]
    )
    offered_on = ctx.today - datetime.timedelta(days=3)
    to_book = min(BOOKED_PER_SESSION, max(len(waiting) - 1, 0))  # one left to book in the demo
    moved = []
    for entry in waiting:
        entry.removed_on = max(offered_on, entry.added_on)
        entry.removal_reason = WaitingListEntry.RemovalReason.HUB_APPOINTMENT
        moved.append(
            WaitingListEntry(
                waiting_list=hub_list,
                episode=entry.episode,
                added_on=entry.removed_on,
                priority=entry.priority,
                reason=f"Offered instead of waiting for {entry.waiting_list.name}",
                appointment_session=session if len(moved) < to_book else None,
            )
        )
    WaitingListEntry.objects.bulk_update(waiting, ["removed_on", "removal_reason"])
    moved = WaitingListEntry.objects.bulk_create(moved)
    start = datetime.datetime.combine(ctx.today, session.starts_at)
    bookings = HubBooking.objects.bulk_create(
        HubBooking(
            person_id=entry.episode.person_id,
            session=session,
            at=(start + datetime.timedelta(minutes=30 * n)).time(),
            waiting_entry=entry,
            booked_by=ctx.users.get(Role.HUB_WORKER),
        )
        for n, entry in enumerate(moved[:to_book])
    )
    return len(bookings)
