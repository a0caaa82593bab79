"""Opening a hub session, counting people who only wanted information, and closing it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cls_portal.audit.services import audit_create, audit_snapshot, audit_update
from hubs.models import Hub, HubSession

if TYPE_CHECKING:
    from cls_portal.accounts.models import User


def _staff_ids(hub: Hub, staff: Iterable[Any]) -> list[int]:
    staff = list(staff)
    if any(member.partnership_id != hub.partnership_id for member in staff):
        raise ValidationError({"staff": "Staff must belong to the hub's partnership."})
    return sorted({member.pk for member in staff})


@transaction.atomic
def hub_session_open(
    *,
    actor: User,
    hub: Hub,
    mode: str = HubSession.Mode.DROP_IN,
    starts_at: datetime.time | None = None,
    staff: Iterable[Any] = (),
    partner_organisations: str = "",
) -> tuple[HubSession, bool]:
    """Open today's session at a hub, or return the one already open there today (so two
    colleagues, or a double-clicked button, never open two). Returns (session, created)."""
    Hub.objects.select_for_update().filter(pk=hub.pk).first()  # one opener at a time per hub
    today = timezone.localdate()
    existing = (
        HubSession.objects.filter(hub=hub, date=today, planned=False, closed_at__isnull=True)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing, False
    if not hub.is_active:
        raise ValidationError("This hub is no longer in use, so it cannot open a session.")
    staff_ids = _staff_ids(hub, staff)
    if actor.pk not in staff_ids:
        staff_ids.append(actor.pk)  # whoever opens the session is working at it
    session = HubSession(
        hub=hub,
        date=today,
        starts_at=starts_at or timezone.localtime().time().replace(second=0, microsecond=0),
        mode=mode,
        partner_organisations=partner_organisations.strip(),
        opened_by=actor,
    )
    session.full_clean()
    session.save()
    session.staff.set(staff_ids)
    audit_create(actor=actor, obj=session)
    return session, True


def _check_open(session: HubSession) -> None:
    if not session.is_open:
        raise ValidationError("This session has been closed.", code="session_closed")


@transaction.atomic
def hub_session_tally(*, actor: User, session: HubSession, change: int = 1) -> HubSession:
    """Add one to (or take one off) the anonymous head-count: people who came but were not
    recorded by name. Done in the database so two quick clicks both count."""
    if change not in (1, -1):
        raise ValidationError({"change": "The head-count goes up or down by one at a time."})
    session = HubSession.objects.select_for_update().get(pk=session.pk)
    _check_open(session)
    if session.anonymous_count + change < 0:
        raise ValidationError({"change": "The head-count is already 0."})
    before = audit_snapshot(session)
    HubSession.objects.filter(pk=session.pk).update(anonymous_count=F("anonymous_count") + change)
    session.refresh_from_db(fields=["anonymous_count"])
    audit_update(actor=actor, obj=session, before=before)
    return session


@transaction.atomic
def hub_session_close(
    *, actor: User | None, session: HubSession, ends_at: datetime.time | None = None
) -> HubSession:
    """Close a session: no more drop-ins or head-counts are added to it."""
    session = (
        HubSession.objects.select_for_update(of=("self",)).select_related("hub").get(pk=session.pk)
    )
    _check_open(session)
    before = audit_snapshot(session)
    now = timezone.now()
    session.closed_at = now
    session.ends_at = session.ends_at or ends_at
    if session.ends_at is None and session.date == timezone.localdate(now):
        # Closed on its day: it ends now. Closed later, its end time is not known.
        session.ends_at = timezone.localtime(now).time().replace(second=0, microsecond=0)
    if session.starts_at and session.ends_at and session.ends_at < session.starts_at:
        session.ends_at = session.starts_at
    session.full_clean()
    session.save()
    audit_update(actor=actor, obj=session, before=before)
    return session


def hub_sessions_close_stale(*, today: datetime.date | None = None) -> int:
    """Close the sessions left open from earlier days (beat, nightly), so a forgotten session
    stops taking drop-ins and head-counts; each is closed by the system, audited. Returns how
    many were closed."""
    today = today or timezone.localdate()
    # Planned sessions nobody opened stay as they were: they were not held.
    stale = HubSession.objects.filter(
        date__lt=today, planned=False, closed_at__isnull=True
    ).order_by("pk")
    closed = 0
    for session in stale:
        hub_session_close(actor=None, session=session)
        closed += 1
    return closed
