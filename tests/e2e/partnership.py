"""A small partnership at work, built with factories and services (not the demo seed), so that
every kind of page has something on it: a hub with an open session, a directory with an entry
due a check, people at each step of the pathway (a signpost to follow up, a crisis plan, a
support plan with an outcome and its review, a wellbeing score, waiting lists), a peer forum
with a meeting and requests (a draft, one waiting, one approved and due its review, one
escalated to the head of service), reports, a change story, a
staff pulse, a cost-benefit study, and a user of each role."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from cls_portal.permissions import Role
from conversations.models import Episode, Signpost
from outcomes.models import Programme, ProgrammeSharing, Report
from peer_forum.models import Decision, FundingRequest
from peer_forum.services.escalations import escalation_panel_save
from tests.conversations.factories import (
    CrisisPlanFactory,
    OutcomeReviewFactory,
    PersonalOutcomeFactory,
    SignpostFactory,
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
from tests.outcomes.factories import (
    ChangeStoryFactory,
    CostBenefitStudyFactory,
    CostLineFactory,
    ReportFactory,
    StaffPulseFactory,
)
from tests.peer_forum.factories import (
    ForumMeetingFactory,
    FundingRequestFactory,
    PeerForumFactory,
    decide,
)


def build(world, make_user) -> SimpleNamespace:
    today = timezone.localdate()
    ago = lambda days: today - datetime.timedelta(days=days)  # noqa: E731
    north = world.locality
    users = {role: make_user(role, first_name="Sam", last_name=role.label) for role in Role}
    # ---- programme: its lead belongs to no partnership; this partnership shares with it ----
    programme_lead = users[Role.PROGRAMME_LEAD]
    programme_lead.partnership = None
    programme_lead.save(update_fields=["partnership"])
    programme = Programme.objects.create(name="Scottish CLS Network", slug="scottish-cls")
    programme.leads.add(programme_lead)
    ProgrammeSharing.objects.create(
        programme=programme, partnership=world.partnership, sharing=True
    )

    hub = HubFactory(locality=north, name="North Library")
    session = HubSessionFactory(hub=hub, date=today, anonymous_count=2)
    session.staff.add(users[Role.HUB_WORKER])
    HubSessionFactory(hub=hub, date=ago(7), anonymous_count=5, closed_at=timezone.now())
    lunch = CommunitySolutionFactory(partnership=world.partnership, name="Tuesday Lunch Club")
    lunch.localities.add(north)
    CommunitySolutionFactory(
        partnership=world.partnership, name="Old Walking Group", last_verified=ago(400)
    )

    def person(first: str, last: str, state=Episode.State.CONVERSATION_1, since: int = 30):
        episode = EpisodeFactory(
            person=PersonFactory(locality=north, first_name=first, last_name=last),
            state=state,
            first_contact_on=ago(since),
            first_conversation_on=ago(since),
            last_conversation_on=ago(since),
        )
        conversation = ConversationFactory(episode=episode, held_on=ago(since), hub_session=None)
        return episode, conversation

    # Conversation 1 at the hub, signposted, follow-up due.
    bill, talk = person("Bill", "Reid")
    SignpostFactory(
        episode=bill,
        conversation=talk,
        solution=lunch,
        created_on=ago(30),
        follow_up_on=ago(2),
        status=Signpost.Status.SUGGESTED,
    )
    # In crisis (conversation 2).
    agnes, _ = person("Agnes", "Watt", Episode.State.CONVERSATION_2, since=5)
    CrisisPlanFactory(conversation__episode=agnes, conversation__held_on=ago(4))
    # Conversation 3: a plan, an outcome reviewed, a wellbeing score, waiting, funding. Two
    # more Grays (the walk searches for them): one whose episode is closed, one with none yet.
    elsie, _ = person("Elsie", "Gray", Episode.State.CONVERSATION_3, since=40)
    EpisodeFactory(
        person=PersonFactory(locality=north, first_name="Ruth", last_name="Gray"),
        state=Episode.State.CLOSED,
        first_contact_on=ago(90),
        first_conversation_on=ago(90),
        last_conversation_on=ago(90),
        closed_on=ago(80),
        close_reason=Episode.CloseReason.CONNECTED_TO_COMMUNITY,
    )
    PersonFactory(locality=north, first_name="Jean", last_name="Gray")
    plan = SupportPlanFactory(conversation__episode=elsie, conversation__held_on=ago(10))
    plan.community_solutions.add(lunch)
    outcome = PersonalOutcomeFactory(episode=elsie, created_on=ago(10))
    OutcomeReviewFactory(outcome=outcome, reviewed_on=ago(3))
    WellbeingScoreFactory(episode=elsie, recorded_on=ago(3))
    ot = WaitingListFactory(partnership=world.partnership, name="OT assessment")
    WaitingListEntryFactory(episode=elsie, waiting_list=ot, added_on=ago(20))
    hamish, _ = person("Hamish", "Boyd", Episode.State.CONVERSATION_3, since=60)
    morag, _ = person("Morag", "Smith", Episode.State.CONVERSATION_3, since=50)

    forum = PeerForumFactory(
        locality=north,
        name="North peer forum",
        quorum=2,
        members=[users[Role.FORUM_MANAGER], users[Role.PRACTITIONER]],
    )
    meeting = ForumMeetingFactory(
        forum=forum, held_on=today, attendees=[users[Role.FORUM_MANAGER], users[Role.PRACTITIONER]]
    )
    waiting = FundingRequestFactory(
        episode=elsie,
        forum=forum,
        meeting=meeting,
        submitted_on=ago(3),
        presenter=users[Role.PRACTITIONER],
    )
    FundingRequestFactory(episode=hamish, draft=True, presenter=users[Role.PRACTITIONER])
    approved = FundingRequestFactory(
        episode=morag, forum=forum, submitted_on=ago(20), short_term=True, review_on=ago(1)
    )
    decide(approved, on=ago(13), amount=Decimal("300.00"))  # and due its review
    # Escalated two days ago, waiting for the head of service (the forum manager sits on it).
    iain, _ = person("Iain", "Boyd", Episode.State.CONVERSATION_3, since=40)
    escalated = FundingRequestFactory(
        episode=iain, forum=forum, submitted_on=ago(9), proposed_weekly_cost=Decimal("700.00")
    )
    decide(escalated, on=ago(2), outcome=Decision.Outcome.ESCALATE)
    escalation_panel_save(
        actor=users[Role.ADMIN],
        partnership=world.partnership,
        name="Head of service",
        members=[users[Role.FORUM_MANAGER]],
    )

    ReportFactory(
        partnership=world.partnership,
        kind=Report.Kind.OUTCOMES,
        status=Report.Status.FAILED,
        requested_by=users[Role.HSCP_LEAD],
    )
    ReportFactory(partnership=world.partnership, status=Report.Status.QUEUED)
    ChangeStoryFactory(locality=north, hub=hub, told_on=ago(5), outcomes=[1, 3])
    StaffPulseFactory(
        respondent=make_user(Role.PRACTITIONER), locality=north, month=today.replace(day=1)
    )
    study = CostBenefitStudyFactory(
        partnership=world.partnership, hub=hub, name="North Library year"
    )
    CostLineFactory(study=study)
    return SimpleNamespace(
        users=users,
        session=session,
        funding=waiting,
        status=FundingRequest.Status,
    )
