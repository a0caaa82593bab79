"""Factories for the pathway's records (the shared ones are in tests/factories.py)."""

from __future__ import annotations

import factory
from django.utils import timezone

from conversations.models import (
    CrisisPlan,
    OutcomeReview,
    PersonalOutcome,
    Signpost,
    SupportPlan,
    WaitingListEntry,
    WellbeingScore,
)
from tests.factories import (
    CommunitySolutionFactory,
    ConversationFactory,
    EpisodeFactory,
    WaitingListFactory,
)


class CrisisPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrisisPlan

    conversation = factory.SubFactory(ConversationFactory, kind=2)
    episode = factory.SelfAttribute("conversation.episode")
    plan = "Daily phone call; carer's centre to visit on Tuesday."
    rag = CrisisPlan.Rag.AMBER
    review_by = factory.LazyFunction(timezone.localdate)


class SupportPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportPlan

    conversation = factory.SubFactory(ConversationFactory, kind=3)
    episode = factory.SelfAttribute("conversation.episode")
    summary = "Two mornings a week at the men's shed, with transport."


class SignpostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signpost

    episode = factory.SubFactory(EpisodeFactory)
    conversation = factory.SubFactory(
        ConversationFactory, episode=factory.SelfAttribute("..episode")
    )
    solution = factory.SubFactory(
        CommunitySolutionFactory, partnership=factory.SelfAttribute("..episode.partnership")
    )
    created_on = factory.LazyFunction(timezone.localdate)


class PersonalOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonalOutcome

    episode = factory.SubFactory(EpisodeFactory)
    statement = "Not to be lonely"
    created_on = factory.LazyFunction(timezone.localdate)


class OutcomeReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeReview

    outcome = factory.SubFactory(PersonalOutcomeFactory)
    reviewed_on = factory.LazyFunction(timezone.localdate)
    status = OutcomeReview.Status.PARTLY_MET


class WaitingListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WaitingListEntry

    episode = factory.SubFactory(EpisodeFactory)
    waiting_list = factory.SubFactory(
        WaitingListFactory, partnership=factory.SelfAttribute("..episode.partnership")
    )
    added_on = factory.LazyFunction(timezone.localdate)


class WellbeingScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WellbeingScore

    episode = factory.SubFactory(EpisodeFactory)
    measure = WellbeingScore.Measure.ONS4
    recorded_on = factory.LazyFunction(timezone.localdate)
    life_satisfaction = 6
    worthwhile = 7
    happiness = 5
    anxiety = 4
