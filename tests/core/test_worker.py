"""With a broker configured, tasks go to a real Celery worker (run by .ci/run on Redis)."""

from __future__ import annotations

import pytest

from cls_portal.tasks import healthcheck


@pytest.mark.worker
def test_a_real_worker_runs_tasks_sent_through_the_broker(start_worker, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    start_worker()
    assert healthcheck.delay().get(timeout=60) == "ok"


def test_without_a_broker_tasks_run_in_process(settings):
    if settings.CELERY_BROKER_URL:
        pytest.skip("a broker is configured in this run")
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert healthcheck.delay().get() == "ok"
