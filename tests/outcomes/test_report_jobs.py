"""Report jobs under faults: the broker down when a report is asked for (the outbox and beat's
sweep), two runs of one report (the lease), a dead worker (restarted), parallel requests (one
row, one job), and the task's time limits.

``broker_at`` points the project's Celery app at another broker for a block (an unreachable one:
``redis://127.0.0.1:1/0``), with real sending (not in-process), so the failure is kombu's own.
"""

from __future__ import annotations

import datetime
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from celery import Task
from django.db import connection
from django.utils import timezone

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from outcomes import pdf as report_pdf
from outcomes.models import Report
from outcomes.periods import Month, Scope
from outcomes.services import report_outbox, report_runs
from outcomes.services import reports as services
from outcomes.tasks import generate_report, resend_stalled_reports
from tests.outcomes.factories import ReportFactory

MARCH = Month(2026, 3)
UNREACHABLE = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def lead(make_user):
    return make_user(Role.HSCP_LEAD)


@pytest.fixture
def everywhere(world) -> Scope:
    return Scope(partnership_id=world.partnership.pk)


@contextmanager
def broker_at(url: str) -> Iterator[None]:
    """Send jobs for real (not in-process) to the broker at ``url`` inside the block."""
    from cls_portal.celery import app

    saved = (app.conf.broker_url, app.conf.task_always_eager)
    saved_environment = os.environ.get("CELERY_BROKER_URL")  # Celery reads it before its conf
    app.conf.broker_url, app.conf.task_always_eager = url, False
    os.environ["CELERY_BROKER_URL"] = url
    app._pool = app.amqp._producer_pool = None  # connections are made afresh for the new URL
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        if saved_environment is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_environment
        app._pool = app.amqp._producer_pool = None


@pytest.fixture
def sent(monkeypatch) -> list[int]:
    """Record what would reach the broker instead of sending it."""
    jobs: list[int] = []

    def send(task, args=None, kwargs=None, **options):
        assert task.name == "outcomes.generate_report"
        jobs.append(args[0])

    monkeypatch.setattr(Task, "apply_async", send)
    return jobs


# ---------------------------------------------------------------- the broker down: the outbox


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # commits, as a request does
def test_a_request_while_the_broker_is_down_is_kept_queued_and_the_sweep_sends_it_once_back(
    lead, everywhere, caplog, monkeypatch
):
    caplog.set_level(logging.WARNING, logger="outcomes")
    with broker_at(UNREACHABLE):
        report = services.report_request(
            actor=lead, kind=Report.Kind.OUTCOMES, month=MARCH, scope=everywhere
        )  # no exception: kombu's OperationalError is caught after the commit
    assert report.job_sent is False
    report.refresh_from_db()
    assert (report.status, report.sent_at) == (Report.Status.QUEUED, None)
    assert report.progress == "unsent"
    logged = caplog.text
    assert f"report {report.pk}: the job service could not be reached (OperationalError)" in logged
    assert lead.get_full_name() not in logged and lead.username not in logged

    jobs: list[int] = []
    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, **kw: jobs.append(args[0]))
    assert resend_stalled_reports() == 1  # the broker is back: beat's sweep sends it
    assert jobs == [report.pk]
    report.refresh_from_db()
    assert report.sent_at is not None and report.progress == "waiting"
    assert resend_stalled_reports() == 0  # just sent: not sent again
    assert jobs == [report.pk]


