"""With real Celery workers on Redis: a worker killed in the middle of a report loses nothing.

The first worker is the test's own slow one (``tests/outcomes/slow_worker.py``: the project's app,
pausing before it renders) so the test can kill it while the report is running; the broker's
visibility timeout is short so the unacknowledged job comes back quickly to an ordinary worker.
Run by ``.ci/run`` (and ``make test-postgres``) with PostgreSQL and a broker; skipped otherwise.
"""

from __future__ import annotations

import hashlib
import signal
import time
from pathlib import Path

import pytest

from cls_portal.permissions import Role
from outcomes.models import Report
from outcomes.periods import Month, Scope
from outcomes.services.reports import report_request


def wait_for(report: Report, status: str, *, seconds: float) -> Report:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status == status:
            return report
        time.sleep(0.2)
    raise AssertionError(f"report still {report.status!r} after {seconds}s, not {status!r}")


@pytest.fixture
def slow_worker_environment(monkeypatch, tmp_path, settings) -> Path:
    """Set before ``start_worker`` (which copies the environment when it is set up): the
    workers' media folder and a two-second visibility timeout."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    monkeypatch.setenv("DJANGO_MEDIA_ROOT", str(media))
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "2")
    return media


@pytest.mark.worker
def test_killing_the_worker_mid_report_then_starting_another_ends_done_with_one_file(
    slow_worker_environment, start_worker, make_user, world
):
    media = slow_worker_environment
    first = start_worker("tests.outcomes.slow_worker")

    report = report_request(
        actor=make_user(Role.HSCP_LEAD),
        kind=Report.Kind.WAITING_LIST,
        month=Month(2026, 3),
        scope=Scope(partnership_id=world.partnership.pk),
    )  # committed at once (transactional test), so the job is on the broker now
    wait_for(report, Report.Status.RUNNING, seconds=60)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING  # the dead worker never finished it

    start_worker()
    done = wait_for(report, Report.Status.DONE, seconds=90)
    files = sorted(path for path in Path(media).rglob("*") if path.is_file())
    assert files == [Path(done.file.path)]
    assert done.checksum == hashlib.sha256(files[0].read_bytes()).hexdigest()
    assert done.attempts == 2
