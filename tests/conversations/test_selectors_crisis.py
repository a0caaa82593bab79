"""The crisis board: order by urgency, overdue reviews and long crises flagged, referrals kept."""

from __future__ import annotations

import datetime

from django.utils import timezone

from conversations.models import Episode
from conversations.selectors.crisis import crisis_board, crisis_referrals
from conversations.services.pathway import crisis_referrals_recompute
from tests.conversations.factories import CrisisPlanFactory
from tests.factories import ConversationFactory, EpisodeFactory

DAY = datetime.timedelta(days=1)


def in_crisis(world, name, rag=None, review_in=0, crisis_days=3, locality=None):
    today = timezone.localdate()
    episode = EpisodeFactory(
        person__locality=locality or world.locality,
        person__first_name=name,
        state=Episode.State.CONVERSATION_2,
        first_contact_on=today - 90 * DAY,
        crisis_started_on=today - crisis_days * DAY,
    )
    if rag:
        CrisisPlanFactory(conversation__episode=episode, rag=rag, review_by=today + review_in * DAY)
    return episode


def test_the_board_runs_no_plan_then_red_amber_green_then_review_date(world, make_user, today):
    in_crisis(world, "green-soon", "green", review_in=1)
    in_crisis(world, "amber-later", "amber", review_in=9)
    in_crisis(world, "red-later", "red", review_in=5)
    in_crisis(world, "amber-overdue", "amber", review_in=-2)
    in_crisis(world, "no-plan")
    in_crisis(world, "red-soon", "red", review_in=0)
    rows = crisis_board(user=make_user("practitioner"), today=today)
    assert [row.person.first_name for row in rows] == [
        "no-plan",
        "red-soon",
        "red-later",
        "amber-overdue",
        "amber-later",
        "green-soon",
    ]


def test_overdue_reviews_and_crises_over_six_weeks_are_flagged(world, make_user, today):
    # Six weeks is 42 days: 42 days in crisis is not yet over the limit, 43 is.
    in_crisis(world, "overdue", "red", review_in=-1, crisis_days=10)
    in_crisis(world, "due-today", "red", review_in=0, crisis_days=42)
    in_crisis(world, "too-long", "amber", review_in=3, crisis_days=43)
    flags = {
        row.person.first_name: (row.review_overdue, row.review_due_today, row.in_crisis_too_long)
        for row in crisis_board(user=make_user("practitioner"), today=today)
    }
    assert flags == {
        "overdue": (True, False, False),
        "due-today": (False, True, False),
        "too-long": (False, False, True),
    }


def test_ended_plans_and_other_localities_are_not_on_the_board(world, make_user, today):
    episode = in_crisis(world, "ended", "red")
    episode.crisis_plans.update(ended_on=today)
    in_crisis(world, "south", "red", locality=world.other_locality)
    rows = list(crisis_board(user=make_user("practitioner"), today=today))
    assert [(row.person.first_name, row.plan_id) for row in rows] == [("ended", None)]


def test_people_referred_for_crisis_support_wait_on_the_board_until_seen(world, make_user, today):
    user = make_user("practitioner")
    referred = EpisodeFactory(person__locality=world.locality, person__first_name="referred")
    ConversationFactory(episode=referred, what_happened="crisis", held_on=today - 2 * DAY)
    calm = EpisodeFactory(person__locality=world.locality)
    ConversationFactory(episode=calm, what_happened="connected")
    # Referred before an earlier crisis that has since ended: not waiting any more.
    earlier = EpisodeFactory(person__locality=world.locality, crisis_started_on=today - 5 * DAY)
    ConversationFactory(episode=earlier, what_happened="crisis", held_on=today - 9 * DAY)
    # Referred again after that crisis: waiting again.
    again = EpisodeFactory(
        person__locality=world.locality,
        person__first_name="again",
        crisis_started_on=today - 30 * DAY,
    )
    ConversationFactory(episode=again, what_happened="crisis", held_on=today - DAY)
    # Written by factories, not the pathway: work the waiting referrals out as the seeder does.
    assert crisis_referrals_recompute(partnership=world.partnership) == 2
    rows = crisis_referrals(user=user)
    assert [(row.person.first_name, row.referred_on) for row in rows] == [
        ("referred", today - 2 * DAY),
        ("again", today - DAY),
    ]
