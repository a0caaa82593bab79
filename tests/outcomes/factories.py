"""Factories for the outcomes app's own records (those of other apps are in their factories)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from outcomes.models import (
    ChangeStory,
    ChangeStoryOutcome,
    CostBenefitStudy,
    CostLine,
    Report,
    StaffPulseResponse,
)
from tests.factories import LocalityFactory


class ChangeStoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChangeStory
        skip_postgeneration_save = True

    locality = factory.SubFactory(LocalityFactory)
    partnership = factory.SelfAttribute("locality.partnership")
    title = factory.Sequence(lambda n: f"Story {n}")
    told_on = factory.LazyFunction(timezone.localdate)
    what_mattered = "Getting back to the allotment."
    what_happened = "A neighbour now drives her there on Saturdays."
    before_cls = "A six-week wait for an assessment and a care package."
    consent_to_share = True

    @factory.post_generation
    def outcomes(self, create, extracted, **kwargs):
        if create and extracted:
            ChangeStoryOutcome.objects.bulk_create(
                ChangeStoryOutcome(story=self, outcome=number) for number in extracted
            )


class StaffPulseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffPulseResponse

    partnership = factory.SelfAttribute("respondent.partnership")
    month = datetime.date(2026, 3, 1)
    trusted_to_decide = 4
    time_for_conversations = 4
    know_local_solutions = 4
    confident_strengths = 4
    supported_by_team = 4


class CostBenefitStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostBenefitStudy

    name = factory.Sequence(lambda n: f"Study {n}")
    period_start = datetime.date(2025, 4, 1)
    period_end = datetime.date(2026, 3, 31)
    unit_cost_of_assessment = Decimal("329.00")


class CostLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostLine

    study = factory.SubFactory(CostBenefitStudyFactory)
    category = CostLine.Category.REVENUE
    description = "Hub co-ordinator"
    amount = Decimal("1000.00")


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    kind = Report.Kind.WAITING_LIST  # the shorter PDF: quicker tests
    period = datetime.date(2026, 3, 1)
    status = Report.Status.QUEUED


# ---- programme ----
class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outcomes.Programme"

    name = factory.Sequence(lambda n: f"CLS Network {n}")
    slug = factory.Sequence(lambda n: f"cls-network-{n}")


class ProgrammeSharingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outcomes.ProgrammeSharing"

    programme = factory.SubFactory(ProgrammeFactory)
    partnership = factory.SubFactory("tests.factories.PartnershipFactory")
    sharing = True
