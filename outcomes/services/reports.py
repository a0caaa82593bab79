"""Requesting the monthly PDF reports, trying them again, and opening them.

The life of a report: ``report_request`` (or the monthly schedule) saves it as *queued* and, once
the transaction commits, sends the Celery task its id (``report_outbox``: if the job service is
down the report stays queued and beat's sweep sends it when it is back). The task calls
``report_generate`` (``report_runs``), which takes the report's lease, marks it *running*, renders
the PDF and only then marks it *done* with the file's SHA-256. The database allows one report of
a kind, month, place and baseline in progress at a time: asking again, even at the same moment,
gives the one in progress. A failed report, or one whose job never started or whose worker
stopped, can be sent again from the page (``report_retry``).
"""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from cls_portal.audit.models import AuditEntry
from cls_portal.audit.services import audit_create, audit_snapshot, audit_update, audit_view
from hubs.models import Hub, Locality, Partnership
from outcomes.models import Report
from outcomes.periods import Month, Scope
from outcomes.services.report_outbox import report_is_stalled, report_send_on_commit
from outcomes.services.report_runs import (  # noqa: F401  (re-exported: the reports' one door)
    ReportBusy,
    report_file_name,
    report_generate,
    report_is_done,
    report_mark_failed,
    report_note_retry,
)

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

logger = logging.getLogger(__name__)


def _check_months(month: Month, baseline: Month | None) -> None:
    if month > Month.of(timezone.localdate()):
        raise ValidationError({"period": "Choose this month or an earlier one."})
    if baseline is not None and baseline >= month:
        raise ValidationError({"baseline": "The baseline must be a month before the report's."})


def _in_progress(
    *,
    partnership_id: int,
    kind: str,
    period: datetime.date,
    locality_id: int | None,
    hub_id: int | None,
    baseline: datetime.date | None,
) -> Report | None:
    """The report of this kind, month, place and baseline that is queued or running, if any."""
    return Report.objects.filter(
        Q(locality_id=locality_id) if locality_id is not None else Q(locality_id__isnull=True),
        Q(hub_id=hub_id) if hub_id is not None else Q(hub_id__isnull=True),
        Q(baseline=baseline) if baseline is not None else Q(baseline__isnull=True),
        partnership_id=partnership_id,
        kind=kind,
        period=period,
        status__in=Report.IN_PROGRESS,
    ).first()


def _create(
    *, actor: User | None, report: Report, queue: bool, scheduled: bool
) -> tuple[Report, bool]:
    """Insert the report, or find the one in progress that the database says it duplicates
    (another request made it at the same moment). Returns (report, made)."""
    report.full_clean(validate_constraints=False)  # the database's constraints decide below
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        same = (
            None
            if scheduled or report.partnership_id is None
            else _in_progress(
                partnership_id=report.partnership_id,
                kind=report.kind,
                period=report.period,
                locality_id=report.locality_id,
                hub_id=report.hub_id,
                baseline=report.baseline,
            )
        )
        if same is None:
            raise
        return same, False
    audit_create(actor=actor, obj=report)
    if queue:
        report_send_on_commit(report)
    return report, True


@transaction.atomic
def report_create(
    *,
    actor: User | None,
    partnership: Partnership,
    kind: str,
    month: Month,
    locality: Locality | None = None,
    hub: Hub | None = None,
    baseline: Month | None = None,
    scheduled: bool = False,
    queue: bool = True,
) -> Report:
    """Save a queued report and, unless ``queue`` is off (``manage.py generate_report`` makes it
    there and then), send it to the workers once the transaction commits. If the same report is
    already in progress (made by a request at the same moment) that one is returned; a
    scheduled report already made raises ``IntegrityError``."""
    report = Report(
        partnership=partnership,
        locality=locality,
        hub=hub,
        kind=kind,
        period=month.start,
        baseline=baseline.start if baseline else None,
        requested_by=actor if getattr(actor, "pk", None) else None,
        scheduled=scheduled,
    )
    return _create(actor=actor, report=report, queue=queue, scheduled=scheduled)[0]


