"""Cost-benefit studies: leads and admins set them up, add costs, and read the ratio."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from outcomes.models import CostBenefitStudy, CostLine
from tests.factories import HubFactory
from tests.outcomes.factories import CostBenefitStudyFactory, CostLineFactory

STUDIES = reverse("outcomes:study_list")
NEW = reverse("outcomes:study_create")


@pytest.fixture
def study(world):
    return CostBenefitStudyFactory(
        partnership=world.partnership, people_seen_override=100, people_avoiding_budget=5,
        weekly_budget_value=Decimal("80.00"),
    )  # fmt: skip


def study_form(**overrides):
    return {
        "name": "Library hub, first year",
        "locality": "",
        "hub": "",
        "period_start": "2025-04-01",
        "period_end": "2026-03-31",
        "unit_cost_of_assessment": "329.00",
        "people_seen_override": "",
        "people_avoiding_budget": "3",
        "weekly_budget_value": "250.50",
        "budget_weeks": "52",
        "notes": "",
    } | overrides


@pytest.mark.parametrize("role", [Role.HSCP_LEAD, Role.ADMIN])
def test_leads_and_admins_create_a_study(users, login, world, role):
    client = login(users[role])
    assert client.get(STUDIES).status_code == 200
    assert client.get(NEW).status_code == 200
    hub = HubFactory(locality=world.locality)
    response = client.post(NEW, study_form(hub=hub.pk))
    study = CostBenefitStudy.objects.get()
    assert response.status_code == 302
    assert (study.hub, study.partnership, study.people_seen_override) == (
        hub,
        world.partnership,
        None,
    )
    assert study.weekly_budget_value == Decimal("250.50")
    assert AuditEntry.objects.filter(model="outcomes.costbenefitstudy", action="create").exists()


@pytest.mark.parametrize("role", [Role.HUB_WORKER, Role.PRACTITIONER, Role.FORUM_MANAGER])
def test_case_roles_may_not_see_studies(users, login, role, study):
    client = login(users[role])
    assert client.get(STUDIES).status_code == 403
    assert client.get(reverse("outcomes:study_detail", args=[study.pk])).status_code == 403


def test_a_lead_of_another_partnership_gets_404(users, login, study):
    client = login(users["outsider_hscp_lead"])
    assert client.get(reverse("outcomes:study_detail", args=[study.pk])).status_code == 404
    assert client.get(reverse("outcomes:study_edit", args=[study.pk])).status_code == 404


def test_negative_money_or_a_backwards_period_is_explained_and_nothing_is_saved(users, login):
    client = login(users[Role.HSCP_LEAD])
    response = client.post(NEW, study_form(weekly_budget_value="-5"))
    assert "greater than or equal to 0" in response.content.decode()
    response = client.post(NEW, study_form(period_end="2025-01-01"))
    assert "The end date must be on or after the start." in response.content.decode()
    assert CostBenefitStudy.objects.count() == 0


def test_the_study_page_shows_every_parameter_and_the_ratio(users, login, study):
    # 100 × £329 = £32,900; 5 × £80 × 52 = £20,800; benefits £53,700. Costs £24,000 -> 2.24.
    CostLineFactory(study=study, amount=Decimal("20000.00"))
    CostLineFactory(study=study, category=CostLine.Category.IN_KIND, amount=Decimal("4000.00"))
    page = login(users[Role.HSCP_LEAD]).get(reverse("outcomes:study_detail", args=[study.pk]))
    text = page.content.decode()
    assert "£2.24 for every £1" in text
    assert "100 people seen (entered) × £329.00" in text
    assert "5 people × £80.00 a week × 52 weeks" in text
    assert "£53,700.00" in text and "£24,000.00" in text


def test_adding_a_cost_with_htmx_returns_the_updated_figures(users, login, study):
    url = reverse("outcomes:study_detail", args=[study.pk])
    client = login(users[Role.HSCP_LEAD])
    response = client.post(
        url,
        {"category": "revenue", "description": "Connector", "amount": "26850.00"},
        HTTP_HX_REQUEST="true",
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text
    assert "£2.00 for every £1" in text  # 53,700 / 26,850
    assert study.cost_lines.get().amount == Decimal("26850.00")


def test_a_negative_cost_is_refused_with_the_form_shown_again(users, login, study):
    url = reverse("outcomes:study_detail", args=[study.pk])
    response = login(users[Role.HSCP_LEAD]).post(
        url, {"category": "revenue", "description": "Refund", "amount": "-10"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200
    assert "greater than or equal to 0" in response.content.decode()
    assert not study.cost_lines.exists()


def test_removing_a_cost_is_audited(users, login, study):
    line = CostLineFactory(study=study)
    url = reverse("outcomes:cost_line_remove", args=[study.pk, line.pk])
    response = login(users[Role.HSCP_LEAD]).post(url)
    assert response.status_code == 302
    assert not CostLine.objects.exists()
    assert AuditEntry.objects.filter(model="outcomes.costline", action="delete").exists()


def test_changing_the_parameters(users, login, study):
    url = reverse("outcomes:study_edit", args=[study.pk])
    client = login(users[Role.HSCP_LEAD])
    assert client.get(url).status_code == 200
    response = client.post(url, study_form(name=study.name, unit_cost_of_assessment="300.00"))
    assert response.status_code == 302
    study.refresh_from_db()
    assert study.unit_cost_of_assessment == Decimal("300.00")
    assert study.people_seen_override is None  # blank now means "use the footfall"


def test_the_study_list_is_bounded(users, login, world, django_assert_max_num_queries):
    hub = HubFactory(locality=world.locality)
    for _ in range(30):
        CostBenefitStudyFactory(partnership=world.partnership, hub=hub, locality=world.locality)
    client = login(users[Role.HSCP_LEAD])
    with django_assert_max_num_queries(8):
        page = client.get(STUDIES).content.decode()
    assert "Page 1 of 2" in page


def test_people_seen_from_a_small_footfall_are_suppressed_with_what_is_worked_out_from_them(
    users, login, world
):
    """3 people seen (the hub footfall): "<5", and the assessments avoided (3 × £329), the total
    benefits and the ratio are withheld. The budgets avoided (6 people) stay shown: with the total
    hidden too, total − budgets gives nothing away."""
    from tests.factories import HubSessionFactory

    hub = HubFactory(locality=world.locality)
    HubSessionFactory(hub=hub, date=datetime.date(2025, 6, 3), anonymous_count=3)
    study = CostBenefitStudyFactory(
        partnership=world.partnership, hub=hub, people_avoiding_budget=6,
        weekly_budget_value=Decimal("100.00"), period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2026, 3, 31),
    )  # fmt: skip
    CostLineFactory(study=study, amount=Decimal("1000.00"))
    page = login(users[Role.HSCP_LEAD]).get(reverse("outcomes:study_detail", args=[study.pk]))
    text = page.content.decode()
    assert "&lt;5 people seen (hub footfall for the period)" in text
    assert "£987.00" not in text  # 3 × £329
    assert "£31,200.00" in text  # 6 × £100 × 52
    assert "£32,187.00" not in text  # the total benefits
    assert "for every £1" not in text and "Benefit–cost ratio withheld" in text
