"""Celery tasks: they take ids, call one service, and own retries (no business logic here).

``generate_report`` acknowledges late and is rejected back to the queue if its worker dies
(``acks_late``, ``reject_on_worker_lost``), so a report in progress is never lost; with Redis such
a job comes back after the broker's visibility timeout (``CELERY_VISIBILITY_TIMEOUT``), and beat's
sweep (``resend_stalled_reports``) restarts it sooner once its run's lease has run out. A job
delivered twice does no harm: the run holds a lease on the report, and a second run that finds it
held (or the report done) leaves at once without writing. The task's own time limits
(``REPORT_TIME_LIMIT``: soft, then hard) are applied by the prefork pool, the worker's default; the
soft one ends the attempt like any failure, retried. In-process (no broker) a retry runs again at
once and nothing propagates (``CELERY_TASK_EAGER_PROPAGATES`` off), so the request that queued a
report never sees its failure.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings

from outcomes.models import Report
from outcomes.presentation import dashboards_refresh
from outcomes.services.report_outbox import MAX_ATTEMPTS, reports_resend_stalled
from outcomes.services.report_runs import new_lease_token
from outcomes.services.reports import (
    ReportBusy,
    report_generate,
    report_mark_failed,
    report_note_retry,
    reports_schedule_month,
)
from outcomes.services.rollups import rollups_refresh

logger = logging.getLogger(__name__)

MAX_RETRIES = MAX_ATTEMPTS - 1


def retry_delay(retries: int) -> int:
    """Seconds before the next attempt: 10, 20, 40."""
    return 10 * 2**retries


@shared_task(
    bind=True,
    name="outcomes.generate_report",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=settings.REPORT_TIME_LIMIT,
    time_limit=settings.REPORT_HARD_TIME_LIMIT,
)
def generate_report(self, report_id: int) -> Any:
    token = new_lease_token()
    try:
        report_generate(report_id=report_id, token=token)
    except Report.DoesNotExist:
        logger.warning("report %s no longer exists", report_id)
        return "missing"
    except ReportBusy:
        logger.info("report %s is held by another run, or finished; nothing to do", report_id)
        return "busy"
    except Exception as exc:  # SoftTimeLimitExceeded included: the attempt took too long
        if self.request.retries < self.max_retries:
            delay = retry_delay(self.request.retries)
            logger.warning(
                "report %s failed (%s); retrying in %ss", report_id, type(exc).__name__, delay
            )
            report_note_retry(report_id=report_id, token=token, exc=exc, retry_in=delay)
            raise self.retry(exc=exc, countdown=delay) from None
        logger.error("report %s failed for good (%s)", report_id, type(exc).__name__)
        report_mark_failed(report_id=report_id, token=token, exc=exc)
        return "failed"
    return "done"


@shared_task(name="outcomes.resend_stalled_reports", ignore_result=True)
def resend_stalled_reports() -> int:
    """Beat runs this every minute: queued reports whose job never started, and running ones
    whose worker stopped, sent again."""
    return reports_resend_stalled()


@shared_task(name="outcomes.refresh_dashboards", ignore_result=True)
def refresh_dashboards() -> int:
    """Beat runs this every 10 minutes: last month's dashboards, worked out again."""
    return dashboards_refresh()


@shared_task(name="outcomes.refresh_rollups", ignore_result=True)
def refresh_rollups() -> int:
    """Beat runs this every minute: rollups whose records changed worked out again."""
    if not settings.FIGURE_ROLLUPS:
        return 0
    return rollups_refresh()


@shared_task(name="outcomes.schedule_monthly_reports")
def schedule_monthly_reports() -> int:
    """Beat runs this on the 1st: last month's two reports for every partnership."""
    return len(reports_schedule_month())
