"""A Celery app for ``test_worker.py``: the project's own app, whose report rendering pauses first.

Started as ``celery -A tests.outcomes.slow_worker worker``, so only the test's worker is slow and
the product has no switch for it: the pause comes after the report is marked running, which gives
the test time to kill the worker in the middle of a report.
"""

from __future__ import annotations

import time
from typing import Any

import django

from cls_portal.celery import app

__all__ = ["app"]

RENDER_PAUSE_SECONDS = 4

django.setup()  # outcomes.pdf imports models; the worker's own Django setup comes later

from outcomes import pdf  # noqa: E402

_render_report_pdf = pdf.render_report_pdf


def _slow_render_report_pdf(report: Any, **kwargs: Any) -> bytes:
    time.sleep(RENDER_PAUSE_SECONDS)
    return _render_report_pdf(report, **kwargs)


# report_generate imports render_report_pdf from outcomes.pdf each time it runs.
pdf.render_report_pdf = _slow_render_report_pdf
