"""Factories for peer-forum records (the shared ones live in tests/factories.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from peer_forum.models import Decision, ForumMeeting, FundingRequest, PeerForum
from tests.factories import EpisodeFactory, LocalityFactory


class PeerForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeerForum
        skip_postgeneration_save = True

    locality = factory.SubFactory(LocalityFactory)
    partnership = factory.SelfAttribute("locality.partnership")
    name = factory.Sequence(lambda n: f"Peer forum {n}")
    delegated_weekly_limit = Decimal("600.00")
    delegated_one_off_limit = Decimal("2000.00")
    quorum = 2

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class ForumMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumMeeting
        skip_postgeneration_save = True

    forum = factory.SubFactory(PeerForumFactory)
    held_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def attendees(self, create, extracted, **kwargs):
        if create and extracted:
            self.attendees.set(extracted)


class FundingRequestFactory(factory.django.DjangoModelFactory):
    """A long-term request waiting for its forum (use the traits for other types)."""

    class Meta:
        model = FundingRequest

    episode = factory.SubFactory(EpisodeFactory)
    forum = factory.SubFactory(
        PeerForumFactory,
        locality=factory.SelfAttribute("..episode.locality"),
    )
    status = FundingRequest.Status.SUBMITTED
    outcomes_sought = "To stay at home and get out to the lunch club twice a week."
    counterfactual_service = FundingRequest.ServiceType.HOME_CARE
    counterfactual_weekly_cost = Decimal("450.00")
    proposed_weekly_cost = Decimal("120.00")
    intervention_type = FundingRequest.Type.LONG_TERM
    sds_option = FundingRequest.SdsOption.COUNCIL_ARRANGES
    start_on = factory.LazyFunction(timezone.localdate)
    review_on = factory.LazyAttribute(lambda o: o.start_on + datetime.timedelta(days=91))
    submitted_on = factory.LazyFunction(timezone.localdate)

    class Params:
        short_term = factory.Trait(
            intervention_type=FundingRequest.Type.SHORT_TERM,
            counterfactual_service=FundingRequest.ServiceType.RESPITE,
            short_term_weeks=4,
        )
        one_off = factory.Trait(
            intervention_type=FundingRequest.Type.ONE_OFF,
            counterfactual_service=FundingRequest.ServiceType.RESPITE,
            counterfactual_weekly_cost=None,
            proposed_weekly_cost=None,
            counterfactual_one_off_cost=Decimal("1100.00"),
            proposed_one_off_cost=Decimal("400.00"),
            review_on=None,
        )
        draft = factory.Trait(status=FundingRequest.Status.DRAFT, forum=None, submitted_on=None)


def decide(
    request: FundingRequest,
    *,
    on: datetime.date,
    outcome: str = Decision.Outcome.APPROVE,
    amount: Decimal | None = None,
    round: int = 1,
) -> Decision:
    """Store a decision directly (selector tests; the service is tested on its own).
    ``amount`` is the approved weekly (or one-off) amount; it defaults to the request's."""
    approved = amount if amount is not None else request.requested_amount
    is_approval = outcome in Decision.APPROVALS
    meeting = ForumMeetingFactory(forum=request.forum, held_on=on)
    decision = Decision.objects.create(
        request=request,
        meeting=meeting,
        round=round,
        outcome=outcome,
        approved_weekly_amount=approved if is_approval and not request.is_one_off else None,
        approved_one_off_amount=approved if is_approval and request.is_one_off else None,
        rationale="Agreed by the forum.",
        members_present=request.forum.quorum,
        decided_on=on,
        days_to_decision=(on - request.submitted_on).days,
    )
    status = {
        Decision.Outcome.APPROVE: FundingRequest.Status.APPROVED,
        Decision.Outcome.APPROVE_WITH_CHANGES: FundingRequest.Status.APPROVED,
        Decision.Outcome.DEFER: FundingRequest.Status.DEFERRED,
        Decision.Outcome.DECLINE: FundingRequest.Status.DECLINED,
        Decision.Outcome.ESCALATE: FundingRequest.Status.ESCALATED,
    }[outcome]
    FundingRequest.objects.filter(pk=request.pk).update(status=status)
    return decision
