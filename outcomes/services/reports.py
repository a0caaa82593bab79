"""Requesting and generating the monthly PDF reports.

The life of a report: ``report_request`` (or the monthly schedule) saves it as *queued* and, once
the transaction commits, queues the Celery task with its id. The task calls ``report_generate``,
which marks it *running*, renders the PDF, writes it to a temporary file beside its final name,
moves it into place with ``os.replace`` (atomic on one file system) and only then marks it
*done* with the file's SHA-256. A report already done returns at once, so a job delivered twice
(a worker died and Redis handed the job to another) does no harm; a job that dies half way is
simply run again, and overwrites the same final file. After its last retry a report is *failed*
and can be queued again from the page (``report_retry``).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import tempfile
from pathlib import Path
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

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

logger = logging.getLogger(__name__)


def _enqueue(report_id: int) -> None:
    # Every task is a TransactionAwareTask: inside the caller's transaction this is sent on commit.
    from outcomes.tasks import generate_report

    generate_report.delay(report_id)


def _check_months(month: Month, baseline: Month | None) -> None:
    if month > Month.of(timezone.localdate()):
        raise ValidationError({"period": "Choose this month or an earlier one."})
    if baseline is not None and baseline >= month:
        raise ValidationError({"baseline": "The baseline must be a month before the report's."})


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
    there and then), send it to the workers once the transaction commits."""
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
    report.full_clean(validate_constraints=not scheduled)
    report.save()
    audit_create(actor=actor, obj=report)
    if queue:
        _enqueue(report.pk)
    return report


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
    rather than making a second."""
    if scope.partnership_id != actor.partnership_id:
        raise ValidationError("Choose a place in your own partnership.")
    _check_months(month, baseline)
    # A hub report is about the hub; its locality is implied.
    locality_id = None if scope.hub_id else scope.locality_id
    same = Report.objects.filter(
        Q(locality_id=locality_id) if locality_id is not None else Q(locality_id__isnull=True),
        Q(hub_id=scope.hub_id) if scope.hub_id is not None else Q(hub_id__isnull=True),
        partnership_id=scope.partnership_id,
        kind=kind,
        period=month.start,
        baseline=baseline.start if baseline else None,
        status__in=Report.IN_PROGRESS,
    ).first()
    if same is not None:
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


@transaction.atomic
def report_retry(*, actor: User, report: Report) -> Report:
    """Queue a failed report again."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.FAILED:
        raise ValidationError("Only a failed report can be tried again.")
    before = audit_snapshot(report)
    report.status = Report.Status.QUEUED
    report.error_message = ""
    report.save(update_fields=["status", "error_message"])
    audit_update(actor=actor, obj=report, before=before)
    _enqueue(report.pk)
    return report


def reports_schedule_month(*, today: datetime.date | None = None) -> list[Report]:
    """Last month's waiting-list and outcomes reports for every partnership (the 1st of each
    month, from Celery beat). Running it twice makes no duplicates."""
    month = Month.last_full(today or timezone.localdate())
    made = []
    for partnership in Partnership.objects.order_by("pk"):
        for kind in Report.Kind.values:
            try:
                with transaction.atomic():
                    report = report_create(
                        actor=None, partnership=partnership, kind=kind, month=month, scheduled=True
                    )
            except IntegrityError:
                continue  # already scheduled for this month
            made.append(report)
    return made


def report_file_name(report: Report) -> str:
    if report.hub_id:
        place = f"hub-{report.hub_id}"
    elif report.locality:
        place = f"locality-{report.locality.slug}"
    else:
        place = "partnership"
    kind = report.kind.replace("_", "-")
    return f"reports/{report.partnership.slug}/{report.period:%Y-%m}-{kind}-{place}-{report.pk}.pdf"


def _write_atomically(name: str, content: bytes) -> str:
    """Write ``content`` to a temporary file in the target's directory, flush it to disk, then
    move it over the final name in one step. Returns the SHA-256 of what was written."""
    final = Path(default_storage.path(name))
    final.parent.mkdir(parents=True, exist_ok=True)
    for stale in final.parent.glob(f".{final.name}.*.partial"):
        stale.unlink(missing_ok=True)  # left by an attempt whose worker died mid-write
    handle, temporary = tempfile.mkstemp(
        dir=final.parent, prefix=f".{final.name}.", suffix=".partial"
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, final)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return hashlib.sha256(content).hexdigest()


def _is_done(report: Report) -> bool:
    name = report.file.name
    if report.status != Report.Status.DONE or not name:
        return False
    return default_storage.exists(name)


def report_generate(*, report_id: int, generated_on: datetime.date | None = None) -> Report:
    """Make the report's PDF (the body of the Celery task and of ``manage.py generate_report``).
    Idempotent: a report already done is returned untouched."""
    from outcomes.pdf import render_report_pdf

    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("partnership", "locality", "hub")
            .get(pk=report_id)
        )
        if _is_done(report):
            return report
        report.status = Report.Status.RUNNING
        report.started_at = timezone.now()
        report.attempts += 1
        report.save(update_fields=["status", "started_at", "attempts"])
    logger.info("report %s: attempt %s started", report.pk, report.attempts)
    content = render_report_pdf(report, generated_on=generated_on or timezone.localdate())
    name = report_file_name(report)
    checksum = _write_atomically(name, content)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        before = audit_snapshot(report)
        report.file.name = name
        report.checksum = checksum
        report.status = Report.Status.DONE
        report.finished_at = timezone.now()
        report.error_message = ""
        report.full_clean()
        report.save()
        audit_update(actor=None, obj=report, before=before)
    logger.info("report %s: done", report.pk)
    return report


def _plain_error(exc: BaseException) -> str:
    # The class name only: an exception's message could quote figures' text (change stories).
    return type(exc).__name__


@transaction.atomic
def report_note_retry(*, report_id: int, exc: BaseException, retry_in: int) -> None:
    """An attempt failed and the task will try again: back to queued, saying so."""
    report = Report.objects.select_for_update().get(pk=report_id)
    report.status = Report.Status.QUEUED
    report.error_message = (
        f"Attempt {report.attempts} failed ({_plain_error(exc)}); trying again in {retry_in}s."
    )
    report.save(update_fields=["status", "error_message"])


@transaction.atomic
def report_mark_failed(*, report_id: int, exc: BaseException) -> None:
    report = Report.objects.select_for_update().get(pk=report_id)
    before = audit_snapshot(report)
    report.status = Report.Status.FAILED
    report.finished_at = timezone.now()
    report.error_message = (
        f"The report could not be made after {report.attempts} attempts "
        f"({_plain_error(exc)}). Try again, or ask your administrator to check the workers."
    )
    report.save(update_fields=["status", "finished_at", "error_message"])
    audit_update(actor=None, obj=report, before=before)


def report_open_for_download(*, actor: User, report: Report):
    """Open a done report's file for reading, writing the download to the access log."""
    name = report.file.name
    if not name or not _is_done(report):
        raise ValidationError("This report is not ready yet.")
    audit_view(actor=actor, obj=report, action=AuditEntry.Action.DOWNLOAD)
    return default_storage.open(name, "rb")