@transaction.atomic
def report_request(
    *,
    actor: User,
    kind: str,
    month: Month,
    scope: Scope,
    baseline: Month | None = None,
) -> Report:
    """Queue a report for a place in the actor's partnership (``scope`` from ``scope_for``).
    Asking again for the same report while it is still queued or running returns that one
    rather than making a second (the database refuses a second, even at the same moment); if
    its job never reached a worker it is sent again."""
    if scope.partnership_id != actor.partnership_id:
        raise ValidationError("Choose a place in your own partnership.")
    _check_months(month, baseline)
    # A hub report is about the hub; its locality is implied.
    locality_id = None if scope.hub_id else scope.locality_id
    same = _in_progress(
        partnership_id=scope.partnership_id,
        kind=kind,
        period=month.start,
        locality_id=locality_id,
        hub_id=scope.hub_id,
        baseline=baseline.start if baseline else None,
    )
    if same is not None:
        if report_is_stalled(same):
            report_send_on_commit(same)
        return same
    partnership = actor.partnership  # the scope's, checked above
    if partnership is None:
        raise ValidationError("Choose a place in your own partnership.")
    return report_create(
        actor=actor,
        partnership=partnership,
        kind=kind,
        month=month,
        locality=Locality.objects.get(pk=locality_id) if locality_id else None,
        hub=Hub.objects.get(pk=scope.hub_id) if scope.hub_id else None,
        baseline=baseline,
    )


def report_may_retry(report: Report) -> bool:
    """Failed, or in progress with nothing happening: never sent, not started long after it was
    sent, or its worker stopped."""
    return report.status == Report.Status.FAILED or report_is_stalled(report)


@transaction.atomic
def report_retry(*, actor: User, report: Report) -> Report:
    """Send a report again: a failed one, or one whose job never started or whose worker
    stopped (queued again and sent after commit)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not report_may_retry(report):
        if report.is_in_progress:
            raise ValidationError("This report is already being made.")
        raise ValidationError("Only a failed or stuck report can be tried again.")
    before = audit_snapshot(report)
    report.status = Report.Status.QUEUED
    report.error_message = ""
    report.lease_until = None
    report.leased_by = ""
    try:
        with transaction.atomic():
            report.save(update_fields=["status", "error_message", "lease_until", "leased_by"])
    except IntegrityError:
        raise ValidationError(
            "The same report has been asked for again and is being made: see the list."
        ) from None
    # Recorded even when nothing else changed (a queued report whose job never reached a worker).
    audit_update(actor=actor, obj=report, before=before, extra_after={"tried_again": True})
    report_send_on_commit(report)
    return report


def reports_schedule_month(*, today: datetime.date | None = None) -> list[Report]:
    """Last month's waiting-list and outcomes reports for every partnership whose schedule is
    monthly (the 1st of each month, from Celery beat). Running it twice makes no duplicates;
    one the same as a report someone asked for that is still in progress is left to that one."""
    month = Month.last_full(today or timezone.localdate())
    made = []
    monthly = Partnership.objects.filter(report_schedule=Partnership.ReportSchedule.MONTHLY)
    for partnership in monthly.order_by("pk"):
        for kind in Report.PARTNERSHIP_KINDS:
            try:
                with transaction.atomic():
                    report = report_create(
                        actor=None, partnership=partnership, kind=kind, month=month, scheduled=True
                    )
            except IntegrityError:
                continue  # already scheduled for this month, or the same one in progress
            made.append(report)
    return made


def report_open_for_download(*, actor: User, report: Report):
    """Open a done report's file for reading, writing the download to the access log."""
    name = report.file.name
    if not name or not report_is_done(report):
        raise ValidationError("This report is not ready yet.")
    audit_view(actor=actor, obj=report, action=AuditEntry.Action.DOWNLOAD)
    return default_storage.open(name, "rb")
