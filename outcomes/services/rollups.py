"""Rollups: each month's figures for a partnership and each locality, kept true so the dashboard
answers from them instead of working figures out while a lead waits.

How they stay true, without relying on timing:

1. Every change to records is audited, in its own transaction (the audit coverage tests hold
   every model to that). The audit trail tells ``mark_changes`` of each row it writes; it adds a
   ``FiguresChanged`` mark (partnership, earliest month touched) in that same transaction. A
   change that commits has its mark; one that rolls back has none.
2. The refresh job (Celery beat, every minute) turns marks into ``stale`` rollups (every rollup
   of that partnership from that month on: a month's figures carry a 12-month trend and the
   waiting lists at each month's end, so a change reaches every later month), deleting the
   marks in the same transaction, and works stale rollups out again, newest month first. It
   saves one only if its ``version`` is unchanged, so a rollup marked again while it was being
   worked out stays stale for the next run.
3. ``outcomes.selectors.figures`` stays the one definition: a rollup is ``outcome_figures``
   for its month and place, kept. ``tests/outcomes/test_rollups.py`` changes the past and
   proves every rollup equals the live figures after a refresh.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import pickle  # nosec B403 - only bytes this module wrote from our own figures are loaded
import time
from collections.abc import Iterable, Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from cls_portal.audit.models import AuditEntry
from hubs.models import Locality, Partnership
from outcomes.models import FigureRollup, FiguresChanged
from outcomes.periods import Month, Scope
from outcomes.selectors.core_data_set import OutcomeFigures, outcome_figures
from outcomes.selectors.cost_benefit import studies_for_scope

logger = logging.getLogger(__name__)

# The apps whose records the figures count; changes elsewhere (users, reports) touch none.
FIGURE_APPS = frozenset({"conversations", "peer_forum", "hubs", "outcomes", "imports"})
# Changes that can reach any month, whatever dates their audit row or record holds: an import
# (one audit row for thousands of records, of any date) and a merge (a person's whole history).
ANY_MONTH = frozenset({"imports.importjob", "conversations.personmerge"})
NOT_FIGURES = frozenset({"outcomes.report", "outcomes.figurerollup", "outcomes.figureschanged"})
# (plain strings: an enum member hashes by its name, so "update" would not be found among them)
CHANGES = frozenset(
    action.value
    for action in (
        AuditEntry.Action.CREATE,
        AuditEntry.Action.UPDATE,
        AuditEntry.Action.DELETE,
        AuditEntry.Action.ERASE,
        AuditEntry.Action.PURGE,
    )
)
EVERY_MONTH = datetime.date(1900, 1, 1)
# A date of birth says nothing about which month's figures a change touches.
NOT_EVENT_DATES = ("birth",)


def _origin(name: str) -> str:
    spec = find_spec(name)
    if spec is None or spec.origin is None:
        raise ImportError(name)
    return spec.origin


def _definition_fingerprint() -> str:
    """A digest of the code that defines the figures and their suppression: after a deploy that
    changes it, every kept rollup is worked out again (and never unpickled into a changed shape)."""
    digest = hashlib.sha256()
    # The selectors, and what the presentation works out once into ``figures.memo``.
    # (found, not imported: the presentation package itself imports this module)
    for package in ("outcomes.selectors", "outcomes.presentation", "peer_forum.selectors"):
        root = Path(_origin(package)).parent
        for path in sorted(root.rglob("*.py")):
            digest.update(path.read_bytes())
    digest.update(Path(_origin("outcomes.suppression")).read_bytes())
    return digest.hexdigest()[:16]


DEFINITION = _definition_fingerprint()
# How many months back the job keeps ready for every place without anyone asking.
MONTHS_KEPT_READY = 13


def _as_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _dates_in(values: dict[str, Any]) -> Iterable[datetime.date]:
    for name, value in values.items():
        if any(word in name for word in NOT_EVENT_DATES):
            continue
        for item in value if isinstance(value, list) else [value]:
            found = _as_date(item)
            if found is not None:
                yield found


def _record_dates(entry: AuditEntry) -> list[datetime.date]:
    """The dates on the record itself, for a change whose audit row names none (a rating
    changed on last year's review)."""
    try:
        model = apps.get_model(entry.model)
    except (LookupError, ValueError):
        return []
    names = [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField)
        and not any(word in field.attname for word in NOT_EVENT_DATES)
    ]
    if not names or not entry.object_id:
        return []
    row = model._base_manager.filter(pk=entry.object_id).values(*names).first()
    return list(_dates_in(row)) if row else []


