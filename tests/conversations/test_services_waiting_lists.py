from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from conversations.models import WaitingListEntry
from conversations.services.waiting_lists import waiting_list_entry_add, waiting_list_entry_remove
from tests.factories import EpisodeFactory, WaitingListFactory


def test_add_then_remove_with_a_reason(world, make_user, today):
    actor = make_user()
    episode = EpisodeFactory(person__locality=world.locality)
    waiting_list = WaitingListFactory(partnership=world.partnership)
    entry = waiting_list_entry_add(actor=actor, episode=episode, waiting_list=waiting_list)
    assert (entry.added_on, entry.removed_on) == (today, None)
    waiting_list_entry_remove(actor=actor, entry=entry, removal_reason="seen")
    entry.refresh_from_db()
    assert (entry.removed_on, entry.removal_reason) == (today, "seen")
    with pytest.raises(ValidationError, match="already been taken off"):
        waiting_list_entry_remove(actor=actor, entry=entry, removal_reason="seen")


def test_a_person_is_on_a_list_once_and_only_on_their_partnerships_lists(world, make_user):
    actor = make_user()
    episode = EpisodeFactory(person__locality=world.locality)
    waiting_list = WaitingListFactory(partnership=world.partnership)
    waiting_list_entry_add(actor=actor, episode=episode, waiting_list=waiting_list)
    with pytest.raises(ValidationError, match="already on"):
        waiting_list_entry_add(actor=actor, episode=episode, waiting_list=waiting_list)
    theirs = WaitingListFactory(partnership=world.outsider_partnership)
    with pytest.raises(ValidationError):
        waiting_list_entry_add(actor=actor, episode=episode, waiting_list=theirs)
    assert WaitingListEntry.objects.count() == 1


def test_removal_needs_a_known_reason_and_a_sensible_date(world, make_user, today):
    actor = make_user()
    entry = waiting_list_entry_add(
        actor=actor,
        episode=EpisodeFactory(person__locality=world.locality),
        waiting_list=WaitingListFactory(partnership=world.partnership),
        added_on=today - datetime.timedelta(days=3),
    )
    for reason, day in [("", today), ("seen", today - datetime.timedelta(days=4))]:
        with pytest.raises(ValidationError):
            waiting_list_entry_remove(
                actor=actor, entry=entry, removal_reason=reason, removed_on=day
            )
    entry.refresh_from_db()
    assert entry.removed_on is None