def test_asking_again_for_a_report_never_sent_sends_it_again_and_makes_no_second(
    lead, everywhere, sent, django_capture_on_commit_callbacks
):
    stuck = ReportFactory(partnership=lead.partnership, kind=Report.Kind.OUTCOMES, sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.report_request(
            actor=lead, kind=Report.Kind.OUTCOMES, month=MARCH, scope=everywhere
        )
    assert again.pk == stuck.pk
    assert sent == [stuck.pk]
    assert Report.objects.count() == 1


def test_the_sweep_sends_only_queued_reports_whose_job_never_started(world, sent, settings):
    now = timezone.now()
    after = datetime.timedelta(seconds=settings.REPORT_RESEND_AFTER_SECONDS)
    never_sent = ReportFactory(partnership=world.partnership, kind="outcomes", sent_at=None)
    long_ago = ReportFactory(
        partnership=world.partnership, period=datetime.date(2026, 1, 1), sent_at=now - 2 * after
    )
    ReportFactory(partnership=world.partnership, sent_at=now - after / 2)  # just sent
    ReportFactory(
        partnership=world.partnership,
        period=datetime.date(2026, 2, 1),
        status=Report.Status.RUNNING,
        lease_until=now + datetime.timedelta(seconds=30),
        leased_by="a-live-run",
    )  # being made
    ReportFactory(
        partnership=world.partnership,
        kind="outcomes",
        period=datetime.date(2026, 2, 1),
        status=Report.Status.FAILED,
        sent_at=None,
    )
    assert report_outbox.reports_resend_stalled(now=now) == 2
    assert sorted(sent) == sorted([never_sent.pk, long_ago.pk])


# ------------------------------------------------------------------- one run at a time: the lease


def test_a_run_that_finds_a_live_lease_leaves_without_writing_anything(world, media, monkeypatch):
    def must_not_render(*args, **kwargs):
        raise AssertionError("rendered while another run holds the report")

    monkeypatch.setattr(report_pdf, "render_report_pdf", must_not_render)
    lease_until = timezone.now() + datetime.timedelta(seconds=40)
    report = ReportFactory(
        partnership=world.partnership,
        status=Report.Status.RUNNING,
        attempts=1,
        lease_until=lease_until,
        leased_by="the-other-run",
    )
    before = Report.objects.filter(pk=report.pk).values().get()
    audits = AuditEntry.objects.count()
    assert generate_report.apply(args=[report.pk]).get() == "busy"
    assert Report.objects.filter(pk=report.pk).values().get() == before
    assert AuditEntry.objects.count() == audits
    assert [path for path in media.rglob("*") if path.is_file()] == []


def test_a_run_that_lost_its_lease_while_rendering_does_not_mark_the_report_done(
    world, media, monkeypatch
):
    real = report_pdf.render_report_pdf

    def lose_the_lease(report, **kwargs):
        Report.objects.filter(pk=report.pk).update(leased_by="a-later-run")
        return real(report, **kwargs)

    monkeypatch.setattr(report_pdf, "render_report_pdf", lose_the_lease)
    report = ReportFactory(partnership=world.partnership)
    with pytest.raises(report_runs.ReportBusy):
        services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.leased_by, report.file.name) == ("running", "a-later-run", "")
    assert [path for path in media.rglob("*") if path.is_file()] == []


def test_a_run_holds_a_lease_while_it_renders_and_releases_it_when_done(world, monkeypatch):
    real = report_pdf.render_report_pdf
    seen = {}

    def render(report, **kwargs):
        seen.update(Report.objects.filter(pk=report.pk).values("lease_until", "leased_by").get())
        return real(report, **kwargs)

    monkeypatch.setattr(report_pdf, "render_report_pdf", render)
    report = ReportFactory(partnership=world.partnership)
    done = services.report_generate(report_id=report.pk, token="this-run")
    assert seen["leased_by"] == "this-run" and seen["lease_until"] > timezone.now()
    assert (done.status, done.lease_until, done.leased_by) == ("done", None, "")


@pytest.mark.postgres  # the renewing thread has its own connection: it must see committed rows
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_lease_is_renewed_while_a_long_render_runs(world, settings, monkeypatch):
    settings.REPORT_LEASE_SECONDS = 0.6  # renewed every 0.2 s
    real = report_pdf.render_report_pdf
    seen = []

    def slow(report, **kwargs):
        first = Report.objects.get(pk=report.pk).lease_until
        threading.Event().wait(1.0)
        seen.append((first, Report.objects.get(pk=report.pk).lease_until))
        return real(report, **kwargs)

    monkeypatch.setattr(report_pdf, "render_report_pdf", slow)
    report = ReportFactory(partnership=world.partnership)
    services.report_generate(report_id=report.pk)
    first, later = seen[0]
    assert later - first >= datetime.timedelta(seconds=0.6)


def test_a_report_whose_worker_died_shows_so_and_the_sweep_restarts_it(world, users, login, sent):
    gone = ReportFactory(
        partnership=world.partnership,
        status=Report.Status.RUNNING,
        attempts=1,
        lease_until=timezone.now() - datetime.timedelta(seconds=5),
        leased_by="a-dead-worker",
    )
    page = login(users[Role.HSCP_LEAD]).get("/outcomes/reports/").content.decode()
    assert "Working on it" not in page
    assert "The worker making it stopped. It will be restarted automatically" in page
    assert report_outbox.reports_resend_stalled() == 1
    assert sent == [gone.pk]
    gone.refresh_from_db()
    assert (gone.status, gone.lease_until, gone.leased_by) == ("queued", None, "")
    # and the run the sweep sent makes it
    services.report_generate(report_id=gone.pk)
    gone.refresh_from_db()
    assert (gone.status, gone.attempts) == ("done", 2)


