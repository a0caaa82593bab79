"""With real Celery workers on Redis: a worker killed in the middle of a report loses nothing; a
report asked for while the broker is down reaches a worker once it is back; the time limits stop a
run that takes too long.

The slow worker is the test's own (``tests/outcomes/slow_worker.py``: the project's app, pausing
before it renders) so the test can kill it, or time it out, while the report is running. The
time-limit tests use the prefork pool, as production does (the solo pool applies no time limits).
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
from outcomes.services.report_outbox import reports_resend_stalled
from outcomes.services.reports import report_request
from tests.outcomes.test_report_jobs import UNREACHABLE, broker_at


def wait_for(report: Report, status: str, *, seconds: float, progress: str = "") -> Report:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status == status and (not progress or report.progress == progress):
            return report
        time.sleep(0.2)
    raise AssertionError(
        f"report still {report.status!r} ({report.progress}) after {seconds}s, not {status!r}"
    )


def time_limits(monkeypatch, *, soft: int) -> None:
    """Give the worker (through its environment) and this process, which sends the job, the same
    limits: Celery puts the sender's limits on the message, and the worker applies those."""
    from outcomes.tasks import generate_report

    monkeypatch.setenv("REPORT_TIME_LIMIT", str(soft))
    monkeypatch.setattr(generate_report, "soft_time_limit", soft)
    monkeypatch.setattr(generate_report, "time_limit", 2 * soft)
    monkeypatch.setattr(generate_report, "_exec_options", None)  # cached from the attributes


def ask_for_a_report(make_user, world) -> Report:
    return report_request(
        actor=make_user(Role.HSCP_LEAD),
        kind=Report.Kind.WAITING_LIST,
        month=Month(2026, 3),
        scope=Scope(partnership_id=world.partnership.pk),
    )  # committed at once (transactional test), so the job is sent now


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
    slow_worker_environment, start_worker, make_user, world, monkeypatch
):
    media = slow_worker_environment
    monkeypatch.setenv("REPORT_LEASE_SECONDS", "2")  # the dead worker's lease runs out quickly
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

    wait_for(report, Report.Status.RUNNING, seconds=10, progress="stalled")  # not "working"
    start_worker()
    reports_resend_stalled()  # what beat does every minute (Redis also hands the job back)
    done = wait_for(report, Report.Status.DONE, seconds=90)
    files = sorted(path for path in Path(media).rglob("*") if path.is_file())
    assert files == [Path(done.file.path)]
    assert done.checksum == hashlib.sha256(files[0].read_bytes()).hexdigest()
    assert done.attempts == 2


@pytest.mark.worker
def test_a_report_asked_for_while_the_broker_is_down_reaches_a_worker_once_it_is_back(
    slow_worker_environment, start_worker, make_user, world
):
    with broker_at(UNREACHABLE):
        report = ask_for_a_report(make_user, world)  # answers: the job could not be sent
    report.refresh_from_db()
    assert (report.status, report.sent_at) == (Report.Status.QUEUED, None)
    start_worker()  # the broker is back, with a worker
    assert reports_resend_stalled() == 1  # beat's sweep
    done = wait_for(report, Report.Status.DONE, seconds=60)
    assert done.attempts == 1


@pytest.mark.worker
def test_the_soft_time_limit_stops_a_run_that_takes_too_long_and_it_is_retried(
    slow_worker_environment, start_worker, make_user, world, monkeypatch
):
    media = slow_worker_environment
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "300")
    time_limits(monkeypatch, soft=2)  # hard: 4 s
    monkeypatch.setenv("SLOW_WORKER_PAUSE", "30")
    start_worker("tests.outcomes.slow_worker", pool="prefork")
    report = ask_for_a_report(make_user, world)
    wait_for(report, Report.Status.RUNNING, seconds=60)
    started = time.monotonic()
    stopped = wait_for(report, Report.Status.QUEUED, seconds=20)
    assert time.monotonic() - started < 10  # stopped at 2 s, not after the 30 s pause
    assert "Attempt 1 failed (SoftTimeLimitExceeded); trying again in 10s." in (
        stopped.error_message
    )
    assert (stopped.lease_until, stopped.leased_by) == (None, "")
    assert [path for path in Path(media).rglob("*") if path.is_file()] == []


@pytest.mark.worker
def test_the_hard_time_limit_ends_a_run_that_ignores_the_soft_one_and_it_is_restarted(
    slow_worker_environment, start_worker, make_user, world, monkeypatch
):
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "300")
    time_limits(monkeypatch, soft=2)  # hard: 4 s
    monkeypatch.setenv("REPORT_LEASE_SECONDS", "3")
    monkeypatch.setenv("SLOW_WORKER_PAUSE", "60")
    monkeypatch.setenv("SLOW_WORKER_IGNORES_SOFT_LIMIT", "1")
    start_worker("tests.outcomes.slow_worker", pool="prefork")
    report = ask_for_a_report(make_user, world)
    wait_for(report, Report.Status.RUNNING, seconds=60)
    # Were the run still going its thread would keep the lease; ended at 4 s, the lease runs out.
    stalled = wait_for(report, Report.Status.RUNNING, seconds=15, progress="stalled")
    assert stalled.attempts == 1
    assert reports_resend_stalled() == 1  # beat's sweep starts it again
    report.refresh_from_db()
    assert report.status in (Report.Status.QUEUED, Report.Status.RUNNING)
