"""Each kind of due work counted on hand-built data: past, today and future dates, records that
do not count, and the same records in another locality and another partnership."""

from __future__ import annotations

import pytest

from conversations.models import Episode, OutcomeReview, Signpost
from conversations.selectors import due
from hubs.selectors import hub_sessions_from
from peer_forum.models import FundingRequest
from peer_forum.selectors.reviews import package_reviews_due
from tests.conversations.factories import (
    OutcomeReviewFactory,
    PersonalOutcomeFactory,
    SignpostFactory,
    WaitingListEntryFactory,
)
from tests.factories import HubFactory, HubSessionFactory, WaitingListFactory
from tests.peer_forum.factories import FundingRequestFactory
from tests.today.conftest import days

pytestmark = pytest.mark.django_db
State = Episode.State


def test_crisis_plans_due_review_are_those_due_today_or_overdue_in_the_users_localities(
    world, practitioner, crisis_plan_in, today
):
    overdue = crisis_plan_in(world.locality, today - days(3))
    due_today = crisis_plan_in(world.locality, today)
    crisis_plan_in(world.locality, today + days(2))  # not yet
    ended = crisis_plan_in(world.locality, today - days(9))
    ended.ended_on = today - days(1)
    ended.save()
    crisis_plan_in(world.other_locality, today - days(3))
    crisis_plan_in(world.outsider_locality, today - days(3))

    plans = due.crisis_plans_due_review(user=practitioner, today=today)

    assert list(plans) == [overdue, due_today]  # most overdue first
    # A week on, the one due in two days is overdue too.
    assert due.crisis_plans_due_review(user=practitioner, today=today + days(7)).count() == 3


def test_crises_past_the_six_week_limit_start_the_day_after_six_weeks(
    world, practitioner, episode_in, today
):
    longest = episode_in(world.locality, State.CONVERSATION_2, crisis_started_on=today - days(60))
    past = episode_in(world.locality, State.CONVERSATION_2, crisis_started_on=today - days(43))
    episode_in(world.locality, State.CONVERSATION_2, crisis_started_on=today - days(42))  # on it
    episode_in(world.locality, State.CONVERSATION_2, crisis_started_on=today - days(10))
    episode_in(world.locality, State.CONVERSATION_3, crisis_started_on=today - days(90))  # moved on
    episode_in(world.other_locality, State.CONVERSATION_2, crisis_started_on=today - days(60))
    episode_in(world.outsider_locality, State.CONVERSATION_2, crisis_started_on=today - days(60))

    assert list(due.crises_past_time_limit(user=practitioner, today=today)) == [longest, past]
    assert due.crises_past_time_limit(user=practitioner, today=today + days(1)).count() == 3


def test_people_waiting_for_a_crisis_conversation_are_those_referred_with_none_since(
    world, practitioner, episode_in, today
):
    first = episode_in(world.locality, State.CONVERSATION_1, crisis_referred_on=today - days(2))
    second = episode_in(world.locality, State.WAITING, crisis_referred_on=today)
    episode_in(world.locality, State.CONVERSATION_1)  # never referred
    episode_in(world.other_locality, State.CONVERSATION_1, crisis_referred_on=today)
    episode_in(world.outsider_locality, State.CONVERSATION_1, crisis_referred_on=today)

    assert list(due.waiting_for_crisis_conversation(user=practitioner)) == [first, second]


def test_signpost_follow_ups_due_are_open_ones_dated_today_or_before(
    world, practitioner, episode_in, today
):
    def signpost(locality, follow_up_on, status=Signpost.Status.SUGGESTED):
        return SignpostFactory(
            episode=episode_in(locality), follow_up_on=follow_up_on, status=status
        )

    late = signpost(world.locality, today - days(5))
    on_the_day = signpost(world.locality, today, Signpost.Status.INTRODUCED)
    signpost(world.locality, today + days(1))
    signpost(world.locality, today - days(5), Signpost.Status.TAKEN_UP)
    signpost(world.other_locality, today - days(5))
    signpost(world.outsider_locality, today - days(5))

    assert list(due.signpost_follow_ups_due(user=practitioner, today=today)) == [late, on_the_day]


