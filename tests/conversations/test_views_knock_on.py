"""No silent side effects: a move on the pathway that would end an open crisis plan asks first
(a box to tick, named with the plan's status and review date), and every knock-on effect (the
plan ended, waiting lists left, the hub appointment list) is said on the confirmation."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse

from conversations.models import Conversation, CrisisPlan, Episode, WaitingListEntry
from tests.conversations.factories import CrisisPlanFactory, WaitingListEntryFactory
from tests.factories import (
    EpisodeFactory,
    HubFactory,
    HubSessionFactory,
    PersonFactory,
    WaitingListFactory,
)

DAY = datetime.timedelta(days=1)


def in_crisis(person, today, *, rag="red", review_by):
    episode = EpisodeFactory(
        person=person,
        state=Episode.State.CONVERSATION_2,
        first_contact_on=today - 40 * DAY,
        first_conversation_on=today - 30 * DAY,
        last_conversation_on=today - 10 * DAY,
        crisis_started_on=today - 10 * DAY,
    )
    plan = CrisisPlanFactory(
        conversation__episode=episode,
        conversation__held_on=today - 10 * DAY,
        rag=rag,
        review_by=review_by,
    )
    return episode, plan


def conversation_3(today, **extra):
    return {
        "held_on": today.isoformat(),
        "place": "home",
        "what_matters": "A life beyond these walls",
        "new_outcomes": "Not to be lonely",
        "summary": "Shed on Tuesdays",
        "submission_token": str(uuid.uuid4()),
        **extra,
    }


def short(day: datetime.date) -> str:
    return f"{day.day} {day:%b}"


# A review still ahead, one due today and one overdue: the question names each as it stands.
@pytest.mark.parametrize("review_in", [3, 0, -2])
def test_conversation_3_asks_before_ending_an_open_crisis_plan_and_says_it_did(
    person, practitioner, login, today, review_in
):
    review_by = today + review_in * DAY
    episode, plan = in_crisis(person, today, review_by=review_by)
    client = login(practitioner)
    create = reverse("conversations:conversation_create", args=[episode.pk, 3])
    words = f"the crisis plan (Red, review by {short(review_by)})"

    page = client.get(create).content.decode()
    assert f"This will end {words}. End it?" in page
    assert f"Yes, end {words}" in page  # the box to tick, with its label

    # Saved without the tick: nothing happens, and the page says what to do.
    response = client.post(create, conversation_3(today))
    assert response.status_code == 200
    assert f"Tick to confirm you want to end {words}" in response.content.decode()
    plan.refresh_from_db()
    episode.refresh_from_db()
    assert plan.ended_on is None and episode.state == Episode.State.CONVERSATION_2
    assert not Conversation.objects.filter(kind=3).exists()

    response = client.post(create, conversation_3(today, end_crisis_plan="on"), follow=True)
    page = response.content.decode()
    assert (
        f"Conversation 3: build a good life recorded. The crisis plan (Red, review by "
        f"{short(review_by)}) has ended." in page
    )
    plan.refresh_from_db()
    assert plan.ended_on == today


def test_conversation_1_from_crisis_asks_too(person, practitioner, login, today):
    episode, _ = in_crisis(person, today, rag="amber", review_by=today + 5 * DAY)
    create = reverse("conversations:conversation_create", args=[episode.pk, 1])
    page = login(practitioner).get(create).content.decode()
    assert f"This will end the crisis plan (Amber, review by {short(today + 5 * DAY)})" in page


def test_no_question_when_no_plan_would_end(episode, practitioner, login, today, world):
    client = login(practitioner)
    page = client.get(
        reverse("conversations:conversation_create", args=[episode.pk, 3])
    ).content.decode()
    assert "Before you save" not in page and "end_crisis_plan" not in page
    # Another crisis conversation on an episode already in crisis keeps its plan: no question.
    crisis_episode, _ = in_crisis(PersonFactory(locality=world.locality), today, review_by=today)
    page = client.get(
        reverse("conversations:conversation_create", args=[crisis_episode.pk, 2])
    ).content.decode()
    assert "Before you save" not in page


def test_a_plan_opened_after_the_page_was_drawn_is_not_ended_unasked(
    person, practitioner, login, today
):
    """The form sent had no box (there was no plan then); the plan made since is asked about."""
    episode, plan = in_crisis(person, today, review_by=today + DAY)
    create = reverse("conversations:conversation_create", args=[episode.pk, 3])
    response = login(practitioner).post(create, conversation_3(today))
    assert response.status_code == 200
    assert "Tick to confirm you want to end the crisis plan" in response.content.decode()
    plan.refresh_from_db()
    assert plan.ended_on is None


def test_closing_says_which_waiting_lists_they_come_off_before_and_after(
    episode, practitioner, login, today, world
):
    for name in ("Befriending", "Carers' respite"):
        WaitingListEntryFactory(
            episode=episode,
            waiting_list=WaitingListFactory(partnership=world.partnership, name=name),
            added_on=today - 20 * DAY,
        )
    client = login(practitioner)
    close = reverse("conversations:episode_close", args=[episode.pk])
    page = client.get(close).content.decode()
    assert (
        "Closing takes them off the waiting lists “Befriending” and “Carers&#x27; respite”." in page
    )
    assert "end_crisis_plan" not in page  # no crisis plan: nothing to tick

    response = client.post(
        close, {"reason": "declined", "closed_on": today.isoformat()}, follow=True
    )
    page = response.content.decode()
    assert (
        "Episode closed. They are off the waiting lists “Befriending” and “Carers&#x27; respite”."
        in page
    )
    assert WaitingListEntry.objects.filter(removed_on=today).count() == 2


def test_closing_in_crisis_asks_before_ending_the_plan(person, practitioner, login, today):
    episode, _ = in_crisis(person, today, review_by=today - DAY)
    client = login(practitioner)
    close = reverse("conversations:episode_close", args=[episode.pk])
    data = {"reason": "declined", "closed_on": today.isoformat()}
    words = f"the crisis plan (Red, review by {short(today - DAY)})"
    assert f"This will end {words}. End it?" in client.get(close).content.decode()
    assert f"Tick to confirm you want to end {words}" in client.post(close, data).content.decode()
    episode.refresh_from_db()
    assert episode.state == Episode.State.CONVERSATION_2
    page = client.post(close, {**data, "end_crisis_plan": "on"}, follow=True).content.decode()
    assert (
        f"Episode closed. The crisis plan (Red, review by {short(today - DAY)}) has ended." in page
    )
    assert CrisisPlan.objects.get().ended_on == today


def test_a_conversation_at_a_hub_says_they_are_off_the_hub_appointment_list(
    episode, practitioner, login, today, world
):
    hub_list = WaitingListFactory(partnership=world.partnership, is_hub_appointments=True)
    WaitingListEntryFactory(episode=episode, waiting_list=hub_list, added_on=today - 5 * DAY)
    session = HubSessionFactory(hub=HubFactory(locality=world.locality), date=today)
    response = login(practitioner).post(
        reverse("conversations:conversation_create", args=[episode.pk, 1]),
        {
            "held_on": today.isoformat(),
            "place": Conversation.Place.HUB_SESSION,
            "hub_session": session.pk,
            "what_matters": "Getting out more",
            "submission_token": str(uuid.uuid4()),
        },
        follow=True,
    )
    page = response.content.decode()
    assert (
        "Conversation 1: listen and connect recorded. They are off the hub appointment list (seen)."
        in page
    )
    assert WaitingListEntry.objects.get().removal_reason == WaitingListEntry.RemovalReason.SEEN
