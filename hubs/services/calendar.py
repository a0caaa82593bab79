"""A hub's calendar: its regular sessions (schedules), the sessions planned from them for the
weeks ahead, one-off sessions added by hand, and opening a planned session on its day.

**How planned sessions are made.** Beat runs ``hub_sessions_plan_ahead`` every night (task
``hubs.plan_sessions_ahead``), and adding a schedule runs it for that schedule at once, so a new
schedule shows on the calendar straight away. It makes a planned ``HubSession`` for every day a
schedule runs from tomorrow to ``PLAN_WEEKS_AHEAD`` weeks ahead. Running it twice changes nothing:
the database holds one planned session per hub, day and start
(``one_planned_session_per_hub_day_start``) and the planner skips the ones already there. Today is
never planned (a session opened this morning is no longer "planned" and would be made again).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_delete, audit_snapshot, audit_update
from hubs.models import Hub, HubSchedule, HubSession
from hubs.services.sessions import _staff_ids

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from cls_portal.accounts.models import User

PLAN_WEEKS_AHEAD = 6


def _check_times(starts_at: datetime.time, ends_at: datetime.time | None) -> None:
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": "The end time must be after the start time."})


@transaction.atomic
def hub_schedule_add(
    *,
    actor: User,
    hub: Hub,
    weekday: int,
    starts_at: datetime.time,
    ends_at: datetime.time,
    mode: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
) -> HubSchedule:
    """Add a regular session to a hub's calendar and plan it for the weeks ahead."""
    if not hub.is_active:
        raise ValidationError("This hub is no longer in use, so it cannot plan sessions.")
    _check_times(starts_at, ends_at)
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": "The last day must be on or after the first."})
    if valid_until is not None and valid_until < timezone.localdate():
        raise ValidationError({"valid_until": "The last day cannot be in the past."})
    schedule = HubSchedule(
        hub=hub,
        weekday=weekday,
        starts_at=starts_at,
        ends_at=ends_at,
        mode=mode,
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=actor,
    )
    schedule.full_clean()
    schedule.save()
    audit_create(actor=actor, obj=schedule)
    hub_sessions_plan_ahead(actor=actor, schedules=[schedule])
    return schedule


@transaction.atomic
def hub_schedule_end(*, actor: User, schedule: HubSchedule, last_day: datetime.date) -> HubSchedule:
    """Stop a regular session after ``last_day``. Its planned sessions after that day go, except
    those someone is booked into (they stay until opened, or the bookings are cancelled)."""
    schedule = HubSchedule.objects.select_for_update().get(pk=schedule.pk)
    if last_day < schedule.valid_from:
        raise ValidationError(
            {
                "last_day": "The last day cannot be before it started "
                f"({schedule.valid_from:%d %B %Y})."
            }
        )
    if last_day < timezone.localdate() - datetime.timedelta(days=1):
        raise ValidationError({"last_day": "The last day cannot be in the past."})
    before = audit_snapshot(schedule)
    schedule.valid_until = last_day
    schedule.full_clean()
    schedule.save(update_fields=["valid_until"])
    audit_update(actor=actor, obj=schedule, before=before)
    for session in HubSession.objects.filter(schedule=schedule, planned=True, date__gt=last_day):
        hub_session_unplan(actor=actor, session=session)
    return schedule


def hub_session_unplan(*, actor: User, session: HubSession) -> bool:
    """Take a planned session off the calendar, unless someone is booked into it (the bookings
    protect it). Returns whether it went."""
    try:
        with transaction.atomic():
            audit_delete(actor=actor, obj=session)
            session.delete()
    except ProtectedError:  # bookings hold it; the audit row went with the rollback
        return False
    return True


def _days_ahead(today: datetime.date, weeks: int) -> list[datetime.date]:
    return [today + datetime.timedelta(days=n) for n in range(1, weeks * 7 + 1)]


def hub_sessions_plan_ahead(
    *,
    actor: User | None = None,
    today: datetime.date | None = None,
    weeks: int = PLAN_WEEKS_AHEAD,
    schedules: Iterable[HubSchedule] | None = None,
) -> int:
    """Make the planned sessions of every schedule (or of ``schedules``) in use at an active hub,
    from tomorrow to ``weeks`` ahead. Idempotent (see the module docstring); returns how many it
    made."""
    today = today or timezone.localdate()
    days = _days_ahead(today, weeks)
    if schedules is None:
        schedules = HubSchedule.objects.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=today),
            hub__is_active=True,
            valid_from__lte=days[-1],
        ).select_related("hub")
    made = 0
    for schedule in schedules:
        have = set(
            HubSession.objects.filter(
                hub_id=schedule.hub_id, date__gt=today, starts_at=schedule.starts_at, planned=True
            ).values_list("date", flat=True)
        )
        for day in days:
            if schedule.runs_on(day) and day not in have:
                made += _plan_one(actor=actor, schedule=schedule, day=day)
    return made


def _plan_one(*, actor: User | None, schedule: HubSchedule, day: datetime.date) -> int:
    session = HubSession(
        hub_id=schedule.hub_id,
        date=day,
        starts_at=schedule.starts_at,
        ends_at=schedule.ends_at,
        mode=schedule.mode,
        planned=True,
        schedule=schedule,
    )
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError:  # planned meanwhile by another run: nothing to do
        return 0
    audit_create(actor=actor, obj=session)
    return 1


@transaction.atomic
def hub_session_plan(
    *,
    actor: User,
    hub: Hub,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time | None = None,
    mode: str = HubSession.Mode.APPOINTMENT,
) -> HubSession:
    """Add a one-off session to a hub's calendar, on a day from today on."""
    if not hub.is_active:
        raise ValidationError("This hub is no longer in use, so it cannot plan sessions.")
    if date < timezone.localdate():
        raise ValidationError({"date": "A planned session must be today or later."})
    _check_times(starts_at, ends_at)
    clash = HubSession.objects.filter(hub=hub, date=date, starts_at=starts_at, planned=True)
    if clash.exists():
        raise ValidationError({"starts_at": "A session already starts at that time that day."})
    session = HubSession(
        hub=hub, date=date, starts_at=starts_at, ends_at=ends_at, mode=mode, planned=True
    )
    session.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError as exc:  # the same session added at the same moment elsewhere
        raise ValidationError(
            {"starts_at": "A session already starts at that time that day."}
        ) from exc
    audit_create(actor=actor, obj=session)
    return session


@transaction.atomic
def hub_session_open_planned(
    *,
    actor: User,
    session: HubSession,
    staff: Iterable[Any] = (),
    partner_organisations: str = "",
) -> HubSession:
    """Open a planned session on its day: it now takes drop-ins, and counts as held. Opening it
    twice (two colleagues at once) opens it once."""
    session = (
        HubSession.objects.select_for_update(of=("self",)).select_related("hub").get(pk=session.pk)
    )
    if not session.planned:
        return session
    if session.date != timezone.localdate():
        raise ValidationError(
            f"This session is planned for {session.date:%A %d %B %Y}: open it on the day."
        )
    if not session.hub.is_active:
        raise ValidationError("This hub is no longer in use, so it cannot open a session.")
    staff_ids = _staff_ids(session.hub, staff)
    if actor.pk not in staff_ids:
        staff_ids.append(actor.pk)
    before = audit_snapshot(session)
    session.planned = False
    session.opened_by = actor
    session.partner_organisations = partner_organisations.strip()
    session.full_clean(validate_constraints=False)
    session.save()
    session.staff.set(staff_ids)
    audit_update(actor=actor, obj=session, before=before)
    return session
