"""A small, hand-built partnership whose March 2026 figures are worked out by hand.

Places: partnership A ("Riverside") with North (hubs H1, H2) and South (hub H3); an outsider
partnership B whose records must never count. Every record is dated so that the answers in
``tests/outcomes/test_selectors_figures.py`` can be checked with a calendar and a pencil.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from conversations.models import Episode, OutcomeReview, Signpost, WaitingListEntry
from tests.conversations.factories import (
    OutcomeReviewFactory,
    PersonalOutcomeFactory,
    SignpostFactory,
    WaitingListEntryFactory,
)
from tests.factories import (
    CommunitySolutionFactory,
    ConversationFactory,
    EpisodeFactory,
    HubFactory,
    HubSessionFactory,
    PersonFactory,
    SolutionCategoryFactory,
    WaitingListFactory,
)
from tests.outcomes.factories import ChangeStoryFactory, StaffPulseFactory

D = datetime.date
CLOSED = Episode.State.CLOSED
REASON = Episode.CloseReason


def build(world, make_user) -> SimpleNamespace:
    north, south = world.locality, world.other_locality
    h1 = HubFactory(locality=north, name="H1 Library")
    h2 = HubFactory(locality=north, name="H2 Church Hall")
    h3 = HubFactory(locality=south, name="H3 Cafe")
    outsider_hub = HubFactory(locality=world.outsider_locality, name="Outsider hub")

    # Hub sessions (footfall): anonymous head-counts and, below, conversations held at them.
    s1 = HubSessionFactory(hub=h1, date=D(2026, 3, 2), anonymous_count=3)
    s2 = HubSessionFactory(hub=h1, date=D(2026, 3, 16), anonymous_count=0, mode="appointment")
    s3 = HubSessionFactory(hub=h3, date=D(2026, 3, 12), anonymous_count=5)
    s4 = HubSessionFactory(hub=h1, date=D(2026, 2, 23), anonymous_count=4)
    s5 = HubSessionFactory(hub=h2, date=D(2026, 3, 20), anonymous_count=0)
    s_out = HubSessionFactory(hub=outsider_hub, date=D(2026, 3, 2), anonymous_count=10)

    def episode(locality, session, contact, **kwargs):
        person = PersonFactory(locality=locality)
        return EpisodeFactory(
            person=person,
            first_contact_on=contact,
            first_contact_session=session,
            **kwargs,
        )

    e1 = episode(
        north, s1, D(2026, 3, 2), first_conversation_on=D(2026, 3, 2),
        support_in_place_on=D(2026, 3, 2), last_conversation_on=D(2026, 3, 2),
        state=CLOSED, closed_on=D(2026, 3, 2), close_reason=REASON.RESOLVED_AT_FIRST_CONTACT,
    )  # fmt: skip
    e2 = episode(
        north, s4, D(2026, 2, 25), first_conversation_on=D(2026, 3, 3),
        support_in_place_on=D(2026, 3, 17), last_conversation_on=D(2026, 3, 20),
        state=CLOSED, closed_on=D(2026, 3, 30), close_reason=REASON.CONNECTED_TO_COMMUNITY,
    )  # fmt: skip
    e3 = episode(
        north, s1, D(2026, 3, 1), first_conversation_on=D(2026, 3, 11),
        support_in_place_on=D(2026, 3, 20),
    )  # fmt: skip
    e4 = episode(north, s1, D(2026, 3, 5), first_conversation_on=D(2026, 3, 9))
    e5 = episode(
        south, s3, D(2026, 3, 10), first_conversation_on=D(2026, 3, 12),
        support_in_place_on=D(2026, 3, 31),
    )  # fmt: skip
    e6 = episode(south, None, D(2026, 2, 1), first_conversation_on=D(2026, 3, 31))
    e7 = episode(north, s5, D(2026, 3, 20), first_conversation_on=D(2026, 3, 21))
    e8 = episode(north, s4, D(2026, 2, 1), first_conversation_on=D(2026, 2, 4))
    e9 = episode(
        north, None, D(2026, 1, 5), first_conversation_on=D(2026, 1, 10),
        support_in_place_on=D(2026, 3, 1), last_conversation_on=D(2026, 3, 1),
        state=CLOSED, closed_on=D(2026, 3, 25), close_reason=REASON.SUPPORT_IN_PLACE,
    )  # fmt: skip
    e10 = episode(
        south, None, D(2026, 2, 20), first_conversation_on=D(2026, 2, 20),
        last_conversation_on=D(2026, 2, 20),
        state=CLOSED, closed_on=D(2026, 3, 1), close_reason=REASON.RESOLVED_AT_FIRST_CONTACT,
    )  # fmt: skip
    e11 = episode(
        south, None, D(2026, 3, 14),
        state=CLOSED, closed_on=D(2026, 3, 15), close_reason=REASON.DECLINED,
    )  # fmt: skip
    episode(north, None, D(2026, 3, 25), state=Episode.State.WAITING)  # no conversation yet
    outsider = episode(
        world.outsider_locality, s_out, D(2025, 12, 1), first_conversation_on=D(2026, 3, 11),
        support_in_place_on=D(2026, 3, 12), last_conversation_on=D(2026, 3, 12),
        state=CLOSED, closed_on=D(2026, 3, 13), close_reason=REASON.RESOLVED_AT_FIRST_CONTACT,
    )  # fmt: skip

    # Conversations at sessions: s1 sees e1's person twice and e4's once; s2, s3, s5 one each.
    c1 = ConversationFactory(episode=e1, held_on=D(2026, 3, 2), hub_session=s1)
    ConversationFactory(episode=e1, held_on=D(2026, 3, 2), hub_session=s1)
    c4 = ConversationFactory(episode=e4, held_on=D(2026, 3, 9), hub_session=s1)
    c2 = ConversationFactory(episode=e2, held_on=D(2026, 3, 16), hub_session=s2)
    c5 = ConversationFactory(episode=e5, held_on=D(2026, 3, 12), hub_session=s3)
    ConversationFactory(episode=e7, held_on=D(2026, 3, 21), hub_session=s5)
    c3 = ConversationFactory(episode=e3, held_on=D(2026, 3, 11), place="home")
    ConversationFactory(episode=outsider, held_on=D(2026, 3, 11), hub_session=s_out)

    # Waiting lists.
    w_sw = WaitingListFactory(partnership=world.partnership, name="Social work assessment")
    w_ot = WaitingListFactory(partnership=world.partnership, name="OT assessment")
    w_out = WaitingListFactory(partnership=world.outsider_partnership, name="Outsider list")
    urgent = WaitingListEntry.Priority.URGENT
    WaitingListEntryFactory(waiting_list=w_sw, episode=e3, added_on=D(2026, 1, 10), priority=urgent)
    WaitingListEntryFactory(
        waiting_list=w_sw, episode=e4, added_on=D(2026, 2, 10), removed_on=D(2026, 3, 5)
    )
    WaitingListEntryFactory(waiting_list=w_sw, episode=e5, added_on=D(2026, 3, 3))
    WaitingListEntryFactory(
        waiting_list=w_ot, episode=e6, added_on=D(2026, 3, 31), removed_on=D(2026, 4, 2)
    )
    WaitingListEntryFactory(
        waiting_list=w_ot, episode=e7, added_on=D(2025, 3, 15), removed_on=D(2026, 2, 1)
    )
    WaitingListEntryFactory(
        waiting_list=w_sw, episode=e8, added_on=D(2026, 2, 1), removed_on=D(2026, 2, 28)
    )
    WaitingListEntryFactory(waiting_list=w_out, episode=outsider, added_on=D(2026, 3, 1))

    # Signposts to two categories of solution.
    befriending = SolutionCategoryFactory(slug="befriending", name="Befriending")
    sheds = SolutionCategoryFactory(slug="mens-sheds", name="Men's sheds")
    friends = CommunitySolutionFactory(partnership=world.partnership, category=befriending)
    shed = CommunitySolutionFactory(partnership=world.partnership, category=sheds)
    status = Signpost.Status
    SignpostFactory(
        episode=e1, conversation=c1, solution=friends, created_on=D(2026, 3, 2),
        status=status.TAKEN_UP, followed_up_on=D(2026, 3, 20),
    )  # fmt: skip
    SignpostFactory(
        episode=e2, conversation=c2, solution=friends, created_on=D(2026, 3, 3),
        status=status.NOT_TAKEN_UP, not_taken_up_reason="declined", followed_up_on=D(2026, 3, 25),
    )  # fmt: skip
    SignpostFactory(episode=e3, conversation=c3, solution=shed, created_on=D(2026, 3, 11))
    SignpostFactory(
        episode=e4, conversation=c4, solution=shed, created_on=D(2026, 2, 10),
        status=status.ENDED, followed_up_on=D(2026, 3, 5),
    )  # fmt: skip
    SignpostFactory(
        episode=e5, conversation=c5, solution=friends, created_on=D(2026, 3, 12),
        status=status.TAKEN_UP, followed_up_on=D(2026, 4, 2),
    )  # fmt: skip

    # Personal outcomes and their reviews.
    review = OutcomeReview.Status
    po1 = PersonalOutcomeFactory(episode=e1, created_on=D(2026, 3, 2))
    OutcomeReviewFactory(outcome=po1, reviewed_on=D(2026, 3, 5), status=review.NOT_MET)
    OutcomeReviewFactory(outcome=po1, reviewed_on=D(2026, 3, 20), status=review.MET)
    po2 = PersonalOutcomeFactory(episode=e2, created_on=D(2026, 3, 3))
    OutcomeReviewFactory(outcome=po2, reviewed_on=D(2026, 3, 10), status=review.PARTLY_MET)
    po3 = PersonalOutcomeFactory(episode=e3, created_on=D(2026, 2, 1))
    OutcomeReviewFactory(outcome=po3, reviewed_on=D(2026, 2, 15), status=review.MET)
    OutcomeReviewFactory(outcome=po3, reviewed_on=D(2026, 3, 15), status=review.NOT_MET)
    po4 = PersonalOutcomeFactory(episode=e5, created_on=D(2026, 3, 12))
    OutcomeReviewFactory(outcome=po4, reviewed_on=D(2026, 3, 25), status=review.PARTLY_MET)
    OutcomeReviewFactory(outcome=po4, reviewed_on=D(2026, 3, 25), status=review.MET)
    po_out = PersonalOutcomeFactory(episode=outsider, created_on=D(2026, 3, 1))
    OutcomeReviewFactory(outcome=po_out, reviewed_on=D(2026, 3, 20), status=review.MET)

    # Staff pulse for March: two answers for North, one for South, one in another partnership.
    scores = ("trusted_to_decide", "time_for_conversations", "know_local_solutions",
              "confident_strengths", "supported_by_team")  # fmt: skip
    for locality, values, outsider_user in (
        (north, (5, 4, 3, 4, 5), False),
        (north, (4, 4, 2, 5, 3), False),
        (south, (2, 3, 4, 3, 4), False),
        (world.outsider_locality, (1, 1, 1, 1, 1), True),
    ):
        StaffPulseFactory(
            respondent=make_user("practitioner", outsider=outsider_user, localities=[locality]),
            locality=locality,
            **dict(zip(scores, values, strict=True)),
        )

    # Change stories.
    ChangeStoryFactory(
        locality=north, hub=h1, told_on=D(2026, 3, 10), outcomes=[1, 3], consent_to_share=True
    )
    ChangeStoryFactory(locality=south, told_on=D(2026, 3, 20), outcomes=[3], consent_to_share=False)
    ChangeStoryFactory(locality=north, told_on=D(2026, 2, 10), outcomes=[2], consent_to_share=True)
    ChangeStoryFactory(locality=world.outsider_locality, told_on=D(2026, 3, 10), outcomes=[1])

    return SimpleNamespace(
        north=north, south=south, h1=h1, h2=h2, h3=h3, w_sw=w_sw, w_ot=w_ot,
        sessions=(s1, s2, s3, s4, s5),
        episodes=(e1, e2, e3, e4, e5, e6, e7, e8, e9, e10, e11),
    )  # fmt: skip
