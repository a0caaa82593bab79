"""The outcomes API answers exactly as the pages do: same figures, same suppression, same scope."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from cls_portal.permissions import Role
from outcomes.models import ChangeStory, CostBenefitStudy, Report, StaffPulseResponse
from outcomes.reference import PULSE_ITEMS
from tests.outcomes import dataset
from tests.outcomes.factories import ChangeStoryFactory, CostBenefitStudyFactory, ReportFactory

FIGURES = reverse("api_outcomes_figures")
REPORTS = reverse("api_outcomes_reports")
STORIES = reverse("api_outcomes_stories")
PULSE = reverse("api_outcomes_pulse")
STUDIES = reverse("api_outcomes_studies")


@pytest.fixture
def api():
    def _api(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _api


@pytest.fixture
def data(world, make_user):
    return dataset.build(world, make_user)


def test_the_figures_endpoint_gives_the_core_data_set_with_suppression(users, api, data):
    response = api(users[Role.HSCP_LEAD]).get(FIGURES, {"period": "2026-03", "page_size": 200})
    assert response.status_code == 200
    rows = {(row["code"], row["breakdown"]): row for row in response.json()["results"]}
    median = rows[("wait_first_conversation.median_days", "")]
    assert (median["value"], median["shown"], median["suppressed"]) == (4.0, "4.0 days", False)
    waiting = rows[("waiting_list.open_at_end", "")]
    assert (waiting["value"], waiting["shown"], waiting["suppressed"]) == (None, "<5", True)
    assert rows[("footfall.total", "")]["value"] == 13
    assert rows[("footfall.total", "")]["scope_level"] == "partnership"


def test_the_figures_endpoint_narrows_to_a_locality(users, api, data):
    response = api(users[Role.HSCP_LEAD]).get(
        FIGURES, {"period": "2026-03", "locality": data.north.pk, "page_size": 200}
    )
    rows = {(r["code"], r["breakdown"]): r for r in response.json()["results"]}
    assert rows[("footfall.total", "")]["value"] == 7  # worked out in the figures tests
    assert rows[("footfall.total", "")]["scope_name"] == "North"


def test_the_figures_endpoint_refuses_case_roles_outsiders_and_bad_months(users, api, data):
    assert api(users[Role.PRACTITIONER]).get(FIGURES).status_code == 403
    outsider = api(users["outsider_hscp_lead"])
    assert outsider.get(FIGURES, {"locality": data.north.pk}).status_code == 404
    assert outsider.get(FIGURES, {"hub": data.h1.pk}).status_code == 404
    bad = api(users[Role.HSCP_LEAD]).get(FIGURES, {"period": "03/2026"})
    assert bad.status_code == 400
    assert "YYYY-MM" in str(bad.json())


@pytest.mark.usefixtures("jobs_in_process")  # made here even with a broker set
def test_a_lead_requests_a_report_through_the_api_and_polls_it(
    users, api, world, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # no broker: the task makes the report here, on commit
    client = api(users[Role.HSCP_LEAD])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REPORTS, {"kind": "waiting_list", "period": "2026-03"})
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    detail = client.get(reverse("api_outcomes_report", args=[response.json()["id"]])).json()
    assert detail["status"] == "done"
    assert len(detail["checksum"]) == 64
    assert detail["download_url"].endswith(f"/outcomes/reports/{detail['id']}/download/")
    assert client.get(REPORTS).json()["count"] == 1


def test_report_requests_with_bad_input_are_400s_that_save_nothing(users, api):
    client = api(users[Role.HSCP_LEAD])
    assert client.post(REPORTS, {"kind": "annual", "period": "2026-03"}).status_code == 400
    response = client.post(REPORTS, {"kind": "outcomes", "period": "2026-13"})
    assert response.status_code == 400
    assert "period" in response.json()
    response = client.post(REPORTS, {"kind": "outcomes", "period": "2026-03", "baseline": "2025"})
    assert response.status_code == 400
    assert "YYYY-MM" in str(response.json()["baseline"])
    future = (datetime.date.today() + datetime.timedelta(days=62)).strftime("%Y-%m")
    response = client.post(REPORTS, {"kind": "outcomes", "period": future})
    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_reports_through_the_api_follow_the_same_roles_and_scope(users, api, world):
    report = ReportFactory(partnership=world.partnership)
    detail = reverse("api_outcomes_report", args=[report.pk])
    assert api(users[Role.ADMIN]).get(detail).status_code == 200
    assert api(users[Role.HUB_WORKER]).get(detail).status_code == 403
    assert api(users[Role.HUB_WORKER]).post(REPORTS, {}).status_code == 403
    assert api(users["outsider_hscp_lead"]).get(detail).status_code == 404
    response = api(users["outsider_hscp_lead"]).post(
        REPORTS, {"kind": "outcomes", "period": "2026-03", "locality": world.locality.pk}
    )
    assert response.status_code == 404


def test_stories_through_the_api(users, api, world):
    shared = ChangeStoryFactory(locality=world.locality, outcomes=[1], consent_to_share=True)
    private = ChangeStoryFactory(locality=world.locality, outcomes=[2], consent_to_share=False)
    lead = api(users[Role.HSCP_LEAD])
    titles = [story["title"] for story in lead.get(STORIES).json()["results"]]
    assert titles == [shared.title]
    assert lead.get(reverse("api_outcomes_story", args=[private.pk])).status_code == 404
    assert lead.post(STORIES, {}).status_code == 403
    worker = api(users[Role.HUB_WORKER])
    body = {
        "title": "Company in the afternoons",
        "locality": world.locality.pk,
        "what_mattered": "Company.",
        "what_happened": "The men's shed.",
        "before_cls": "A day-centre place.",
        "outcomes": [2, 3],
    }
    created = worker.post(STORIES, body, format="json")
    assert created.status_code == 201
    assert created.json()["outcomes"] == [2, 3]
    assert created.json()["consent_to_share"] is False
    bad = worker.post(STORIES, body | {"locality": world.other_locality.pk}, format="json")
    assert bad.status_code == 400 and "locality" in bad.json()
    assert worker.post(STORIES, body | {"outcomes": []}, format="json").status_code == 400
    assert ChangeStory.objects.count() == 3
    outsider = api(users["outsider_hub_worker"])
    assert outsider.get(reverse("api_outcomes_story", args=[shared.pk])).status_code == 404


def test_the_staff_pulse_through_the_api(users, api, world):
    worker = api(users[Role.PRACTITIONER])
    body = {"locality": world.locality.pk, **dict.fromkeys(PULSE_ITEMS, 3)}
    assert worker.post(PULSE, body, format="json").status_code == 200
    assert worker.post(PULSE, body | {"trusted_to_decide": 5}, format="json").status_code == 200
    assert StaffPulseResponse.objects.get().trusted_to_decide == 5
    assert worker.post(PULSE, body | {"know_local_solutions": 6}, format="json").status_code == 400
    assert api(users[Role.HSCP_LEAD]).post(PULSE, body, format="json").status_code == 403


def test_cost_benefit_studies_through_the_api(users, api, world):
    lead = api(users[Role.HSCP_LEAD])
    created = lead.post(
        STUDIES,
        {
            "name": "Café hub",
            "period_start": "2025-04-01",
            "period_end": "2026-03-31",
            "people_seen_override": 120,
            "people_avoiding_budget": 3,
            "weekly_budget_value": "250.50",
        },
        format="json",
    )
    assert created.status_code == 201
    study = CostBenefitStudy.objects.get()
    costs = reverse("api_outcomes_study_costs", args=[study.pk])
    added = lead.post(
        costs, {"category": "revenue", "description": "Hub", "amount": "35000.10"}, format="json"
    )
    assert added.status_code == 201
    # 120 × 329 + 3 × 250.50 × 52 = 78,558 against 35,000.10 -> 2.24 (as in the selector tests).
    assert added.json()["ratio"] == "2.24"
    assert added.json()["total_benefits"] == "78558.00"
    negative = lead.post(costs, {"category": "revenue", "description": "x", "amount": "-1"})
    assert negative.status_code == 400
    assert study.cost_lines.count() == 1
    assert lead.get(STUDIES).json()["results"][0]["ratio_text"] == "£2.24 for every £1"
    assert api(users[Role.PRACTITIONER]).get(STUDIES).status_code == 403
    detail = reverse("api_outcomes_study", args=[study.pk])
    assert api(users["outsider_hscp_lead"]).get(detail).status_code == 404


def test_the_study_list_api_is_bounded(users, api, world, django_assert_max_num_queries):
    for index in range(20):
        CostBenefitStudyFactory(
            partnership=world.partnership, people_seen_override=index,
            weekly_budget_value=Decimal("10.00"),
        )  # fmt: skip
    client = api(users[Role.HSCP_LEAD])
    with django_assert_max_num_queries(8):  # one grouped costs query for the whole page
        assert client.get(STUDIES).json()["count"] == 20


def test_the_openapi_schema_is_valid_with_our_endpoints(db):
    import io

    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert "/api/v1/outcomes/figures/" in out.getvalue()
