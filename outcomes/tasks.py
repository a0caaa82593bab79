"""Celery tasks: they take ids, call one service, and own retries (no business logic here).

``generate_report`` acknowledges late and is rejected back to the queue if its worker dies
(``acks_late``, ``reject_on_worker_lost``), so a report in progress is never lost; the service is
idempotent, so a job delivered twice does no harm. With Redis a job whose worker died comes back
after the broker's visibility timeout (``CELERY_VISIBILITY_TIMEOUT`` in settings). In-process (no
broker) a retry runs again at once and nothing propagates (``CELERY_TASK_EAGER_PROPAGATES`` off), so
the request that queued a report never sees its failure.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from outcomes.models import Report
from outcomes.presentation import dashboards_refresh
from outcomes.services.reports import (
    report_generate,
    report_mark_failed,
    report_note_retry,
    reports_schedule_month,
)

logger = logging.getLogger(__name__)

MAX_RETRIES = 3


def retry_delay(retries: int) -> int:
    """Seconds before the next attempt: 10, 20, 40."""
    return 10 * 2**retries


@shared_task(
    bind=True,
    name="outcomes.generate_report",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
)
def generate_report(self, report_id: int) -> Any:
    try:
        report_generate(report_id=report_id)
    except Report.DoesNotExist:
        logger.warning("report %s no longer exists", report_id)
        return "missing"
    except Exception as exc:
        if self.request.retries < self.max_retries:
            delay = retry_delay(self.request.retries)
            logger.warning(
                "report %s failed (%s); retrying in %ss", report_id, type(exc).__name__, delay
            )
            report_note_retry(report_id=report_id, exc=exc, retry_in=delay)
            raise self.retry(exc=exc, countdown=delay) from None
        logger.error("report %s failed for good (%s)", report_id, type(exc).__name__)
        report_mark_failed(report_id=report_id, exc=exc)
        return "failed"
    return "done"


@shared_task(name="outcomes.refresh_dashboards", ignore_result=True)
def refresh_dashboards() -> int:
    """Beat runs this every 10 minutes: last month's dashboards, worked out again."""
    return dashboards_refresh()


@shared_task(name="outcomes.schedule_monthly_reports")
def schedule_monthly_reports() -> int:
    """Beat runs this on the 1st: last month's two reports for every partnership."""
    return len(reports_schedule_month())
