"""Fixtures for the outcomes tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture
def jobs_in_process() -> Iterator[None]:
    """Run Celery jobs here, as without a broker, even when the suite runs with one (``.ci/run``
    sets ``CELERY_BROKER_URL`` for the worker tests): for tests that watch a report being made
    within the request."""
    from cls_portal.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved
