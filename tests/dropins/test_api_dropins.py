"""Logging drop-ins, a session's visits and its footfall through the API: the same rules and
scope as the pages."""

from __future__ import annotations

import datetime
import uuid

from django.urls import reverse

from cls_portal.permissions import Role
from conversations.models import Conversation, Person, Signpost
from tests.factories import (
    CommunitySolutionFactory,
    ConversationFactory,
    EpisodeFactory,
    PersonFactory,
)


def body(session, **extra) -> dict:
    return {
        "session": session.pk,
        "new_person": {"first_name": "Isla", "last_name": "Kerr"},
        "what_matters": "Company",
        "what_happened": "follow_up",
        "next_step": "Next week",
        "submission_token": str(uuid.uuid4()),
        **extra,
    }


def post(client, data):
    return client.post(reverse("api_dropin"), data, content_type="application/json")


def test_a_drop_in_by_api_is_recorded_once_however_often_it_is_sent(
    users, login, session, solution
):
    client = login(users[Role.HUB_WORKER])
    data = body(session, what_happened="connected", solutions=[solution.pk])
    first, second = post(client, data), post(client, data)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["created"] and not second.json()["created"]
    assert first.json()["conversation"] == second.json()["conversation"]
    assert first.json()["signposts"][0]["solution_name"] == solution.name
    assert Person.objects.count() == 1 and Conversation.objects.count() == 1


def test_a_likely_duplicate_gets_409_with_the_candidates(world, users, login, session):
    known = PersonFactory(locality=world.locality, first_name="Isla", last_name="Kerr",
                          date_of_birth=datetime.date(1950, 1, 1))  # fmt: skip
    client = login(users[Role.HUB_WORKER])
    data = body(
        session,
        new_person={"first_name": "Isla", "last_name": "Kerr", "date_of_birth": "1950-01-01"},
    )
    conflict = post(client, data)
    assert conflict.status_code == 409
    assert [c["id"] for c in conflict.json()["candidates"]] == [known.pk]
    assert post(client, data | {"person": known.pk, "new_person": None}).status_code == 201
    assert Person.objects.count() == 1


def test_a_person_of_another_partnership_is_never_a_likely_duplicate_by_api(
    world, users, login, session
):
    PersonFactory(locality=world.outsider_locality, first_name="Isla", last_name="Kerr",
                  date_of_birth=datetime.date(1950, 1, 1))  # fmt: skip
    data = body(
        session,
        new_person={"first_name": "Isla", "last_name": "Kerr", "date_of_birth": "1950-01-01"},
    )
    response = post(login(users[Role.HUB_WORKER]), data)
    assert response.status_code == 201
    assert Person.objects.filter(partnership=world.partnership).count() == 1


def test_bad_input_by_api_gets_field_messages_and_changes_nothing(
    world, users, login, session, outsider_solution
):
    client = login(users[Role.HUB_WORKER])
    bad_chi = post(
        client,
        body(
            session, new_person={"first_name": "A", "last_name": "B", "health_number": "1234567890"}
        ),
    )
    assert bad_chi.status_code == 400 and "last digit does not match" in str(bad_chi.json())
    no_list = post(client, body(session, what_happened="waiting_list"))
    assert no_list.status_code == 400 and "waiting_list" in no_list.json()
    foreign = post(
        client, body(session, what_happened="connected", solutions=[outsider_solution.pk])
    )
    assert foreign.status_code == 400
    nobody = post(client, body(session, new_person=None))
    assert nobody.status_code == 400
    assert not Person.objects.exists() and not Conversation.objects.exists()


def test_the_api_offers_the_same_directory_entries_as_the_page(world, users, login, session):
    """Only active entries available at the session's hub: one for another locality only, or
    one no longer running, is refused as the form refuses it, and nothing is recorded."""
    elsewhere = CommunitySolutionFactory(partnership=world.partnership, name="South Walks")
    elsewhere.localities.set([world.other_locality])
    ended = CommunitySolutionFactory(partnership=world.partnership, is_active=False)
    client = login(users[Role.HUB_WORKER])
    for entry in (elsewhere, ended):
        response = post(client, body(session, what_happened="connected", solutions=[entry.pk]))
        assert response.status_code == 400
        assert "available at this hub" in str(response.json()["solutions"])
    assert not Conversation.objects.exists() and not Signpost.objects.exists()


def test_drop_ins_by_api_are_scoped(world, users, login, session, other_session):
    assert post(login(users[Role.HSCP_LEAD]), body(session)).status_code == 403
    assert post(login(users["outsider_hub_worker"]), body(session)).status_code == 404
    assert post(login(users[Role.HUB_WORKER]), body(other_session)).status_code == 404
    stranger = PersonFactory(locality=world.outsider_locality)
    assert post(login(users[Role.HUB_WORKER]), body(session, person=stranger.pk)).status_code == 404
    assert not Conversation.objects.exists()


def test_a_sessions_visits_and_footfall_by_api(world, users, login, session, other_session):
    episode = EpisodeFactory(person=PersonFactory(locality=world.locality, first_name="Morag"))
    ConversationFactory(episode=episode, hub_session=session)
    ConversationFactory(episode=episode, hub_session=session)
    session.anonymous_count = 3
    session.save()
    client = login(users[Role.HUB_WORKER])
    footfall = client.get(reverse("api_session_footfall", args=[session.pk])).json()
    assert footfall == {"named": 1, "anonymous": 3, "total": 4}
    visits = client.get(reverse("api_session_visits", args=[session.pk])).json()
    assert visits["count"] == 2 and visits["results"][0]["person_name"].startswith("Morag")
    assert client.get(reverse("api_session_footfall", args=[other_session.pk])).status_code == 404
    assert (
        login(users["outsider_hub_worker"])
        .get(reverse("api_session_visits", args=[session.pk]))
        .status_code
        == 404
    )
    assert (
        login(users[Role.ADMIN]).get(reverse("api_session_visits", args=[session.pk])).status_code
        == 403
    )


def test_a_sessions_visits_by_api_run_a_bounded_number_of_queries(
    world, users, login, session, solution, django_assert_max_num_queries
):
    for index in range(20):
        episode = EpisodeFactory(
            person=PersonFactory(locality=world.locality, first_name=f"P{index}")
        )
        conversation = ConversationFactory(episode=episode, hub_session=session)
        Signpost.objects.create(
            episode=episode,
            conversation=conversation,
            solution=solution,
            created_on=conversation.held_on,
        )
    client = login(users[Role.HUB_WORKER])
    with django_assert_max_num_queries(12):
        body = client.get(reverse("api_session_visits", args=[session.pk])).json()
    assert body["count"] == 20 and body["results"][0]["signposts"] == [solution.name]
