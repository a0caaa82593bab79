"""One person with one record of every kind linked to them (the trust tests walk these)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from conversations.models import (
    Amendment,
    CarerLink,
    ConsentRecord,
    Conversation,
    CrisisPlan,
    Episode,
    HubBooking,
    OutcomeReview,
    Person,
    PersonalOutcome,
    PersonMerge,
    Referral,
    Signpost,
    SupportPlan,
    WaitingListEntry,
    WellbeingScore,
)
from hubs.models import HubSchedule, HubSession
from peer_forum.models import Decision, EscalationDecision, FundingRequest, PackageReview
from tests.conversations.factories import (
    CrisisPlanFactory,
    OutcomeReviewFactory,
    PersonalOutcomeFactory,
    SupportPlanFactory,
    WaitingListEntryFactory,
    WellbeingScoreFactory,
)
from tests.factories import (
    CommunitySolutionFactory,
    ConversationFactory,
    EpisodeFactory,
    HubFactory,
    HubSessionFactory,
    PersonFactory,
    WaitingListFactory,
)
from tests.peer_forum.factories import ForumMeetingFactory, FundingRequestFactory, PeerForumFactory

# Words that appear only in the case's personal data: pages, serializers, exports and the
# audit trail are searched for them.
SECRET = "Zephyrine"
SECRET_NOTE = "Quillfeather"


@dataclass
class Case:
    person: Person
    episode: Episode
    conversation: Conversation
    crisis_plan: CrisisPlan
    support_plan: SupportPlan
    signpost: Signpost
    outcome: PersonalOutcome
    review: OutcomeReview
    wellbeing: WellbeingScore
    entry: WaitingListEntry
    funding_request: FundingRequest
    decision: Decision
    hub: object = None
    session: object = None
    solution: object = None
    waiting_list: object = None
    forum: object = None
    meeting: object = None
    escalation: Decision | None = None
    senior_decision: EscalationDecision | None = None
    package_review: PackageReview | None = None
    # ---- intake ----
    referral: Referral | None = None
    consent: ConsentRecord | None = None
    # ---- sessions: a regular session at the hub, next week's planned one, a booking into it
    schedule: HubSchedule | None = None
    planned_session: HubSession | None = None
    booking: HubBooking | None = None
    extra: dict = field(default_factory=dict)

    def __getattr__(self, name: str) -> object:
        # Records added by later work live in ``extra`` (see the end of ``build_case``).
        extra = self.__dict__.get("extra", {})
        if name in extra:
            return extra[name]
        raise AttributeError(name)

    def record_of(self, model: type) -> object:
        """This case's record of a model (the walk over person-linked models uses it)."""
        for value in [*vars(self).values(), *self.extra.values()]:
            if type(value) is model:
                return value
        raise LookupError(f"No {model.__name__} in the case")


