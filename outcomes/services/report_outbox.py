"""Getting a report's job to a worker, even when the job service (the broker) is down.

The report row is the outbox: a report saved as *queued* is sent once its transaction commits
(``report_send_on_commit``), and ``sent_at`` records when its job was last sent (emptied again if
the broker could not be reached). Then the failure is logged (the report's number only) and the
request carries on: the report stays queued, never sent. Every minute beat runs
``reports_resend_stalled``, which sends again each queued report whose job never started (never
sent, or sent more than ``REPORT_RESEND_AFTER_SECONDS`` ago), and restarts each running report
whose run's lease has run out (its worker died), or fails it once it has had all its attempts. A
job sent twice does no harm: the run's lease lets only one make the report.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from outcomes.models import Report
from outcomes.services.report_runs import report_fail

logger = logging.getLogger(__name__)

# A report whose runs have been stopped this many times (time limit, dead worker) is failed.
MAX_ATTEMPTS = 4


def _publish(report_id: int, marked: datetime.datetime) -> bool:
    from outcomes.tasks import generate_report

    try:
        # This already runs after the commit (or from the sweep): send at once.
        generate_report.send_now(args=[report_id])
    except Exception as exc:  # kombu's OperationalError, a socket error, a refused connection…
        logger.warning(
            "report %s: the job service could not be reached (%s); it stays queued and will be "
            "sent again",
            report_id,
            type(exc).__name__,
        )
        # Never reached a worker, unless a later send has been made since.
        Report.objects.filter(pk=report_id, sent_at=marked).update(sent_at=None)
        return False
    return True


def report_send(report_id: int) -> bool:
    """Send the report's job to the workers now (outside any transaction). True if the broker
    took it; False, logged, if it could not be reached: the sweep sends it later."""
    marked = timezone.now()
    Report.objects.filter(pk=report_id).update(sent_at=marked)
    return _publish(report_id, marked)


def report_send_on_commit(report: Report) -> None:
    """Mark the report as sent now, in the caller's transaction (so a request at the same
    moment does not send it too), and send the job once that commits, noting on the instance
    whether the broker took it (``job_sent``: None until then). If it did not, the report is
    marked as never sent again."""
    marked = report.sent_at = timezone.now()
    Report.objects.filter(pk=report.pk).update(sent_at=marked)

    def send() -> None:
        report.job_sent = _publish(report.pk, marked)

    transaction.on_commit(send)


def report_is_stalled(report: Report) -> bool:
    return report.progress in ("unsent", "stalled")


def reports_resend_stalled(*, now: datetime.datetime | None = None) -> int:
    """Beat's sweep: send again the queued reports whose job never started and restart the
    running ones whose worker stopped. Returns how many jobs it sent."""
    now = now or timezone.now()
    resend_before = now - datetime.timedelta(seconds=settings.REPORT_RESEND_AFTER_SECONDS)
    lease_free = Q(lease_until__isnull=True) | Q(lease_until__lte=now)
    to_send = list(
        Report.objects.filter(lease_free, status=Report.Status.QUEUED)
        .filter(Q(sent_at__isnull=True) | Q(sent_at__lt=resend_before))
        .order_by("requested_at", "pk")
        .values_list("pk", flat=True)
    )
    to_send += _restart_abandoned(now)
    sent = 0
    for report_id in to_send:
        sent += report_send(report_id)
    if to_send:
        logger.info("report sweep: %s to send, %s sent", len(to_send), sent)
    return sent


def _restart_abandoned(now: datetime.datetime) -> list[int]:
    """Running reports whose lease ran out: back to queued (to be sent), or failed once they
    have had all their attempts (a run that is always stopped must not loop for ever)."""
    restarted = []
    with transaction.atomic():
        abandoned = (
            Report.objects.select_for_update(skip_locked=True)
            .filter(status=Report.Status.RUNNING)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now))
            .order_by("pk")
        )
        for report in abandoned:
            if report.attempts >= MAX_ATTEMPTS:
                report_fail(
                    report,
                    f"The report was stopped {report.attempts} times before it was finished "
                    "(it took too long, or its worker stopped). Try again, or ask your "
                    "administrator to check the workers.",
                )
                continue
            report.status = Report.Status.QUEUED
            report.lease_until = None
            report.leased_by = ""
            report.error_message = "The worker making it stopped; it is being started again."
            report.save(update_fields=["status", "lease_until", "leased_by", "error_message"])
            restarted.append(report.pk)
    return restarted
