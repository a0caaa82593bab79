"""The pathway in the browser: a person from a drop-in through crisis to a long-term plan, every
refused move explained on the page with nothing changed, and who may do what."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from conversations.models import Conversation, CrisisPlan, Episode, PersonalOutcome, SupportPlan
from tests.factories import CommunitySolutionFactory, ConversationFactory, EpisodeFactory

State = Episode.State
DAY = datetime.timedelta(days=1)


def conversation_data(**extra):
    today = timezone.localdate()
    return {
        "held_on": today.isoformat(),
        "place": "home",
        "what_matters": "Keeping my husband at home",
        "strengths_own": "Determined",
        "submission_token": str(uuid.uuid4()),
        **extra,
    }


def url(name, *args):
    return reverse(f"conversations:{name}", args=args)


def test_a_practitioner_takes_a_person_from_a_drop_in_through_crisis_to_a_plan(
    episode, person, practitioner, login, world, today
):
    client = login(practitioner)
    ConversationFactory(episode=episode, held_on=today - 28 * DAY, what_happened="crisis")
    solution = CommunitySolutionFactory(partnership=world.partnership, name="Men's Shed")
    solution.localities.add(world.locality)

    page = client.get(url("person_detail", person.pk)).content.decode()
    assert "Record conversation 2" in page and "Record conversation 3" in page

    response = client.post(
        url("conversation_create", episode.pk, 2),
        conversation_data(
            plan="Daily call; respite bed from Friday",
            rag="red",
            review_by=(today + 2 * DAY).isoformat(),
            new_outcomes="Feel safe at home",
        ),
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.state == State.CONVERSATION_2
    assert CrisisPlan.objects.get().rag == "red"

    outcome = PersonalOutcome.objects.get()
    response = client.post(
        url("conversation_create", episode.pk, 3),
        conversation_data(
            outcomes=[outcome.pk],
            new_outcomes="Get back to the allotment",
            summary="Shed twice a week; four hours' personal care",
            community_solutions=[solution.pk],
            paid_support="Four hours of personal care a week",
            end_crisis_plan="on",  # asked first: the crisis plan ends with this move
        ),
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.state == State.CONVERSATION_3
    plan = SupportPlan.objects.get()
    assert plan.outcomes.count() == 2 and list(plan.community_solutions.all()) == [solution]
    assert CrisisPlan.objects.get().ended_on == today  # the crisis is over

    page = client.get(url("person_detail", person.pk)).content.decode()
    assert "Shed twice a week" in page
    assert "Daily call; respite bed from Friday" in page
    assert "Feel safe at home" in page
    assert f"{reverse('peer_forum:request_create')}?episode={episode.pk}" in page
    assert "Request funding" in page


@pytest.mark.parametrize(
    ("state", "kind"),
    [
        (State.WAITING, 3),
        (State.CONVERSATION_3, 1),
        (State.CLOSED, 1),
        (State.CLOSED, 2),
    ],
)
def test_a_refused_move_is_explained_on_the_page_and_changes_nothing(
    person, practitioner, login, state, kind, today
):
    episode = EpisodeFactory(
        person=person,
        state=state,
        first_contact_on=today - 5 * DAY,
        closed_on=today if state == State.CLOSED else None,
        close_reason="declined" if state == State.CLOSED else "",
    )
    client = login(practitioner)
    page = client.get(url("conversation_create", episode.pk, kind)).content.decode()
    assert "This move is not possible" in page
    assert "Save the conversation" not in page
    extra = {
        "plan": "p",
        "rag": "red",
        "review_by": today.isoformat(),
        "summary": "s",
        "new_outcomes": "o",
    }
    response = client.post(url("conversation_create", episode.pk, kind), conversation_data(**extra))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "cannot move" in page or "is closed" in page
    episode.refresh_from_db()
    assert episode.state == state
    assert not Conversation.objects.exists()
    assert not AuditEntry.objects.exclude(action="view").exists()


def test_bad_input_is_explained_beside_the_field_and_changes_nothing(
    episode, practitioner, login, today
):
    response = login(practitioner).post(
        url("conversation_create", episode.pk, 2),
        conversation_data(
            what_matters="", plan="Calls", rag="red", review_by=(today - DAY).isoformat()
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." not in page
    assert "Say what matters to them, in their words" in page
    assert "The review-by date cannot be in the past." in page
    assert 'aria-describedby="id_review_by_helptext id_review_by_error"' in page
    episode.refresh_from_db()
    assert episode.state == State.CONVERSATION_1
    assert not Conversation.objects.exists()


def test_a_double_clicked_save_records_one_conversation(episode, practitioner, login):
    client = login(practitioner)
    data = conversation_data()
    for _ in range(2):
        assert client.post(url("conversation_create", episode.pk, 1), data).status_code == 302
    assert Conversation.objects.count() == 1


def test_close_and_reopen_as_a_new_episode(episode, person, practitioner, login, today):
    client = login(practitioner)
    response = client.post(
        url("episode_close", episode.pk),
        {"reason": "connected_community", "closed_on": today.isoformat()},
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert (episode.state, episode.close_reason) == (State.CLOSED, "connected_community")

    page = client.get(url("person_detail", person.pk)).content.decode()
    assert "Reopen as a new episode" in page
    response = client.post(
        url("episode_reopen", episode.pk),
        {"first_contact_on": today.isoformat(), "channel": "phone", "source": "family"},
    )
    assert response.status_code == 302
    new = Episode.objects.exclude(pk=episode.pk).get()
    assert (new.state, new.reopened_from, new.source) == (State.WAITING, episode, "family")


def test_closing_without_a_reason_or_reopening_an_open_episode_is_refused(
    episode, practitioner, login, today
):
    client = login(practitioner)
    response = client.post(url("episode_close", episode.pk), {"closed_on": today.isoformat()})
    assert response.status_code == 200
    assert "Choose why the episode is closing" in response.content.decode()
    response = client.post(
        url("episode_reopen", episode.pk),
        {"first_contact_on": today.isoformat(), "channel": "phone", "source": "self"},
    )
    assert "Only a closed episode can be reopened." in response.content.decode()
    assert Episode.objects.count() == 1
    episode.refresh_from_db()
    assert episode.state == State.CONVERSATION_1


def test_starting_an_episode_for_someone_with_none(person, practitioner, login, today):
    response = login(practitioner).post(
        url("episode_start", person.pk),
        {"first_contact_on": today.isoformat(), "channel": "referral", "source": "gp"},
    )
    assert response.status_code == 302
    assert Episode.objects.get(person=person).state == State.WAITING


def test_a_hub_worker_records_listening_conversations_but_not_crisis_or_closing(
    episode, make_user, login
):
    client = login(make_user(Role.HUB_WORKER))
    assert client.get(url("conversation_create", episode.pk, 1)).status_code == 200
    for page in (
        url("conversation_create", episode.pk, 2),
        url("conversation_create", episode.pk, 3),
        url("episode_close", episode.pk),
        url("episode_reopen", episode.pk),
    ):
        assert client.get(page).status_code == 403


PAGES = [
    lambda e: url("conversation_create", e.pk, 1),
    lambda e: url("conversation_create", e.pk, 2),
    lambda e: url("conversation_create", e.pk, 3),
    lambda e: url("episode_close", e.pk),
    lambda e: url("episode_reopen", e.pk),
    lambda e: url("episode_start", e.person_id),
]


@pytest.mark.parametrize("page", PAGES)
def test_every_pathway_page_answers_by_role_and_scope(
    page, episode, practitioner, south_practitioner, outsider, make_user, login
):
    assert login(practitioner).get(page(episode)).status_code == 200
    assert login(make_user(Role.HSCP_LEAD)).get(page(episode)).status_code == 403
    assert login(outsider).get(page(episode)).status_code == 404
    assert login(south_practitioner).get(page(episode)).status_code == 404
    response = login(outsider).post(page(episode), conversation_data(reason="died"))
    assert response.status_code == 404
    episode.refresh_from_db()
    assert episode.state == State.CONVERSATION_1


def test_an_unknown_conversation_kind_is_not_found(episode, practitioner, login):
    assert login(practitioner).get(url("conversation_create", episode.pk, 4)).status_code == 404


# Every (state, move) through the pages, against the pathway as the issue states it.
ALLOWED_THROUGH_PAGES = {
    (State.WAITING, "1"),
    (State.WAITING, "2"),
    (State.WAITING, "close"),
    (State.CONVERSATION_1, "1"),
    (State.CONVERSATION_1, "2"),
    (State.CONVERSATION_1, "3"),
    (State.CONVERSATION_1, "close"),
    (State.CONVERSATION_2, "1"),
    (State.CONVERSATION_2, "2"),
    (State.CONVERSATION_2, "3"),
    (State.CONVERSATION_2, "close"),
    (State.CONVERSATION_3, "2"),
    (State.CONVERSATION_3, "3"),
    (State.CONVERSATION_3, "close"),
}  # staying in the same conversation (another conversation of that kind) is always fine


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("move", ["1", "2", "3", "close"])
def test_every_move_through_the_pages_is_allowed_or_refused_as_documented(
    person, practitioner, login, state, move, today
):
    closed = state == State.CLOSED
    episode = EpisodeFactory(
        person=person,
        state=state,
        first_contact_on=today - 5 * DAY,
        closed_on=today - DAY if closed else None,
        close_reason="declined" if closed else "",
    )
    client = login(practitioner)
    if move == "close":
        response = client.post(
            url("episode_close", episode.pk), {"reason": "declined", "closed_on": today.isoformat()}
        )
    else:
        data = conversation_data(
            plan="p", rag="amber", review_by=today.isoformat(), summary="s", new_outcomes="o"
        )
        response = client.post(url("conversation_create", episode.pk, int(move)), data)
    episode.refresh_from_db()
    if (state, move) in ALLOWED_THROUGH_PAGES:
        assert response.status_code == 302
        expected = State.CLOSED if move == "close" else f"conversation_{move}"
        assert episode.state == expected
    else:
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
        assert episode.state == state
        assert not Conversation.objects.exists()
