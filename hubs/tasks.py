"""Celery tasks for hubs: they call one service (no business logic here)."""

from __future__ import annotations

from celery import shared_task

from hubs.services.calendar import hub_sessions_plan_ahead
from hubs.services.sessions import hub_sessions_close_stale


@shared_task(name="hubs.close_stale_sessions")
def close_stale_sessions() -> int:
    """Beat, nightly: close the sessions left open from earlier days."""
    return hub_sessions_close_stale()


@shared_task(name="hubs.plan_sessions_ahead")
def plan_sessions_ahead() -> int:
    """Beat, nightly: plan every hub's regular sessions for the weeks ahead (idempotent)."""
    return hub_sessions_plan_ahead()
