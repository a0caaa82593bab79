"""A Celery app for ``test_worker.py``: the project's own app, whose report rendering pauses first.

Started as ``celery -A tests.outcomes.slow_worker worker``, so only the test's worker is slow and
the product has no switch for it: the pause comes after the report is marked running, which gives
the test time to kill the worker in the middle of a report.
"""

from __future__ import annotations

import os
import time
from typing import Any

import django
from celery.exceptions import SoftTimeLimitExceeded

from cls_portal.celery import app

__all__ = ["app"]

# The pause, and whether it carries on through the task's soft time limit (to be stopped by the
# hard one), can be set by a test through the environment before it starts the worker.
RENDER_PAUSE_SECONDS = float(os.environ.get("SLOW_WORKER_PAUSE", "4"))
IGNORE_SOFT_LIMIT = os.environ.get("SLOW_WORKER_IGNORES_SOFT_LIMIT") == "1"

django.setup()  # outcomes.pdf imports models; the worker's own Django setup comes later

from outcomes import pdf  # noqa: E402

_render_report_pdf = pdf.render_report_pdf


def _slow_render_report_pdf(report: Any, **kwargs: Any) -> bytes:
    until = time.monotonic() + RENDER_PAUSE_SECONDS
    while (left := until - time.monotonic()) > 0:
        try:
            time.sleep(left)
        except SoftTimeLimitExceeded:
            if not IGNORE_SOFT_LIMIT:
                raise
    return _render_report_pdf(report, **kwargs)


# report_generate imports render_report_pdf from outcomes.pdf each time it runs.
pdf.render_report_pdf = _slow_render_report_pdf
