"""The cost-benefit arithmetic of DESIGN §5, worked by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from outcomes.models import CostLine
from outcomes.selectors.cost_benefit import cost_benefit_summary
from tests.factories import HubFactory, HubSessionFactory
from tests.outcomes.factories import CostBenefitStudyFactory, CostLineFactory

D = datetime.date


@pytest.fixture
def hub(world):
    return HubFactory(locality=world.locality)


def _lines(study, *amounts):
    categories = list(CostLine.Category.values)
    for index, amount in enumerate(amounts):
        CostLineFactory(study=study, category=categories[index % 5], amount=Decimal(amount))


def test_benefits_costs_and_the_ratio_to_two_decimal_places(world, hub):
    # Benefits: 120 people × £329 = £39,480; 3 people × £250.50 a week × 52 = £39,078.
    # Total £78,558. Costs: 20,000 + 5,000.10 + 10,000 = £35,000.10.
    # Ratio 78,558 / 35,000.10 = 2.24451... -> £2.24 for every £1.
    study = CostBenefitStudyFactory(
        partnership=world.partnership, hub=hub, people_seen_override=120,
        people_avoiding_budget=3, weekly_budget_value=Decimal("250.50"),
    )  # fmt: skip
    _lines(study, "20000.00", "5000.10", "10000.00")
    summary = cost_benefit_summary(study)
    assert summary.assessment_benefit == Decimal("39480.00")
    assert summary.budget_benefit == Decimal("39078.00")
    assert summary.total_benefits == Decimal("78558.00")
    assert summary.total_costs == Decimal("35000.10")
    assert summary.ratio == Decimal("2.24")
    assert summary.ratio_text == "£2.24 for every £1"
    assert summary.people_seen_is_footfall is False


def test_the_ratio_rounds_half_up(world, hub):
    # 1 person × £329 against costs of £200 = 1.645 -> 1.65 (halves up, not to even).
    study = CostBenefitStudyFactory(partnership=world.partnership, people_seen_override=1)
    _lines(study, "200.00")
    assert cost_benefit_summary(study).ratio == Decimal("1.65")


def test_people_seen_defaults_to_the_hub_footfall_for_the_study_period(world, hub):
    # Sessions in the period: 7 + 11 anonymous; one the day after the period ends does not
    # count, nor does another hub's. 18 people × £329 = £5,922; costs £2,961 -> 2.00.
    HubSessionFactory(hub=hub, date=D(2025, 4, 1), anonymous_count=7)
    HubSessionFactory(hub=hub, date=D(2026, 3, 31), anonymous_count=11)
    HubSessionFactory(hub=hub, date=D(2026, 4, 1), anonymous_count=50)
    HubSessionFactory(
        hub=HubFactory(locality=world.locality), date=D(2025, 6, 1), anonymous_count=9
    )
    study = CostBenefitStudyFactory(partnership=world.partnership, hub=hub)
    _lines(study, "2961.00")
    summary = cost_benefit_summary(study)
    assert summary.people_seen == 18
    assert summary.people_seen_is_footfall is True
    assert summary.total_benefits == Decimal("5922.00")
    assert summary.ratio == Decimal("2.00")


def test_a_study_with_no_costs_has_no_ratio_yet(world):
    study = CostBenefitStudyFactory(partnership=world.partnership, people_seen_override=10)
    summary = cost_benefit_summary(study)
    assert summary.total_costs == Decimal("0.00")
    assert summary.ratio is None
    assert summary.ratio_text == "No costs entered yet"


def test_costs_are_totalled_by_category_in_whole_pence(world):
    # 0.10 + 0.20 in revenue must be exactly 0.30 (no float creep on SQLite).
    study = CostBenefitStudyFactory(partnership=world.partnership, people_seen_override=0)
    CostLineFactory(study=study, category=CostLine.Category.REVENUE, amount=Decimal("0.10"))
    CostLineFactory(study=study, category=CostLine.Category.REVENUE, amount=Decimal("0.20"))
    CostLineFactory(study=study, category=CostLine.Category.CAPITAL, amount=Decimal("5.00"))
    summary = cost_benefit_summary(study)
    assert summary.costs_by_category == [
        ("capital", "Capital", Decimal("5.00")),
        ("revenue", "Revenue", Decimal("0.30")),
    ]
    assert summary.total_costs == Decimal("5.30")
    assert summary.ratio == Decimal("0.00")
