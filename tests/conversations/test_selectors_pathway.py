"""The latest support plan: one rule (the most recently recorded), read only within scope."""

from __future__ import annotations

import datetime

from cls_portal.permissions import Role
from conversations.selectors.pathway import support_plan_latest, support_plan_list
from conversations.selectors.timeline import person_timeline
from tests.conversations.factories import SupportPlanFactory
from tests.factories import EpisodeFactory

DAY = datetime.timedelta(days=1)


def test_the_latest_plan_is_the_one_recorded_last_here_in_the_list_and_on_the_timeline(
    world, make_user, today
):
    episode = EpisodeFactory(person__locality=world.locality, first_contact_on=today - 9 * DAY)
    SupportPlanFactory(conversation__episode=episode, conversation__held_on=today - DAY)
    # Recorded afterwards about a conversation held earlier: still the latest plan.
    latest = SupportPlanFactory(
        conversation__episode=episode, conversation__held_on=today - 5 * DAY
    )
    user = make_user(Role.PRACTITIONER)

    assert support_plan_latest(user=user, episode=episode) == latest
    assert support_plan_list(user=user, episode_id=episode.pk).first() == latest
    _, blocks = person_timeline(user=user, person=episode.person)
    assert blocks[0].latest_support_plan == latest


def test_a_plan_on_an_episode_outside_the_users_scope_is_not_returned(world, make_user):
    south = EpisodeFactory(person__locality=world.other_locality)
    SupportPlanFactory(conversation__episode=south)

    north_practitioner = make_user(Role.PRACTITIONER)
    outsider = make_user(Role.PRACTITIONER, outsider=True)
    assert support_plan_latest(user=north_practitioner, episode=south) is None
    assert support_plan_latest(user=outsider, episode=south) is None
    south_practitioner = make_user(Role.PRACTITIONER, localities=[world.other_locality])
    assert support_plan_latest(user=south_practitioner, episode=south) is not None