def test_personal_outcomes_are_due_twelve_weeks_after_they_were_last_looked_at_until_met(
    world, practitioner, episode_in, today
):
    def outcome(locality, created, review=None, state=State.CONVERSATION_3):
        made = PersonalOutcomeFactory(episode=episode_in(locality, state), created_on=created)
        if review:
            OutcomeReviewFactory(outcome=made, reviewed_on=review[0], status=review[1])
        return made

    never_reviewed = outcome(world.locality, today - days(84))  # twelve weeks to the day
    outcome(world.locality, today - days(83))  # a day short
    reviewed_long_ago = outcome(
        world.locality, today - days(200), (today - days(90), OutcomeReview.Status.PARTLY_MET)
    )
    outcome(world.locality, today - days(200), (today - days(10), OutcomeReview.Status.NOT_MET))
    outcome(world.locality, today - days(200), (today - days(100), OutcomeReview.Status.MET))
    outcome(world.locality, today - days(200), state=State.CLOSED)
    outcome(world.other_locality, today - days(200))
    outcome(world.outsider_locality, today - days(200))

    found = list(due.personal_outcomes_due_review(user=practitioner, today=today))

    assert found == [reviewed_long_ago, never_reviewed]  # the oldest outcome first
    assert found[0].last_looked_on == today - days(90)
    later = due.personal_outcomes_due_review(user=practitioner, today=today + days(1))
    assert later.count() == 3


def test_outcomes_due_come_oldest_first_not_longest_since_looked_at(
    world, practitioner, episode_in, today
):
    """The order walks an index on when each was written down (see the selector's docstring)."""
    reviewed = PersonalOutcomeFactory(
        episode=episode_in(world.locality, State.CONVERSATION_3), created_on=today - days(300)
    )
    OutcomeReviewFactory(
        outcome=reviewed, reviewed_on=today - days(90), status=OutcomeReview.Status.NOT_MET
    )
    never_reviewed = PersonalOutcomeFactory(
        episode=episode_in(world.locality, State.CONVERSATION_3), created_on=today - days(150)
    )

    found = list(due.personal_outcomes_due_review(user=practitioner, today=today))

    assert found == [reviewed, never_reviewed]
    assert [o.last_looked_on for o in found] == [today - days(90), today - days(150)]


def test_referrals_waiting_are_referral_episodes_with_no_conversation_yet(
    world, practitioner, episode_in, today
):
    referral = Episode.Channel.REFERRAL
    waiting = episode_in(world.locality, State.WAITING, channel=referral)
    episode_in(world.locality, State.CONVERSATION_1, channel=referral, first_conversation_on=today)
    episode_in(world.locality, State.WAITING, channel=Episode.Channel.PHONE)
    episode_in(world.other_locality, State.WAITING, channel=referral)
    episode_in(world.outsider_locality, State.WAITING, channel=referral)

    assert list(due.referrals_waiting_first_conversation(user=practitioner)) == [waiting]


def test_longest_waits_are_everyone_on_a_list_today_longest_first(
    world, practitioner, episode_in, today
):
    lists = {
        partnership.pk: WaitingListFactory(partnership=partnership)
        for partnership in (world.partnership, world.outsider_partnership)
    }

    def entry(locality, added, removed=None):
        episode = episode_in(locality)
        return WaitingListEntryFactory(
            episode=episode,
            waiting_list=lists[episode.partnership_id],
            added_on=added,
            removed_on=removed,
        )

    longest = entry(world.locality, today - days(30))
    newer = entry(world.locality, today - days(5))
    entry(world.locality, today - days(40), today - days(1))  # seen yesterday
    entry(world.locality, today + days(1))  # added for tomorrow
    entry(world.other_locality, today - days(60))
    entry(world.outsider_locality, today - days(60))

    assert list(due.longest_waits(user=practitioner, today=today)) == [longest, newer]


def test_packages_due_review_are_running_packages_whose_review_day_has_come(
    world, practitioner, episode_in, today
):
    def package(locality, review_on, **fields):
        return FundingRequestFactory(
            episode=episode_in(locality, State.CONVERSATION_3),
            status=FundingRequest.Status.APPROVED,
            start_on=today - days(100),
            review_on=review_on,
            **fields,
        )

    overdue = package(world.locality, today - days(1))
    on_the_day = package(world.locality, today)
    package(world.locality, today + days(1))
    package(world.locality, today - days(20), ended_on=today - days(20))
    package(world.locality, None, one_off=True)
    package(world.other_locality, today - days(1))
    package(world.outsider_locality, today - days(1))

    assert list(package_reviews_due(user=practitioner, on=today)) == [overdue, on_the_day]


def test_sessions_from_a_day_are_at_active_hubs_in_the_users_localities(world, hub_worker, today):
    north = HubFactory(partnership=world.partnership, locality=world.locality)
    closed_hub = HubFactory(partnership=world.partnership, locality=world.locality, is_active=False)
    south = HubFactory(partnership=world.partnership, locality=world.other_locality)
    today_there = HubSessionFactory(hub=north, date=today)
    next_week = HubSessionFactory(hub=north, date=today + days(7))
    HubSessionFactory(hub=north, date=today - days(1))
    HubSessionFactory(hub=closed_hub, date=today + days(1))
    HubSessionFactory(hub=south, date=today)

    assert list(hub_sessions_from(user=hub_worker, day=today)) == [today_there, next_week]
    assert list(hub_sessions_from(user=hub_worker, day=today + days(1))) == [next_week]
