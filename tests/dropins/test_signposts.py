"""Signposts and follow-up: the follow-up moves, the list of signposts due a check (scoped,
bounded), recording how one went through the page and the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from conversations.models import Signpost
from conversations.services.signposts import signpost_create, signpost_follow_up_record
from tests.factories import (
    CommunitySolutionFactory,
    ConversationFactory,
    EpisodeFactory,
    PersonFactory,
)

Status = Signpost.Status


def make_signpost(
    locality, solution, *, days_ago=30, due_in=-2, status=Status.SUGGESTED, name="Morag"
):
    today = timezone.localdate()
    held = today - datetime.timedelta(days=days_ago)
    episode = EpisodeFactory(
        person=PersonFactory(locality=locality, first_name=name), locality=locality,
        first_contact_on=held, first_conversation_on=held,
    )  # fmt: skip
    conversation = ConversationFactory(episode=episode, held_on=held)
    return Signpost.objects.create(
        episode=episode, conversation=conversation, solution=solution, status=status,
        created_on=held, follow_up_on=today + datetime.timedelta(days=due_in),
    )  # fmt: skip


@pytest.fixture
def signpost(world, solution):
    return make_signpost(world.locality, solution)


# ---------------------------------------------------------------- the rules


def test_a_signpost_must_point_at_a_running_entry_of_the_partnership(
    world, users, solution, outsider_solution
):
    conversation = ConversationFactory(
        episode=EpisodeFactory(person=PersonFactory(locality=world.locality))
    )
    worker = users[Role.HUB_WORKER]
    with pytest.raises(ValidationError, match="your partnership"):
        signpost_create(actor=worker, conversation=conversation, solution=outsider_solution)
    closed = CommunitySolutionFactory(partnership=world.partnership, is_active=False)
    with pytest.raises(ValidationError, match="no longer running"):
        signpost_create(actor=worker, conversation=conversation, solution=closed)
    signpost_create(actor=worker, conversation=conversation, solution=solution)
    with pytest.raises(ValidationError, match="already recorded"):
        signpost_create(actor=worker, conversation=conversation, solution=solution)


def test_taken_up_sets_the_follow_up_and_support_in_place_and_later_it_can_end(
    users, signpost, today
):
    worker = users[Role.HUB_WORKER]
    on = today - datetime.timedelta(days=1)
    taken = signpost_follow_up_record(
        actor=worker, signpost=signpost, status=Status.TAKEN_UP, on=on,
        difference_made="I look forward to Tuesdays now.",
    )  # fmt: skip
    assert (taken.status, taken.followed_up_on, taken.follow_up_on) == (Status.TAKEN_UP, on, None)
    assert taken.difference_made == "I look forward to Tuesdays now."
    signpost.episode.refresh_from_db()
    assert signpost.episode.support_in_place_on == on
    ended = signpost_follow_up_record(actor=worker, signpost=taken, status=Status.ENDED)
    assert ended.status == Status.ENDED and ended.followed_up_on == on  # the take-up check
    with pytest.raises(ValidationError, match="cannot become"):
        signpost_follow_up_record(actor=worker, signpost=ended, status=Status.TAKEN_UP)


def test_not_taken_up_needs_a_reason(users, signpost, today):
    worker = users[Role.HUB_WORKER]
    with pytest.raises(ValidationError) as error:
        signpost_follow_up_record(actor=worker, signpost=signpost, status=Status.NOT_TAKEN_UP)
    assert "not_taken_up_reason" in error.value.message_dict
    done = signpost_follow_up_record(
        actor=worker,
        signpost=signpost,
        status=Status.NOT_TAKEN_UP,
        not_taken_up_reason="no_capacity",
    )
    assert done.not_taken_up_reason == "no_capacity" and done.followed_up_on == today
    signpost.episode.refresh_from_db()
    assert signpost.episode.support_in_place_on is None


def test_introduced_schedules_the_next_check(users, signpost, today):
    later = today + datetime.timedelta(days=14)
    done = signpost_follow_up_record(
        actor=users[Role.HUB_WORKER],
        signpost=signpost,
        status=Status.INTRODUCED,
        next_follow_up_on=later,
    )
    assert (done.status, done.follow_up_on, done.followed_up_on) == (Status.INTRODUCED, later, None)


def test_follow_up_dates_must_be_real(users, signpost, today):
    worker = users[Role.HUB_WORKER]
    with pytest.raises(ValidationError, match="future"):
        signpost_follow_up_record(
            actor=worker,
            signpost=signpost,
            status=Status.TAKEN_UP,
            on=today + datetime.timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="before they were signposted"):
        signpost_follow_up_record(
            actor=worker,
            signpost=signpost,
            status=Status.TAKEN_UP,
            on=signpost.created_on - datetime.timedelta(days=1),
        )
    signpost.refresh_from_db()
    assert signpost.status == Status.SUGGESTED


# ---------------------------------------------------------------- the follow-up list


def test_the_follow_up_list_shows_what_is_due_in_the_workers_localities(
    world, users, login, solution, outsider_solution, django_assert_max_num_queries
):
    for index in range(25):
        make_signpost(world.locality, solution, name=f"Due{index:02}", due_in=-(index % 5))
    make_signpost(world.locality, solution, name="NotYet", due_in=5)
    make_signpost(world.locality, solution, name="AlreadyDone", status=Status.TAKEN_UP)
    make_signpost(world.other_locality, solution, name="SouthPerson")
    make_signpost(world.outsider_locality, outsider_solution, name="HillPerson")
    client = login(users[Role.HUB_WORKER])
    with django_assert_max_num_queries(10):
        response = client.get(reverse("conversations:signpost_follow_ups"))
    page = response.content.decode()
    assert "25 signposts" in page and "Page 1 of 1" not in page
    for absent in ("NotYet", "AlreadyDone", "SouthPerson", "HillPerson"):
        assert absent not in page
    upcoming = client.get(reverse("conversations:signpost_follow_ups"), {"show": "upcoming"})
    assert "NotYet" in upcoming.content.decode() and "Due00" not in upcoming.content.decode()


@pytest.mark.parametrize("role", [Role.HSCP_LEAD, Role.ADMIN])
def test_roles_without_case_work_get_403_on_follow_ups(users, login, signpost, role):
    client = login(users[role])
    assert client.get(reverse("conversations:signpost_follow_ups")).status_code == 403
    assert (
        client.get(reverse("conversations:signpost_follow_up", args=[signpost.pk])).status_code
        == 403
    )


def test_recording_how_it_went_from_the_list_updates_the_card(users, login, signpost, today):
    client = login(users[Role.PRACTITIONER])
    url = reverse("conversations:signpost_follow_up", args=[signpost.pk])
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert f'id="signpost-{signpost.pk}"' in form and "How did it go?" in form
    response = client.post(
        url, {"status": "taken_up", "on": today.isoformat(), "difference_made": "Made friends"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response["HX-Trigger"] == "follow-up-recorded"
    assert "Recorded: taken up" in response.content.decode()
    signpost.refresh_from_db()
    assert signpost.status == Status.TAKEN_UP and signpost.difference_made == "Made friends"
    assert AuditEntry.objects.filter(model="conversations.signpost", action="update").exists()


def test_not_taken_up_without_a_reason_is_explained_and_changes_nothing(
    users, login, signpost, today
):
    response = login(users[Role.HUB_WORKER]).post(
        reverse("conversations:signpost_follow_up", args=[signpost.pk]),
        {"status": "not_taken_up", "on": today.isoformat()},
        HTTP_HX_REQUEST="true",
    )
    assert "Say why it was not taken up." in response.content.decode()
    signpost.refresh_from_db()
    assert signpost.status == Status.SUGGESTED


def test_recording_without_htmx_returns_to_the_list(users, login, signpost, today):
    response = login(users[Role.HUB_WORKER]).post(
        reverse("conversations:signpost_follow_up", args=[signpost.pk]),
        {"status": "not_taken_up", "not_taken_up_reason": "declined", "on": today.isoformat()},
    )
    assert response.url == reverse("conversations:signpost_follow_ups")


def test_follow_ups_of_another_locality_or_partnership_are_404(
    world, users, login, solution, outsider_solution, today
):
    south = make_signpost(world.other_locality, solution)
    hill = make_signpost(world.outsider_locality, outsider_solution)
    client = login(users[Role.HUB_WORKER])
    for signpost in (south, hill):
        url = reverse("conversations:signpost_follow_up", args=[signpost.pk])
        assert client.post(url, {"status": "taken_up", "on": today.isoformat()}).status_code == 404
    south.refresh_from_db()
    assert south.status == Status.SUGGESTED


# ---------------------------------------------------------------- API


def test_the_signpost_api_lists_due_follow_ups_and_records_one(
    world, users, login, signpost, solution
):
    make_signpost(world.other_locality, solution, name="SouthPerson")
    client = login(users[Role.HUB_WORKER])
    rows = client.get(reverse("api_signpost-list")).json()["results"]
    assert [row["id"] for row in rows] == [signpost.pk]
    url = reverse("api_signpost-follow-up", args=[signpost.pk])
    bad = client.post(url, {"status": "not_taken_up"}, content_type="application/json")
    assert bad.status_code == 400 and "not_taken_up_reason" in bad.json()
    good = client.post(url, {"status": "taken_up"}, content_type="application/json")
    assert good.status_code == 200 and good.json()["status"] == "taken_up"


def test_the_signpost_api_is_scoped(world, users, login, signpost, outsider_solution):
    url = reverse("api_signpost-detail", args=[signpost.pk])
    assert login(users["outsider_hub_worker"]).get(url).status_code == 404
    assert login(users[Role.HSCP_LEAD]).get(url).status_code == 403
    elsewhere = login(users[Role.HUB_WORKER]).get(
        reverse(
            "api_signpost-detail", args=[make_signpost(world.other_locality, signpost.solution).pk]
        )
    )
    assert elsewhere.status_code == 404


def test_the_signpost_api_list_runs_a_bounded_number_of_queries(
    world, users, login, solution, django_assert_max_num_queries
):
    for index in range(20):
        make_signpost(world.locality, solution, name=f"P{index}")
    client = login(users[Role.HUB_WORKER])
    with django_assert_max_num_queries(9):  # 8, and the access log's one insert
        rows = client.get(reverse("api_signpost-list")).json()["results"]
    assert len(rows) == 20 and all(row["solution_name"] == solution.name for row in rows)