def build_case(
    locality,
    *,
    today: datetime.date | None = None,
    first_name: str = SECRET,
    note: str = SECRET_NOTE,
) -> Case:
    """Person in ``locality`` with an open episode in conversation 3 and one of everything:
    three conversations (1, 2 with a crisis plan, 3 with a support plan), a signpost, a personal
    outcome with a review, a wellbeing score, a waiting-list entry, and an approved funding
    request with its decision. Free text carries ``note`` so leaks can be found."""
    today = today or timezone.localdate()
    partnership = locality.partnership
    hub = HubFactory(locality=locality, partnership=partnership)
    session = HubSessionFactory(hub=hub, date=today - datetime.timedelta(days=40))
    solution = CommunitySolutionFactory(partnership=partnership)
    solution.localities.set([locality])
    waiting_list = WaitingListFactory(partnership=partnership)
    person = PersonFactory(
        locality=locality,
        first_name=first_name,
        last_name="Abernethy",
        phone="07700 900123",
        email="someone@example.org",
        postcode="EH1 1AA",
        communication_needs=f"Large print {note}",
    )
    episode = EpisodeFactory(
        person=person,
        state=Episode.State.CONVERSATION_3,
        first_contact_on=today - datetime.timedelta(days=40),
        first_conversation_on=today - datetime.timedelta(days=40),
        last_conversation_on=today - datetime.timedelta(days=10),
        first_contact_session=session,
    )
    conversation = ConversationFactory(
        episode=episode,
        held_on=today - datetime.timedelta(days=40),
        hub_session=session,
        hub=hub,
        what_matters=f"Seeing my grandson {note}",
        agreed_actions=f"Ring the befriending service {note}",
    )
    crisis_plan = CrisisPlanFactory(
        conversation__episode=episode,
        conversation__held_on=today - datetime.timedelta(days=30),
        conversation__what_matters=f"Staying safe {note}",
        plan=f"Daily phone call {note}",
        review_by=today + datetime.timedelta(days=7),
    )
    support_plan = SupportPlanFactory(
        conversation__episode=episode,
        conversation__held_on=today - datetime.timedelta(days=10),
        conversation__what_matters=f"A good life {note}",
        summary=f"The men's shed twice a week {note}",
    )
    outcome = PersonalOutcomeFactory(
        episode=episode, conversation=conversation, statement=f"Not to be lonely {note}"
    )
    support_plan.outcomes.set([outcome])
    support_plan.community_solutions.set([solution])
    review = OutcomeReviewFactory(outcome=outcome, note=f"Going well {note}")
    signpost = Signpost.objects.create(
        episode=episode,
        conversation=conversation,
        solution=solution,
        status=Signpost.Status.TAKEN_UP,
        follow_up_on=today - datetime.timedelta(days=5),
        followed_up_on=today - datetime.timedelta(days=5),
        difference_made=f"Out every week {note}",
        created_on=today - datetime.timedelta(days=40),
    )
    wellbeing = WellbeingScoreFactory(episode=episode, conversation=conversation)
    entry = WaitingListEntryFactory(
        episode=episode,
        waiting_list=waiting_list,
        added_on=today - datetime.timedelta(days=20),
        reason=f"OT assessment {note}",
    )
    forum = PeerForumFactory(locality=locality)
    meeting = ForumMeetingFactory(forum=forum, held_on=today - datetime.timedelta(days=2))
    funding_request = FundingRequestFactory(
        episode=episode,
        forum=forum,
        meeting=meeting,
        support_plan=support_plan,
        status=FundingRequest.Status.APPROVED,
        outcomes_sought=f"To stay at home {note}",
        proposed_paid_support=f"Two hours a week {note}",
        submitted_on=today - datetime.timedelta(days=9),
    )
    funding_request.proposed_solutions.set([solution])
    decision = Decision.objects.create(
        request=funding_request,
        meeting=meeting,
        round=1,
        outcome=Decision.Outcome.APPROVE,
        approved_weekly_amount=Decimal("120.00"),
        rationale=f"Agreed {note}",
        members_present=forum.quorum,
        decided_on=meeting.held_on,
        days_to_decision=7,
    )
    # An escalated request the senior decision body approved, and a review of the package.
    escalated = FundingRequestFactory(
        episode=episode,
        forum=forum,
        status=FundingRequest.Status.APPROVED,
        outcomes_sought=f"A care home place avoided {note}",
        counterfactual_weekly_cost=Decimal("1100.00"),
        proposed_weekly_cost=Decimal("700.00"),
        submitted_on=today - datetime.timedelta(days=9),
    )
    escalation = Decision.objects.create(
        request=escalated,
        meeting=meeting,
        round=1,
        outcome=Decision.Outcome.ESCALATE,
        rationale=f"Above our limit {note}",
        members_present=forum.quorum,
        decided_on=meeting.held_on,
        days_to_decision=7,
    )
    senior_decision = EscalationDecision.objects.create(
        decision=escalation,
        outcome=EscalationDecision.Outcome.APPROVE,
        approved_weekly_amount=Decimal("700.00"),
        decided_on=meeting.held_on,
        rationale=f"Cheaper than the care home {note}",
    )
    package_review = PackageReview.objects.create(
        request=funding_request,
        reviewed_on=today,
        outcome=PackageReview.Outcome.CONTINUE,
        next_review_on=today + datetime.timedelta(weeks=12),
        notes=f"Going well at the review {note}",
    )
    extra = _records_extra(person, episode, conversation, note, today)
    schedule, planned_session, booking = _booked_next_week(hub, person, today)
    return Case(
        extra=extra,
        person=person,
        episode=episode,
        conversation=conversation,
        crisis_plan=crisis_plan,
        support_plan=support_plan,
        signpost=signpost,
        outcome=outcome,
        review=review,
        wellbeing=wellbeing,
        entry=entry,
        funding_request=funding_request,
        decision=decision,
        hub=hub,
        session=session,
        solution=solution,
        waiting_list=waiting_list,
        forum=forum,
        meeting=meeting,
        escalation=escalation,
        senior_decision=senior_decision,
        package_review=package_review,
        # ---- intake ----
        referral=Referral.objects.create(
            episode=episode,
            referred_on=episode.first_contact_on,
            referrer_organisation="Riverside Medical Practice",
            referrer_name=f"Dr Rao {note}",
            referrer_contact="01234 111222",
            reason_for_referral=f"Lonely since a bereavement {note}",
        ),
        consent=ConsentRecord.objects.create(
            person=person, kind="keep", agreed=True, given_on=today, how="in_person"
        ),
        schedule=schedule,
        planned_session=planned_session,
        booking=booking,
    )


# ---- records: merges, corrections, carers ----------------------------------------------------
def _records_extra(person, episode, conversation, note: str, today: datetime.date) -> dict:
    """A duplicate record proposed for merging into the person, someone the person cares for,
    and a correction of the first conversation."""
    # Their names hold the place's secret word (leaks are found) but do not start with it
    # (a search for the person finds the person alone).
    duplicate = PersonFactory(
        locality=person.locality, first_name=f"Dup{person.first_name}", last_name="Abernethie"
    )
    merge = PersonMerge.objects.create(
        duplicate=duplicate, kept=person, reason=f"Same date of birth {note}"
    )
    cared_for = PersonFactory(locality=person.locality, first_name=f"Mum{person.first_name}")
    carer_link = CarerLink.objects.create(
        carer=person,
        cared_for=cared_for,
        relationship=CarerLink.Relationship.PARENT,
        started_on=today - datetime.timedelta(days=400),
    )
    amendment = Amendment.objects.create(
        episode=episode,
        record_model="conversations.conversation",
        record_id=conversation.pk,
        field_names=["what_matters"],
        reason=f"Typed in a hurry {note}",
    )
    return {
        "duplicate": duplicate,
        "merge": merge,
        "cared_for": cared_for,
        "carer_link": carer_link,
        "amendment": amendment,
    }


def _booked_next_week(hub, person, today: datetime.date) -> tuple:
    """The hub runs appointments every week on today's weekday; the person is booked into next
    week's."""
    schedule = HubSchedule.objects.create(
        hub=hub,
        weekday=today.weekday(),
        starts_at=datetime.time(10),
        ends_at=datetime.time(12),
        mode=HubSession.Mode.APPOINTMENT,
        valid_from=today,
    )
    planned = HubSessionFactory(
        hub=hub,
        date=today + datetime.timedelta(days=7),
        starts_at=datetime.time(10),
        ends_at=datetime.time(12),
        planned=True,
        schedule=schedule,
    )
    booking = HubBooking.objects.create(person=person, session=planned, at=datetime.time(10, 30))
    return schedule, planned, booking