def test_a_report_stopped_on_every_attempt_ends_failed_instead_of_looping(world, sent):
    stopped = ReportFactory(
        partnership=world.partnership,
        status=Report.Status.RUNNING,
        attempts=report_outbox.MAX_ATTEMPTS,
        lease_until=timezone.now() - datetime.timedelta(seconds=5),
        leased_by="a-run-stopped-by-its-time-limit",
    )
    assert report_outbox.reports_resend_stalled() == 0
    stopped.refresh_from_db()
    assert stopped.status == Report.Status.FAILED
    assert "stopped 4 times" in stopped.error_message
    assert sent == []


def test_the_report_task_has_its_own_time_limits_below_the_visibility_timeout(settings):
    from cls_portal.celery import app

    assert generate_report.soft_time_limit == settings.REPORT_TIME_LIMIT == 180
    assert generate_report.time_limit == settings.REPORT_HARD_TIME_LIMIT == 210
    assert generate_report.time_limit < app.conf.broker_transport_options["visibility_timeout"]
    assert app.conf.worker_pool == "prefork"  # solo and threads pools apply no time limits
    assert settings.CELERY_BEAT_SCHEDULE["outcomes-resend-stalled-reports"]["schedule"] == 60.0


# ------------------------------------------------------- the page: stuck reports, said plainly


def test_the_page_says_a_report_waits_for_the_job_service_and_lets_it_be_tried_again(
    world, users, login, sent, django_capture_on_commit_callbacks
):
    stuck = ReportFactory(partnership=world.partnership, sent_at=None)
    client = login(users[Role.HSCP_LEAD])
    page = client.get("/outcomes/reports/").content.decode()
    assert "It will start when the job service is back." in page
    assert "Try again" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/outcomes/reports/{stuck.pk}/retry/")
    assert response.status_code == 302
    assert sent == [stuck.pk]
    assert AuditEntry.objects.filter(
        model="outcomes.report", object_id=str(stuck.pk), action="update"
    ).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # commits, as a request does
def test_asking_for_a_report_while_the_broker_is_down_answers_normally_and_says_so(users, login):
    client = login(users[Role.HSCP_LEAD])
    with broker_at(UNREACHABLE):
        response = client.post(
            "/outcomes/reports/",
            {"kind": "outcomes", "period": "2026-03", "place": "", "baseline": ""},
        )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "the job service cannot be reached just now" in page
    assert "It will start when the job service is back" in page
    assert Report.objects.get().status == Report.Status.QUEUED


# -------------------------------------- one report in progress: enforced by the database


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_parallel_requests_for_the_same_report_make_one_row_and_one_job(
    lead, everywhere, monkeypatch
):
    jobs: list[int] = []
    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, **kw: jobs.append(args[0]))
    start = threading.Barrier(20)
    got: list[int] = []
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            start.wait()
            report = services.report_request(
                actor=lead, kind=Report.Kind.OUTCOMES, month=MARCH, scope=everywhere
            )
            got.append(report.pk)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Report.objects.count() == 1
    only = Report.objects.get().pk
    assert got == [only] * 20
    assert jobs == [only]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_of_one_report_at_the_same_moment_render_it_once(world, monkeypatch):
    real = report_pdf.render_report_pdf
    rendering = threading.Event()
    renders: list[int] = []

    def slow(report, **kwargs):
        renders.append(report.pk)
        rendering.set()
        threading.Event().wait(1.0)
        return real(report, **kwargs)

    monkeypatch.setattr(report_pdf, "render_report_pdf", slow)
    report = ReportFactory(partnership=world.partnership)
    results: list[str] = []

    def run() -> None:
        try:
            results.append(generate_report.apply(args=[report.pk]).get())
        finally:
            connection.close()

    first = threading.Thread(target=run)
    first.start()
    assert rendering.wait(10)
    second = threading.Thread(target=run)
    second.start()
    second.join()
    first.join()
    assert sorted(results) == ["busy", "done"]
    assert renders == [report.pk]
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("done", 1)


def test_the_command_explains_when_a_worker_is_making_the_same_report_now(world):
    from django.core.management import CommandError, call_command

    held = ReportFactory(
        partnership=world.partnership,
        kind=Report.Kind.OUTCOMES,
        status=Report.Status.RUNNING,
        lease_until=timezone.now() + datetime.timedelta(seconds=30),
        leased_by="a-worker",
    )
    with pytest.raises(CommandError, match=f"Report #{held.pk}, the same report, is being made"):
        call_command(
            "generate_report", kind="outcomes", period="2026-03", partnership=world.partnership.slug
        )
    assert Report.objects.count() == 1
