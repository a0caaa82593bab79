"""The outcomes demo data: enough to make every section of the dashboard meaningful."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from hubs.models import Partnership
from outcomes.models import ChangeStory, CostBenefitStudy, Report, StaffPulseResponse
from outcomes.periods import Month, MonthRange, Scope
from outcomes.selectors.cost_benefit import cost_benefit_summary
from outcomes.selectors.figures import staff_pulse

TODAY = datetime.date(2026, 11, 1)


@pytest.mark.django_db
def test_the_demo_has_shareable_stories_a_pulse_that_passes_suppression_and_a_study():
    call_command("seed_demo", today=TODAY, stdout=io.StringIO(), quiet_logins=True)
    stories = ChangeStory.objects.all()
    assert stories.filter(consent_to_share=True).exists()
    assert stories.filter(consent_to_share=False).exists()
    assert all(story.outcome_links.exists() for story in stories)
    last = Month.last_full(TODAY)
    scope = Scope(partnership_id=Partnership.objects.get(slug="riverside").pk)
    assert staff_pulse(months=MonthRange.single(last), scope=scope)[last].responses >= 5
    # one answer per person per month, never more
    assert StaffPulseResponse.objects.count() == len(
        set(StaffPulseResponse.objects.values_list("respondent", "month"))
    )
    summary = cost_benefit_summary(CostBenefitStudy.objects.get())
    assert summary.people_seen_is_footfall and summary.people_seen > 0
    assert summary.ratio is not None and summary.ratio > 1
    assert Report.objects.count() == 0  # reports are requested, not seeded
