"""What a board reads: targets (set by a lead or admin), the report's summary in words rated red,
amber or green, a series with no data, and the reports page."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from outcomes.charts import trend_svg
from outcomes.models import Report, Target
from outcomes.pdf import report_html
from outcomes.periods import Month, Scope
from outcomes.presentation.board import rag, summary_lines
from outcomes.selectors.core_data_set import outcome_figures
from outcomes.services.board import target_set
from tests.conversations.factories import WaitingListEntryFactory
from tests.factories import EpisodeFactory, PersonFactory, WaitingListFactory
from tests.outcomes.factories import ReportFactory

D = datetime.date
TARGETS = reverse("outcomes:targets")


def _target(value, higher=True, margin="10.0"):
    return Target(code="x", value=Decimal(value), higher_is_better=higher,
                  amber_margin=Decimal(margin))  # fmt: skip


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (Decimal("60"), _target("50"), "green"),
        (Decimal("46"), _target("50"), "amber"),  # within 10% (45 or more)
        (Decimal("44.9"), _target("50"), "red"),
        (30, _target("30", higher=False), "green"),  # people waiting: lower is better
        (32, _target("30", higher=False), "amber"),  # within 10% (33 or less)
        (34, _target("30", higher=False), "red"),
        (None, _target("30"), "none"),  # suppressed or not measured: nothing to rate
        (30, None, ""),  # no target set
    ],
)
def test_red_amber_green_against_a_target(value, target, expected):
    assert rag(value, target) == expected


@pytest.fixture
def waiting(world):
    """48 people on a list at the end of August 2026, 30 at the end of October."""
    waiting_list = WaitingListFactory(partnership=world.partnership, name="Assessments")
    for n in range(48):
        episode = EpisodeFactory(person=PersonFactory(locality=world.locality))
        WaitingListEntryFactory(
            waiting_list=waiting_list, episode=episode, added_on=D(2026, 8, 3),
            removed_on=D(2026, 9, 15) if n < 18 else None,
        )  # fmt: skip


def test_the_summary_says_what_changed_in_words_and_rates_it(world, waiting):
    figures = outcome_figures(
        month=Month(2026, 10), scope=Scope(partnership_id=world.partnership.pk),
        baseline=Month(2026, 8),
    )  # fmt: skip
    target = Target(partnership=world.partnership, code="waiting_list.open_at_end",
                    value=Decimal("25"), higher_is_better=False)  # fmt: skip
    lines = {line.code: line for line in summary_lines(figures, targets={target.code: target})}
    waiting_line = lines["waiting_list.open_at_end"]
    assert waiting_line.sentence == "People waiting fell from 48 to 30 (−37.5%) since August 2026."
    assert (waiting_line.target, waiting_line.rag) == ("25", "red")  # 30 is over 25 + 10%
    assert lines["footfall.total"].sentence == (
        "People seen at hub sessions stayed at 0 since August 2026."
    )
    assert lines["footfall.total"].rag == ""  # no target set for it


def test_the_outcomes_pdf_opens_with_the_summary(world, waiting):
    Target.objects.create(partnership=world.partnership, code="waiting_list.open_at_end",
                          value=Decimal("31"), higher_is_better=False)  # fmt: skip
    report = ReportFactory(kind=Report.Kind.OUTCOMES, partnership=world.partnership,
                           period=D(2026, 10, 1), baseline=D(2026, 8, 1))  # fmt: skip
    html = report_html(report, generated_on=D(2026, 11, 1))
    summary = html.index('id="summary"')
    assert summary < html.index('id="at-a-glance"')
    assert "People waiting fell from 48 to 30 (−37.5%) since August 2026." in html
    assert "Green: meets the target" in html
    # The cover title: the kind and the month each on a line of their own.
    assert (
        '<span class="kind">Outcomes report</span> <span class="period">October 2026</span>' in html
    )


def test_a_series_with_no_data_says_so_rather_than_drawing_a_flat_zero():
    svg = trend_svg(title="Take-up", labels=["Jan", "Feb"], values=[None, None], key="t")
    assert "No data" in svg
    drawn = trend_svg(title="Take-up", labels=["Jan", "Feb"], values=[Decimal("40"), None], key="u")
    assert "No data" not in drawn


def test_a_lead_sets_changes_and_removes_a_target(users, login, world):
    client = login(users[Role.HSCP_LEAD])
    form = {"code": "waiting_list.open_at_end", "value": "30", "higher_is_better": "no",
            "amber_margin": "10"}  # fmt: skip
    assert client.post(TARGETS, form).status_code == 302
    assert client.post(TARGETS, form | {"value": "25"}).status_code == 302
    target = Target.objects.get()
    assert (target.value, target.higher_is_better) == (Decimal("25.00"), False)
    assert AuditEntry.objects.filter(model="outcomes.target").count() == 2
    page = client.get(TARGETS).content.decode()
    assert "People on a waiting list at the month&#x27;s end" in page
    response = client.post(reverse("outcomes:target_remove", args=[target.pk]))
    assert response.status_code == 302 and not Target.objects.exists()


def test_a_bad_target_is_explained_and_saves_nothing(users, login):
    client = login(users[Role.ADMIN])
    page = client.post(TARGETS, {"code": "not.a.figure", "value": "x"}).content.decode()
    assert "There is a problem" in page
    assert not Target.objects.exists()
    with pytest.raises(ValidationError):
        target_set(actor=users[Role.ADMIN], code="footfall.total", value=Decimal("5"),
                   amber_margin=Decimal("-1"))  # fmt: skip
    assert not Target.objects.exists()


def test_another_partnerships_target_is_not_found_and_case_roles_may_not_set_targets(users, login):
    theirs = target_set(actor=users["outsider_admin"], code="footfall.total", value=Decimal("5"))
    response = login(users[Role.ADMIN]).post(reverse("outcomes:target_remove", args=[theirs.pk]))
    assert response.status_code == 404
    assert Target.objects.filter(pk=theirs.pk).exists()
    assert login(users[Role.PRACTITIONER]).get(TARGETS).status_code == 403


def test_the_reports_page_shows_request_a_report_open(users, login):
    page = login(users[Role.HSCP_LEAD]).get(reverse("outcomes:report_list")).content.decode()
    assert '<details class="panel request-panel" open>' in page


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (Report.Status.DONE, "is ready: download it from the list below."),
        (Report.Status.FAILED, "could not be made. Try again from the list below."),
        (Report.Status.QUEUED, "is being made. This page shows when it is ready."),
    ],
)
def test_the_message_after_a_request_says_what_the_row_says(
    users, login, world, monkeypatch, status, said
):
    """The job is sent on commit and may already have run (eagerly, or on a quick worker)."""
    report = ReportFactory(partnership=world.partnership)
    if status == Report.Status.DONE:
        report.file.save("done.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        report.checksum = "0" * 64
    report.status = status
    report.save()
    monkeypatch.setattr("outcomes.views.reports.report_request", lambda **kwargs: report)
    client = login(users[Role.HSCP_LEAD])
    form = {"kind": "outcomes", "period": "2026-03", "place": "", "baseline": ""}
    page = client.post(reverse("outcomes:report_list"), form, follow=True).content.decode()
    assert said in page
