"""Making a report's PDF: one run at a time, held by a lease in the database.

A run claims the report with one conditional UPDATE (only if no other run holds a live lease, and
the report is neither done nor failed), so two runs can never both make it: the second finds the
lease and leaves without writing anything. While it renders, a small thread renews the lease every
third of its length (``REPORT_LEASE_SECONDS``); the run writes the file and marks the report done
only while it still holds the lease, and releases it then. A lease that has run out on a report not
done means its worker died: the page says so and the sweep (``report_outbox``) restarts it.

The file is written to a temporary file beside its final name and moved into place with
``os.replace`` (atomic on one file system) before the record says done, with the file's SHA-256. A
report already done returns at once, so a job delivered twice does no harm.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import socket
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from cls_portal.audit.services import audit_snapshot, audit_update
from outcomes.models import Report

logger = logging.getLogger(__name__)


class ReportBusy(Exception):
    """Another run holds the report's lease (or it is done or failed): nothing was written."""


def new_lease_token() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _lease_end() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=settings.REPORT_LEASE_SECONDS)


def report_claim(*, report_id: int, token: str) -> bool:
    """Take the report for this run: one UPDATE that succeeds only if no live lease is held and
    the report is queued or running (a running one whose lease ran out: its worker died)."""
    now = timezone.now()
    claimed = (
        Report.objects.filter(pk=report_id, status__in=Report.IN_PROGRESS)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now) | Q(leased_by=token))
        .update(
            status=Report.Status.RUNNING,
            started_at=now,
            attempts=F("attempts") + 1,
            lease_until=_lease_end(),
            leased_by=token,
        )
    )
    return claimed == 1


def report_lease_renew(*, report_id: int, token: str) -> bool:
    """Push the lease on while this run still holds it; False if it has been lost."""
    renewed = Report.objects.filter(pk=report_id, leased_by=token).update(lease_until=_lease_end())
    return renewed == 1


def _holds_lease(report_id: int, token: str) -> bool:
    return Report.objects.filter(pk=report_id, leased_by=token).exists()


@contextmanager
def _lease_kept(report_id: int, token: str) -> Iterator[None]:
    """Renew the lease from a thread (its own database connection) while the body runs."""
    stop = threading.Event()
    every = settings.REPORT_LEASE_SECONDS / 3

    def renew() -> None:
        try:
            while not stop.wait(every):
                if not report_lease_renew(report_id=report_id, token=token):
                    logger.warning("report %s: lease lost while rendering", report_id)
                    return
        finally:
            connection.close()

    thread = threading.Thread(target=renew, name=f"report-{report_id}-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def report_file_name(report: Report) -> str:
    if report.programme is not None:
        folder = f"reports/programme-{report.programme.slug}"
        return f"{folder}/{report.period:%Y}-{report.kind.replace('_', '-')}-{report.pk}.pdf"
    partnership = report.partnership
    if partnership is None:  # the database's check allows none: a programme's report
        raise ValueError(f"Report {report.pk} has neither a partnership nor a programme.")
    if report.hub_id:
        place = f"hub-{report.hub_id}"
    elif report.locality:
        place = f"locality-{report.locality.slug}"
    else:
        place = "partnership"
    kind = report.kind.replace("_", "-")
    return f"reports/{partnership.slug}/{report.period:%Y-%m}-{kind}-{place}-{report.pk}.pdf"


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


def report_is_done(report: Report) -> bool:
    name = report.file.name
    if report.status != Report.Status.DONE or not name:
        return False
    return default_storage.exists(name)


def report_generate(
    *, report_id: int, generated_on: datetime.date | None = None, token: str | None = None
) -> Report:
    """Make the report's PDF (the body of the Celery task and of ``manage.py generate_report``).
    Idempotent: a report already done is returned untouched. Raises ``ReportBusy``, having
    written nothing, if another run holds the report or it is failed."""
    from outcomes.pdf import render_report_pdf

    token = token or new_lease_token()
    report = Report.objects.select_related("partnership", "programme", "locality", "hub").get(
        pk=report_id
    )
    if report_is_done(report):
        return report
    if not report_claim(report_id=report_id, token=token):
        raise ReportBusy(report_id)
    report.refresh_from_db()
    logger.info("report %s: attempt %s started", report.pk, report.attempts)
    with _lease_kept(report_id, token):
        content = render_report_pdf(report, generated_on=generated_on or timezone.localdate())
    name = report_file_name(report)
    if not _holds_lease(report_id, token):
        raise ReportBusy(report_id)  # lost while rendering: the holder writes the file
    checksum = _write_atomically(name, content)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.leased_by != token:
            raise ReportBusy(report_id)
        before = audit_snapshot(report)
        report.file.name = name
        report.checksum = checksum
        report.status = Report.Status.DONE
        report.finished_at = timezone.now()
        report.error_message = ""
        report.lease_until = None
        report.leased_by = ""
        report.full_clean()
        report.save()
        audit_update(actor=None, obj=report, before=before)
    logger.info("report %s: done", report.pk)
    return report


def _plain_error(exc: BaseException) -> str:
    # The class name only: an exception's message could quote figures' text (change stories).
    return type(exc).__name__


@transaction.atomic
def report_note_retry(*, report_id: int, token: str, exc: BaseException, retry_in: int) -> None:
    """This run's attempt failed and the task will try again: back to queued, lease released,
    saying so. A run that did not hold the report changes nothing."""
    report = Report.objects.select_for_update().filter(pk=report_id, leased_by=token).first()
    if report is None:
        return
    report.status = Report.Status.QUEUED
    report.lease_until = None
    report.leased_by = ""
    report.sent_at = timezone.now()  # the task sends itself again in ``retry_in`` seconds
    report.error_message = (
        f"Attempt {report.attempts} failed ({_plain_error(exc)}); trying again in {retry_in}s."
    )
    report.save(update_fields=["status", "lease_until", "leased_by", "sent_at", "error_message"])


def report_fail(report: Report, message: str) -> None:
    before = audit_snapshot(report)
    report.status = Report.Status.FAILED
    report.finished_at = timezone.now()
    report.lease_until = None
    report.leased_by = ""
    report.error_message = message
    report.save(
        update_fields=["status", "finished_at", "lease_until", "leased_by", "error_message"]
    )
    audit_update(actor=None, obj=report, before=before)


@transaction.atomic
def report_mark_failed(*, report_id: int, token: str, exc: BaseException) -> None:
    report = Report.objects.select_for_update().filter(pk=report_id, leased_by=token).first()
    if report is None:
        return
    report_fail(
        report,
        f"The report could not be made after {report.attempts} attempts "
        f"({_plain_error(exc)}). Try again, or ask your administrator to check the workers.",
    )
