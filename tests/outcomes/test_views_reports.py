"""The reports page: request, watch the status change (htmx polling), download, retry.

No broker in these tests: a queued report is made in-process by the task once the request's
transaction commits (the tests run the on-commit callbacks with
``django_capture_on_commit_callbacks``, or commit for real where the request itself must be seen
to survive the task's failure)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from outcomes import pdf as report_pdf
from outcomes.models import Report
from outcomes.services.reports import report_generate
from outcomes.tasks import MAX_RETRIES
from tests.outcomes.factories import ReportFactory

REPORTS = reverse("outcomes:report_list")
pytestmark = pytest.mark.usefixtures("jobs_in_process")  # made here even with a broker set


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def done_report(world):
    report = ReportFactory(partnership=world.partnership, kind=Report.Kind.WAITING_LIST)
    return report_generate(report_id=report.pk, generated_on=datetime.date(2026, 4, 2))


@pytest.mark.parametrize("role", [Role.HSCP_LEAD, Role.ADMIN])
def test_leads_and_admins_see_the_reports_page(users, login, role, done_report):
    page = login(users[role]).get(REPORTS)
    assert page.status_code == 200
    assert "Waiting-list report, March 2026" in page.content.decode()


@pytest.mark.parametrize("role", [Role.HUB_WORKER, Role.PRACTITIONER, Role.FORUM_MANAGER])
def test_case_roles_may_not_see_request_or_download_reports(users, login, role, done_report):
    client = login(users[role])
    assert client.get(REPORTS).status_code == 403
    assert client.post(REPORTS, {"kind": "outcomes", "period": "2026-03"}).status_code == 403
    download = reverse("outcomes:report_download", args=[done_report.pk])
    assert client.get(download).status_code == 403


def test_a_lead_of_another_partnership_cannot_see_or_download_our_reports(
    users, login, done_report
):
    client = login(users["outsider_hscp_lead"])
    page = client.get(REPORTS).content.decode()
    assert "Waiting-list report, March 2026" not in page and "No reports yet." in page
    download = reverse("outcomes:report_download", args=[done_report.pk])
    assert client.get(download).status_code == 404
    retry = reverse("outcomes:report_retry", args=[done_report.pk])
    assert client.post(retry).status_code == 404


def test_a_lead_requests_a_report_and_it_is_made(
    users, login, world, django_capture_on_commit_callbacks
):
    client = login(users[Role.HSCP_LEAD])
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(
            REPORTS, {"kind": "outcomes", "period": "2026-03", "place": "", "baseline": ""}
        )
    assert len(queued) == 1
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.kind, report.period, report.requested_by) == (
        "outcomes",
        datetime.date(2026, 3, 1),
        users[Role.HSCP_LEAD],
    )
    assert report.status == Report.Status.DONE
    page = client.get(REPORTS).content.decode()
    assert "is being made" in page
    assert reverse("outcomes:report_download", args=[report.pk]) in page


def failing_renders(monkeypatch, *, times: int) -> list[int]:
    """Make rendering fail ``times`` times, then work; returns the list of attempts made."""
    real = report_pdf.render_report_pdf
    attempts: list[int] = []

    def render(report, **kwargs):
        attempts.append(report.pk)
        if len(attempts) <= times:
            raise OSError("the renderer broke")
        return real(report, **kwargs)

    monkeypatch.setattr(report_pdf, "render_report_pdf", render)
    return attempts


REQUEST = {"kind": "waiting_list", "period": "2026-03", "place": "", "baseline": ""}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep reference data
def test_a_report_that_fails_once_in_process_is_retried_within_the_request_and_made(
    users, login, monkeypatch
):
    attempts = failing_renders(monkeypatch, times=1)
    response = login(users[Role.HSCP_LEAD]).post(REPORTS, REQUEST)  # commits: the task runs
    assert response.status_code == 302
    report = Report.objects.get()
    assert len(attempts) == 2
    assert (report.status, report.attempts, report.error_message) == (Report.Status.DONE, 2, "")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep reference data
def test_a_report_that_keeps_failing_in_process_ends_failed_and_the_request_still_answers(
    users, login, monkeypatch
):
    attempts = failing_renders(monkeypatch, times=MAX_RETRIES + 1)
    client = login(users[Role.HSCP_LEAD])
    response = client.post(REPORTS, REQUEST)
    assert response.status_code == 302  # the task's exception never reached the page
    report = Report.objects.get()
    assert len(attempts) == MAX_RETRIES + 1
    assert (report.status, report.attempts) == (Report.Status.FAILED, MAX_RETRIES + 1)
    assert "Try again" in client.get(response["Location"]).content.decode()


def test_a_request_with_a_bad_month_is_explained_and_saves_nothing(users, login):
    response = login(users[Role.HSCP_LEAD]).post(
        REPORTS, {"kind": "outcomes", "period": "someday", "place": ""}
    )
    assert response.status_code == 200
    assert "from the list" in response.content.decode()
    assert Report.objects.count() == 0


def test_a_request_for_another_partnerships_locality_is_a_404(users, login, world):
    response = login(users["outsider_hscp_lead"]).post(
        REPORTS, {"kind": "outcomes", "period": "2026-03", "place": f"locality={world.locality.pk}"}
    )
    assert response.status_code == 404
    assert Report.objects.count() == 0


def test_the_table_polls_only_while_a_report_is_queued_or_running(users, login, world):
    client = login(users[Role.HSCP_LEAD])
    report = ReportFactory(partnership=world.partnership, status=Report.Status.RUNNING)
    fragment = client.get(REPORTS, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert "<html" not in fragment
    assert 'aria-live="polite"' in fragment and "Running" in fragment
    Report.objects.filter(pk=report.pk).update(status=Report.Status.FAILED)
    fragment = client.get(REPORTS, HTTP_HX_REQUEST="true").content.decode()
    assert "every 2s" not in fragment
    assert "Try again" in fragment


def test_a_boosted_link_or_a_history_restore_gets_the_whole_reports_page(users, login):
    client = login(users[Role.HSCP_LEAD])
    for header in ({"HTTP_HX_BOOSTED": "true"}, {"HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}):
        page = client.get(REPORTS, HTTP_HX_REQUEST="true", **header).content.decode()
        assert "<html" in page


def test_downloading_a_report_serves_the_pdf_and_writes_the_access_log(users, login, done_report):
    lead = users[Role.HSCP_LEAD]
    response = login(lead).get(reverse("outcomes:report_download", args=[done_report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DOWNLOAD)
    assert (entry.actor, entry.model, entry.object_id) == (
        lead,
        "outcomes.report",
        str(done_report.pk),
    )


def test_a_report_not_ready_cannot_be_downloaded(users, login, world):
    report = ReportFactory(partnership=world.partnership, status=Report.Status.QUEUED)
    response = login(users[Role.HSCP_LEAD]).get(
        reverse("outcomes:report_download", args=[report.pk])
    )
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DOWNLOAD).exists()


def test_a_failed_report_is_retried_from_the_page(
    users, login, world, django_capture_on_commit_callbacks
):
    report = ReportFactory(
        partnership=world.partnership, status=Report.Status.FAILED, error_message="It failed."
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = login(users[Role.HSCP_LEAD]).post(
            reverse("outcomes:report_retry", args=[report.pk])
        )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.DONE  # queued again, and made in-process


def test_the_reports_list_runs_a_bounded_number_of_queries(
    users, login, world, make_user, django_assert_max_num_queries
):
    for index in range(30):
        ReportFactory(
            partnership=world.partnership,
            requested_by=make_user(Role.HSCP_LEAD),
            locality=world.locality if index % 2 else None,
            status=Report.Status.FAILED,
        )
    client = login(users[Role.HSCP_LEAD])
    with django_assert_max_num_queries(12):
        response = client.get(REPORTS)
    assert response.content.decode().count("Try again") == 25  # one page


def test_the_navigation_marks_only_reports_as_the_current_page(users, login):
    page = login(users[Role.HSCP_LEAD]).get(REPORTS).content.decode()
    assert page.count('aria-current="page"') == 1
    assert '<a href="/outcomes/reports/" aria-current="page">Reports</a>' in page
