"""What the outcomes dashboard shows for a month and place, kept in the cache on a large
partnership (``DASHBOARD_CACHE_SECONDS``) and worked out again by beat."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from hubs.models import Locality, Partnership
from outcomes.periods import Month
from outcomes.presentation.sections import key_figures, outcome_sections
from outcomes.selectors.core_data_set import outcome_figures
from outcomes.selectors.cost_benefit import studies_for_scope
from outcomes.selectors.scopes import scope_for_partnership
from outcomes.services.rollups import figures_for, rollup_figures, rollup_for, rollup_keep
from outcomes.suppression import EXPLANATION

# Bump when what the dashboard keeps changes shape, so a deploy never reads the old shape.
DASHBOARD_CACHE_VERSION = 1


def _dashboard_key(month, scope, baseline) -> str:
    place = f"{scope.partnership_id}:{scope.locality_id or ''}:{scope.hub_id or ''}"
    return f"outcomes-dashboard:v{DASHBOARD_CACHE_VERSION}:{place}:{month}:{baseline or ''}"


def dashboard_context(*, month, scope, baseline=None) -> dict:
    """Everything the dashboard shows for a month and place: from the kept rollups where there
    are (``FIGURE_ROLLUPS``: a partnership or locality, no baseline chosen), else as below."""
    if settings.FIGURE_ROLLUPS and baseline is None and not scope.hub_id:
        return _rollup_context(month=month, scope=scope)
    return _cached_context(month=month, scope=scope, baseline=baseline)


def _rollup_context(*, month, scope) -> dict:
    rollup = rollup_for(month=month, scope=scope)
    figures = rollup_figures(rollup) if rollup else None
    if rollup is None or figures is None:
        figures = figures_for(month=month, scope=scope)
        rollup_keep(month=month, scope=scope, figures=figures)
        return _context_from(figures, month=month, scope=scope, baseline=None)
    return _context_from(figures, month=month, scope=scope, baseline=None) | {
        "worked_out_at": rollup.computed_at,
        "rollup": True,
        "rollup_stale": rollup.stale,
    }


def _cached_context(*, month, scope, baseline=None) -> dict:
    """Everything the dashboard shows for a month and place (about twenty-five queries).

    Working that out takes a second or more on a large partnership, so with
    ``DASHBOARD_CACHE_SECONDS`` set (production: 15 minutes) it is kept in the cache and shown
    again until then, saying when it was worked out (``worked_out_at``); Celery beat works out
    last month's figures for each partnership and locality again every 10 minutes
    (``dashboards_refresh``), so those are never more than 10 minutes old. These are counts of
    a month's records, never case records; reports and the CSV are always worked out afresh.
    The key is the place's ids, which ``scope_for`` has already checked for the user."""
    if settings.DASHBOARD_CACHE_SECONDS <= 0:
        return _dashboard_context(month=month, scope=scope, baseline=baseline)
    context = cache.get(_dashboard_key(month, scope, baseline))
    if context is None:
        context = dashboard_refresh(month=month, scope=scope, baseline=baseline)
    return context


def dashboard_refresh(*, month, scope, baseline=None) -> dict:
    """Work the dashboard out now and keep it (when the dashboard is cached)."""
    context = _dashboard_context(month=month, scope=scope, baseline=baseline)
    if settings.DASHBOARD_CACHE_SECONDS > 0:
        key = _dashboard_key(month, scope, baseline)
        cache.set(key, context, settings.DASHBOARD_CACHE_SECONDS)
    return context


def dashboards_refresh(*, today: datetime.date | None = None) -> int:
    """Last full month's dashboard for every partnership and each of its localities, worked
    out again (Celery beat, every 10 minutes). Returns how many; none when not cached."""
    if settings.DASHBOARD_CACHE_SECONDS <= 0 or settings.FIGURE_ROLLUPS:
        return 0  # with rollups, the rollups job keeps these
    month = Month.last_full(today or timezone.localdate())
    done = 0
    for partnership in Partnership.objects.order_by("pk"):
        places = [None, *Locality.objects.filter(partnership=partnership).order_by("pk")]
        for locality in places:
            scope = scope_for_partnership(partnership=partnership, locality=locality)
            dashboard_refresh(month=month, scope=scope)
            done += 1
    return done


def _dashboard_context(*, month, scope, baseline=None) -> dict:
    figures = outcome_figures(
        month=month, scope=scope, baseline=baseline, studies=studies_for_scope(scope=scope)
    )
    return _context_from(figures, month=month, scope=scope, baseline=baseline)


def _context_from(figures, *, month, scope, baseline) -> dict:
    sections = outcome_sections(figures)
    return {
        "worked_out_at": timezone.now(),
        "kept_minutes": settings.DASHBOARD_CACHE_SECONDS // 60,
        "month": month,
        "scope": scope,
        "figures": figures,
        "sections": sections,
        "glance": key_figures(sections),
        "suppression_note": EXPLANATION,
        "csv_query": "&".join(
            part
            for part in (
                f"period={month}",
                scope.query_string,
                f"baseline={baseline}" if baseline else "",
            )
            if part
        ),
    }