def earliest_month_touched(entry: AuditEntry, today: datetime.date) -> datetime.date:
    """The first day of the earliest month whose figures this change can alter: the earliest
    date in the change or on the record, never later than this month; every month when the
    change names no date and the record is gone (an erasure, a bulk summary)."""
    if entry.model in ANY_MONTH:
        return EVERY_MONTH
    dates = list(_dates_in(entry.changes or {})) or _record_dates(entry)
    if not dates:
        return EVERY_MONTH
    return min([*dates, today]).replace(day=1)


def mark_changes(entries: Sequence[AuditEntry]) -> None:
    """The audit trail's listener: one mark per partnership for the rows just written."""
    if not settings.FIGURE_ROLLUPS:
        return
    today = timezone.localdate()
    marks: dict[int | None, datetime.date] = {}
    for entry in entries:
        if entry.action not in CHANGES or entry.model in NOT_FIGURES:
            continue
        if entry.model.partition(".")[0] not in FIGURE_APPS:
            continue
        month = earliest_month_touched(entry, today)
        key = entry.partnership_id
        marks[key] = min(month, marks.get(key, month))
    if marks:
        FiguresChanged.objects.bulk_create(
            FiguresChanged(partnership_id=key, from_month=month) for key, month in marks.items()
        )


def _scope(rollup: FigureRollup) -> Scope:
    locality = rollup.locality
    return Scope(
        partnership_id=rollup.partnership_id,
        locality_id=rollup.locality_id,
        name=locality.name if locality else rollup.partnership.name,
        partnership_name=rollup.partnership.name,
    )


def figures_for(*, month: Month, scope: Scope) -> OutcomeFigures:
    """The live definition: what a rollup keeps, with what its outputs may show worked out
    already (small-number suppression, ``published``, and the trend charts: kept in
    ``figures.memo``), so a page shown from a rollup does no work of its own on the figures."""
    # (imported here: the presentation package's dashboard reads rollups through this module)
    from outcomes.presentation.published import published
    from outcomes.presentation.sections import build_charts

    figures = outcome_figures(month=month, scope=scope, studies=studies_for_scope(scope=scope))
    published(figures)
    build_charts(figures)
    return figures


def rollup_figures(rollup: FigureRollup) -> OutcomeFigures | None:
    if rollup.figures is None:
        return None
    return pickle.loads(bytes(rollup.figures))  # noqa: S301  # nosec B301 - our own bytes only


def rollup_for(*, month: Month, scope: Scope) -> FigureRollup | None:
    """The kept rollup for a partnership or locality (hubs are not kept), if worked out."""
    if scope.hub_id:
        return None
    place = (
        Q(locality__isnull=True) if scope.locality_id is None else Q(locality_id=scope.locality_id)
    )
    return (
        FigureRollup.objects.filter(
            place,
            partnership_id=scope.partnership_id,
            month=month.start,
            figures__isnull=False,
            definition=DEFINITION,
        )
        .only("figures", "stale", "computed_at")
        .first()
    )


