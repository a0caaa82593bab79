"""Offering hub appointments in one go, and the list as it stood on a past day."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from conversations.models import WaitingList, WaitingListEntry
from conversations.selectors.waiting_lists import waiting_list_entries_on, waiting_list_index
from conversations.services.waiting_lists import (
    waiting_list_create,
    waiting_list_entry_add,
    waiting_list_offer_hub_appointments,
)
from tests.conversations.factories import WaitingListEntryFactory
from tests.factories import EpisodeFactory, HubSessionFactory, WaitingListFactory

DAY = datetime.timedelta(days=1)
D = datetime.date


@pytest.fixture
def practitioner(make_user):
    return make_user("practitioner")


@pytest.fixture
def sw_list(world):
    return WaitingListFactory(partnership=world.partnership, name="Social work assessment")


def test_offering_a_hub_appointment_moves_everyone_chosen_onto_the_hub_path(
    world, practitioner, sw_list, today
):
    entries = [
        WaitingListEntryFactory(
            episode__person__locality=world.locality,
            waiting_list=sw_list,
            added_on=today - 30 * DAY,
            priority=priority,
        )
        for priority in ("urgent", "routine", "routine")
    ]
    session = HubSessionFactory(hub__locality=world.locality, date=today + 3 * DAY)
    offered = waiting_list_offer_hub_appointments(
        actor=practitioner, waiting_list=sw_list, entries=entries[:2], appointment_session=session
    )
    hub_list = WaitingList.objects.get(partnership=world.partnership, is_hub_appointments=True)
    for entry in entries[:2]:
        entry.refresh_from_db()
        assert (entry.removed_on, entry.removal_reason) == (today, "hub_appointment")
    entries[2].refresh_from_db()
    assert entries[2].removed_on is None  # not chosen: still waiting
    assert [(e.waiting_list, e.added_on, e.appointment_session, e.priority) for e in offered] == [
        (hub_list, today, session, "urgent"),
        (hub_list, today, session, "routine"),
    ]
    assert {e.episode_id for e in offered} == {entries[0].episode_id, entries[1].episode_id}


def test_an_offer_is_all_or_nothing(world, practitioner, sw_list, today):
    waiting = WaitingListEntryFactory(
        episode__person__locality=world.locality, waiting_list=sw_list
    )
    gone = WaitingListEntryFactory(
        episode__person__locality=world.locality,
        waiting_list=sw_list,
        removed_on=today,
        removal_reason="seen",
    )
    with pytest.raises(ValidationError, match="no longer on the list"):
        waiting_list_offer_hub_appointments(
            actor=practitioner, waiting_list=sw_list, entries=[waiting, gone]
        )
    waiting.refresh_from_db()
    assert waiting.removed_on is None
    assert not WaitingList.objects.filter(is_hub_appointments=True).exists()
    with pytest.raises(ValidationError, match="at least one"):
        waiting_list_offer_hub_appointments(actor=practitioner, waiting_list=sw_list, entries=[])


def test_people_already_waiting_for_a_hub_are_not_offered_again(world, practitioner, sw_list):
    hub_list = waiting_list_create(
        actor=practitioner,
        partnership=world.partnership,
        name="Hub appointment",
        is_hub_appointments=True,
    )
    entry = WaitingListEntryFactory(episode__person__locality=world.locality, waiting_list=hub_list)
    with pytest.raises(ValidationError, match="already waiting for a hub appointment"):
        waiting_list_offer_hub_appointments(
            actor=practitioner, waiting_list=hub_list, entries=[entry]
        )


def test_a_person_on_two_lists_gets_one_hub_appointment(world, practitioner, sw_list, today):
    ot_list = WaitingListFactory(partnership=world.partnership, name="OT assessment")
    episode = EpisodeFactory(person__locality=world.locality, first_contact_on=today - 40 * DAY)
    sw = waiting_list_entry_add(actor=practitioner, episode=episode, waiting_list=sw_list)
    ot = waiting_list_entry_add(actor=practitioner, episode=episode, waiting_list=ot_list)
    waiting_list_offer_hub_appointments(actor=practitioner, waiting_list=sw_list, entries=[sw])
    waiting_list_offer_hub_appointments(actor=practitioner, waiting_list=ot_list, entries=[ot])
    assert (
        WaitingListEntry.objects.filter(
            waiting_list__is_hub_appointments=True, removed_on__isnull=True
        ).count()
        == 1
    )


def test_the_list_as_it_stood_on_a_past_day(world, practitioner, sw_list):
    # Entries (added, removed) and whether each was on the list on 10 March 2026:
    #   A 1 Mar – still waiting        yes (added before, never removed)
    #   B 1 Mar – removed 10 Mar       no  (removed that day: added ≤ D < removed fails)
    #   C 5 Mar – removed 11 Mar       yes
    #   D 10 Mar – still waiting       yes (added that day)
    #   E 11 Mar – still waiting       no  (not yet added)
    #   F 1 Feb – removed 9 Mar        no
    spec = {
        "A": (D(2026, 3, 1), None),
        "B": (D(2026, 3, 1), D(2026, 3, 10)),
        "C": (D(2026, 3, 5), D(2026, 3, 11)),
        "D": (D(2026, 3, 10), None),
        "E": (D(2026, 3, 11), None),
        "F": (D(2026, 2, 1), D(2026, 3, 9)),
    }
    made = {}
    for name, (added, removed) in spec.items():
        made[name] = WaitingListEntryFactory(
            episode__person__locality=world.locality,
            episode__person__first_name=name,
            waiting_list=sw_list,
            added_on=added,
            removed_on=removed,
            removal_reason="seen" if removed else "",
        )
    on_day = waiting_list_entries_on(user=practitioner, waiting_list=sw_list, day=D(2026, 3, 10))
    assert {e.episode.person.first_name for e in on_day} == {"A", "C", "D"}
    counts = {
        wl.name: wl.waiting for wl in waiting_list_index(user=practitioner, day=D(2026, 3, 10))
    }
    assert counts == {"Social work assessment": 3}
    # A worker in another locality sees none of these people, now or then.
    elsewhere = type(practitioner).objects.create(
        username="south", role="practitioner", partnership=world.partnership
    )
    elsewhere.localities.set([world.other_locality])
    assert not waiting_list_entries_on(user=elsewhere, waiting_list=sw_list, day=D(2026, 3, 10))


def test_list_names_are_unique_and_there_is_one_hub_appointment_list(world, make_user):
    admin = make_user("admin")
    waiting_list_create(actor=admin, partnership=world.partnership, name="OT assessment")
    with pytest.raises(ValidationError, match="already a waiting list"):
        waiting_list_create(actor=admin, partnership=world.partnership, name="OT  Assessment")
    waiting_list_create(
        actor=admin, partnership=world.partnership, name="Hub", is_hub_appointments=True
    )
    with pytest.raises(ValidationError, match="already has a hub appointment list"):
        waiting_list_create(
            actor=admin, partnership=world.partnership, name="Hub 2", is_hub_appointments=True
        )
