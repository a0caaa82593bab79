"""The pathway API answers as the pages do: scope (404), role (403), bad input (400, nothing
changed), and moves only along the pathway."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cls_portal.permissions import Role
from conversations.models import (
    Conversation,
    CrisisPlan,
    Episode,
    OutcomeReview,
    WaitingList,
    WaitingListEntry,
    WellbeingScore,
)
from tests.conversations.factories import (
    CrisisPlanFactory,
    PersonalOutcomeFactory,
    WaitingListEntryFactory,
)
from tests.factories import EpisodeFactory, WaitingListFactory

DAY = datetime.timedelta(days=1)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def u(name, *args):
    return reverse(name, args=args)


@pytest.mark.parametrize(
    "endpoint",
    [
        lambda e: u("api_episode_detail", e.pk),
        lambda e: u("api_episode_list") + f"?person={e.person_id}",
        lambda e: u("api_conversation_list") + f"?episode={e.pk}",
        lambda e: u("api_crisis_plan_list"),
        lambda e: u("api_support_plan_list"),
        lambda e: u("api_personal_outcome_list"),
        lambda e: u("api_wellbeing_list"),
    ],
)
def test_case_endpoints_refuse_hscp_leads(episode, make_user, endpoint):
    assert api(make_user(Role.HSCP_LEAD)).get(endpoint(episode)).status_code == 403


def test_episodes_are_scoped_to_partnership_and_locality(
    episode, practitioner, south_practitioner, outsider
):
    detail = u("api_episode_detail", episode.pk)
    body = api(practitioner).get(detail).json()
    assert (body["state"], body["days_to_first_conversation"]) == ("conversation_1", 2)
    assert api(south_practitioner).get(detail).status_code == 404
    assert api(outsider).get(detail).status_code == 404
    assert api(practitioner).get(u("api_episode_list")).json()["count"] == 1
    assert api(south_practitioner).get(u("api_episode_list")).json()["count"] == 0
    assert api(outsider).get(u("api_episode_list")).json()["count"] == 0


def test_recording_a_crisis_conversation_moves_the_episode(episode, practitioner, today):
    response = api(practitioner).post(
        u("api_episode_conversations", episode.pk),
        {
            "kind": 2,
            "held_on": today.isoformat(),
            "place": "home",
            "what_matters": "Safe",
            "plan": "Daily calls",
            "rag": "red",
            "review_by": (today + 2 * DAY).isoformat(),
            "new_outcomes": ["Feel safe at home"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    episode.refresh_from_db()
    assert episode.state == Episode.State.CONVERSATION_2
    plan = CrisisPlan.objects.get()
    assert plan.rag == "red"
    board = api(practitioner).get(u("api_crisis_board")).json()["results"]
    assert [(row["episode"], row["rag"], row["review_overdue"]) for row in board] == [
        (episode.pk, "red", False)
    ]


def test_a_refused_move_is_a_400_with_the_reason_and_nothing_changes(person, practitioner, today):
    waiting = EpisodeFactory(person=person, state=Episode.State.WAITING, first_contact_on=today)
    response = api(practitioner).post(
        u("api_episode_conversations", waiting.pk),
        {
            "kind": 3,
            "held_on": today.isoformat(),
            "place": "home",
            "what_matters": "x",
            "summary": "plan",
            "new_outcomes": ["y"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "cannot move" in response.json()["non_field_errors"][0]
    waiting.refresh_from_db()
    assert waiting.state == Episode.State.WAITING
    assert not Conversation.objects.exists()


def test_a_crisis_conversation_without_a_plan_says_which_fields(episode, practitioner, today):
    response = api(practitioner).post(
        u("api_episode_conversations", episode.pk),
        {
            "kind": 2,
            "held_on": today.isoformat(),
            "place": "home",
            "what_matters": "x",
            "review_by": (today - DAY).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"plan", "rag", "review_by"}
    assert not Conversation.objects.exists()


def test_a_conversation_at_a_session_on_another_day_is_a_400(world, episode, practitioner, today):
    from tests.factories import HubSessionFactory

    session = HubSessionFactory(hub__locality=world.locality, date=today - DAY)
    response = api(practitioner).post(
        u("api_episode_conversations", episode.pk),
        {
            "kind": 1,
            "held_on": today.isoformat(),
            "place": "hub_session",
            "hub_session": session.pk,
            "what_matters": "x",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"hub_session": ["The session was on another day."]}
    assert not Conversation.objects.exists()


def test_hub_workers_record_conversation_1_but_not_2(episode, make_user, today):
    client = api(make_user(Role.HUB_WORKER))
    data = {"held_on": today.isoformat(), "place": "hub_session", "what_matters": "x"}
    response = client.post(
        u("api_episode_conversations", episode.pk), {"kind": 2, **data}, format="json"
    )
    assert response.status_code == 403
    response = client.post(
        u("api_episode_conversations", episode.pk), {"kind": 1, **data}, format="json"
    )
    assert response.status_code == 201
    assert (
        client.post(u("api_episode_close", episode.pk), {"reason": "declined"}).status_code == 403
    )


def test_outsiders_cannot_move_an_episode(episode, outsider, south_practitioner):
    for user in (outsider, south_practitioner):
        assert (
            api(user).post(u("api_episode_close", episode.pk), {"reason": "died"}).status_code
            == 404
        )
    episode.refresh_from_db()
    assert episode.state == Episode.State.CONVERSATION_1


def test_close_then_reopen(episode, practitioner):
    client = api(practitioner)
    response = client.post(u("api_episode_close", episode.pk), {"reason": "connected_community"})
    assert response.status_code == 200 and response.json()["state"] == "closed"
    response = client.post(u("api_episode_reopen", episode.pk), {"channel": "phone"})
    assert response.status_code == 201
    assert response.json()["reopened_from"] == episode.pk
    again = client.post(u("api_episode_close", episode.pk), {"reason": "died"})
    assert again.status_code == 400 and "closed" in again.json()["non_field_errors"][0]


def test_opening_an_episode_for_a_person(person, practitioner, outsider, today):
    data = {"person": person.pk, "first_contact_on": today.isoformat(), "channel": "phone"}
    assert api(outsider).post(u("api_episode_list"), data).status_code == 404
    response = api(practitioner).post(u("api_episode_list"), data)
    assert response.status_code == 201 and response.json()["state"] == "waiting"
    assert api(practitioner).post(u("api_episode_list"), data).status_code == 400


def test_updating_a_crisis_plan(world, practitioner, south_practitioner, make_user, today):
    plan = CrisisPlanFactory(conversation__episode__person__locality=world.locality, rag="red")
    detail = u("api_crisis_plan_detail", plan.pk)
    change = {"rag": "green", "review_by": (today + DAY).isoformat()}
    assert api(south_practitioner).patch(detail, change).status_code == 404
    assert api(make_user(Role.HUB_WORKER)).patch(detail, change).status_code == 403
    bad = api(practitioner).patch(detail, {"rag": "green", "review_by": (today - DAY).isoformat()})
    assert bad.status_code == 400 and "past" in bad.json()["review_by"][0]
    assert api(practitioner).patch(detail, change).json()["rag"] == "green"


def test_outcomes_reviews_and_wellbeing(episode, practitioner, outsider):
    client = api(practitioner)
    response = client.post(
        u("api_personal_outcome_list"), {"episode": episode.pk, "statement": "Not to be lonely"}
    )
    assert response.status_code == 201
    outcome_id = response.json()["id"]
    response = client.post(u("api_outcome_review_create", outcome_id), {"status": "met"})
    assert response.status_code == 201
    listed = client.get(u("api_personal_outcome_list") + f"?episode={episode.pk}").json()
    assert listed["results"][0]["reviews"][0]["status"] == "met"
    assert (
        api(outsider)
        .post(u("api_outcome_review_create", outcome_id), {"status": "met"})
        .status_code
        == 404
    )
    assert OutcomeReview.objects.count() == 1

    scores = {
        "episode": episode.pk,
        "measure": "ons4",
        "life_satisfaction": 6,
        "worthwhile": 7,
        "happiness": 11,
        "anxiety": 2,
    }
    bad = client.post(u("api_wellbeing_list"), scores)
    assert bad.status_code == 400
    assert bad.json() == {"happiness": ["Happiness must be a whole number from 0 to 10."]}
    assert not WellbeingScore.objects.exists()
    scores["happiness"] = 5
    assert client.post(u("api_wellbeing_list"), scores).status_code == 201
    swemwbs = client.post(
        u("api_wellbeing_list"),
        {"episode": episode.pk, "measure": "swemwbs"} | {f"swemwbs_{n}": 3 for n in range(1, 8)},
    )
    assert swemwbs.status_code == 400 and "licence" in swemwbs.json()["measure"][0]


def test_waiting_lists_through_the_api(world, episode, practitioner, make_user, today):
    ot = WaitingListFactory(partnership=world.partnership, name="OT assessment")
    client = api(practitioner)
    response = client.post(
        u("api_waiting_list_entry_list"),
        {"episode": episode.pk, "waiting_list": ot.pk, "added_on": (today - 9 * DAY).isoformat()},
    )
    assert response.status_code == 201
    entry_id = response.json()["id"]
    assert response.json()["days_on_list"] == 9
    lists = client.get(u("api_waiting_list_list")).json()
    assert [(wl["name"], wl["waiting"]) for wl in lists] == [("OT assessment", 1)]
    past = client.get(u("api_waiting_list_list") + f"?as_at={(today - 10 * DAY).isoformat()}")
    assert past.json()[0]["waiting"] == 0

    hub_worker = api(make_user(Role.HUB_WORKER))
    assert hub_worker.get(u("api_waiting_list_entry_list")).status_code == 200
    assert (
        hub_worker.post(
            u("api_waiting_list_entry_remove", entry_id), {"removal_reason": "seen"}
        ).status_code
        == 403
    )

    offer = client.post(u("api_waiting_list_offer", ot.pk), {"entries": [entry_id]}, format="json")
    assert offer.status_code == 201
    hub_list = WaitingList.objects.get(is_hub_appointments=True)
    assert offer.json()[0]["waiting_list"] == hub_list.pk
    assert WaitingListEntry.objects.get(pk=entry_id).removal_reason == "hub_appointment"
    again = client.post(u("api_waiting_list_offer", ot.pk), {"entries": [entry_id]}, format="json")
    assert again.status_code == 400


def test_waiting_list_entries_scope_and_lists_in_bounded_queries(
    world, practitioner, outsider, django_assert_max_num_queries
):
    ot = WaitingListFactory(partnership=world.partnership)
    for _ in range(20):
        WaitingListEntryFactory(episode__person__locality=world.locality, waiting_list=ot)
    entry = WaitingListEntry.objects.first()
    assert api(outsider).get(u("api_waiting_list_entry_detail", entry.pk)).status_code == 404
    client = api(practitioner)
    with django_assert_max_num_queries(4):
        response = client.get(u("api_waiting_list_entry_list") + f"?waiting_list={ot.pk}")
    assert response.json()["count"] == 20
    outcome = PersonalOutcomeFactory(episode=entry.episode)
    with django_assert_max_num_queries(5):
        assert client.get(u("api_personal_outcome_list")).json()["results"][0]["id"] == outcome.pk
    bad = client.get(u("api_waiting_list_entry_list") + "?as_at=yesterday")
    assert bad.status_code == 400 and "as_at" in bad.json()


def test_reading_case_records_through_the_api_is_logged_once_per_person(
    world, episode, practitioner
):
    from cls_portal.audit.models import AuditEntry
    from tests.factories import ConversationFactory

    ConversationFactory(episode=episode)
    ConversationFactory(episode=episode)
    other = EpisodeFactory(person__locality=world.locality)
    ConversationFactory(episode=other)
    client = api(practitioner)
    assert client.get(u("api_conversation_list")).json()["count"] == 3
    views = AuditEntry.objects.filter(action="view", actor=practitioner)
    assert sorted(views.values_list("person_id", flat=True)) == sorted(
        [episode.person_id, other.person_id]
    )
    client.get(u("api_episode_detail", episode.pk))
    assert views.filter(person_id=episode.person_id).count() == 2
    assert not AuditEntry.objects.filter(action="view", actor=practitioner, person_id=None).exists()