def rollup_keep(*, month: Month, scope: Scope, figures: OutcomeFigures) -> None:
    """Keep figures a page has just worked out, as stale (the job checks them once more: a
    change may have committed while they were being worked out)."""
    FigureRollup.objects.bulk_create(
        [
            FigureRollup(
                partnership_id=scope.partnership_id,
                locality_id=scope.locality_id,
                month=month.start,
                figures=pickle.dumps(figures),
                computed_at=timezone.now(),
                definition=DEFINITION,
            )
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def rollups_take_marks(*, today: datetime.date | None = None) -> int:
    """Turn pending marks into stale rollups and make sure the recent months of every place
    have a rollup. Returns how many marks were taken."""
    marks = list(FiguresChanged.objects.select_for_update(skip_locked=True).order_by("pk")[:5000])
    earliest: dict[int | None, datetime.date] = {}
    for mark in marks:
        earliest[mark.partnership_id] = min(
            mark.from_month, earliest.get(mark.partnership_id, mark.from_month)
        )
    for partnership_id, month in earliest.items():
        rollups = FigureRollup.objects.filter(month__gte=month)
        if partnership_id is not None:
            rollups = rollups.filter(partnership_id=partnership_id)
        rollups.update(stale=True, version=F("version") + 1)
    FiguresChanged.objects.filter(pk__in=[mark.pk for mark in marks]).delete()
    FigureRollup.objects.exclude(definition=DEFINITION).filter(stale=False).update(
        stale=True, version=F("version") + 1
    )
    _make_ready(today or timezone.localdate())
    return len(marks)


def _make_ready(today: datetime.date) -> None:
    months = [Month.of(today).shift(-back).start for back in range(MONTHS_KEPT_READY)]
    places = [
        *((pk, None) for pk in Partnership.objects.values_list("pk", flat=True)),
        *Locality.objects.values_list("partnership_id", "pk"),
    ]
    have = set(
        FigureRollup.objects.filter(month__in=months).values_list(
            "partnership_id", "locality_id", "month"
        )
    )
    missing = [
        FigureRollup(partnership_id=partnership_id, locality_id=locality_id, month=month)
        for partnership_id, locality_id in places
        for month in months
        if (partnership_id, locality_id, month) not in have
    ]
    FigureRollup.objects.bulk_create(missing, ignore_conflicts=True)


def rollup_work_out(rollup: FigureRollup) -> bool:
    """Work one rollup out again; saved only if nothing marked it meanwhile."""
    figures = figures_for(month=Month.of(rollup.month), scope=_scope(rollup))
    saved = FigureRollup.objects.filter(pk=rollup.pk, version=rollup.version).update(
        figures=pickle.dumps(figures),
        stale=False,
        computed_at=timezone.now(),
        definition=DEFINITION,
    )
    return bool(saved)


def rollups_refresh(*, seconds: float = 45.0, today: datetime.date | None = None) -> int:
    """Take the marks, then work out stale rollups, newest month first, for up to ``seconds``
    (beat runs this every minute; what is left waits for the next run). Returns how many."""
    rollups_take_marks(today=today)
    started, done = time.monotonic(), 0
    stale = FigureRollup.objects.filter(stale=True).select_related("partnership", "locality")
    for rollup in stale.order_by("-month", "pk").iterator(chunk_size=50):
        try:
            done += rollup_work_out(rollup)
        except Exception:  # one place's failure must not stop every other place's figures
            logger.exception("rollup %s could not be worked out", rollup.pk)
        if time.monotonic() - started > seconds:
            break
    return done


def rollups_refresh_all(*, today: datetime.date | None = None) -> int:
    """Until nothing is stale and no mark is left (a command, a test, the benchmark)."""
    total = rollups_refresh(seconds=float("inf"), today=today)
    while FiguresChanged.objects.exists() or FigureRollup.objects.filter(stale=True).exists():
        done = rollups_refresh(seconds=float("inf"), today=today)
        if done == 0:
            break  # what is left failed to work out (logged): the next run tries again
        total += done
    return total


def rollups_mark_everything() -> None:
    """Every rollup stale (after turning FIGURE_ROLLUPS on again, or a restore)."""
    FiguresChanged.objects.create(partnership=None, from_month=EVERY_MONTH)
