"""The person timeline: everything that happened, newest first, in a bounded number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from conversations.models import Episode, Signpost
from tests.conversations.factories import (
    CrisisPlanFactory,
    OutcomeReviewFactory,
    PersonalOutcomeFactory,
    SupportPlanFactory,
    WaitingListEntryFactory,
    WellbeingScoreFactory,
)
from tests.factories import (
    CommunitySolutionFactory,
    ConversationFactory,
    EpisodeFactory,
    WaitingListFactory,
)
from tests.peer_forum.factories import FundingRequestFactory, decide

DAY = datetime.timedelta(days=1)


def timeline_url(person):
    return reverse("conversations:person_detail", args=[person.pk])


def fill(episode, world, n=15, start=60):
    """n of every kind of record on the episode, on days counting down from ``start`` days ago."""
    today = timezone.localdate()
    solution = CommunitySolutionFactory(partnership=world.partnership)
    waiting_list = WaitingListFactory(partnership=world.partnership)
    for i in range(n):
        day = today - (start - i) * DAY
        conversation = ConversationFactory(episode=episode, held_on=day, what_matters=f"matter {i}")
        Signpost.objects.create(
            episode=episode, conversation=conversation, solution=solution, created_on=day
        )
        outcome = PersonalOutcomeFactory(episode=episode, created_on=day, statement=f"wish {i}")
        OutcomeReviewFactory(outcome=outcome, reviewed_on=day + DAY)
        WellbeingScoreFactory(episode=episode, recorded_on=day)
        WaitingListEntryFactory(
            episode=episode,
            waiting_list=waiting_list,
            added_on=day,
            removed_on=day + DAY,
            removal_reason="seen",
        )
        funding = FundingRequestFactory(episode=episode, submitted_on=day)
        decide(funding, on=day + DAY)
    CrisisPlanFactory(conversation__episode=episode, conversation__held_on=today - 3 * DAY)
    plan = SupportPlanFactory(conversation__episode=episode, conversation__held_on=today - 2 * DAY)
    plan.community_solutions.add(solution)


def test_every_kind_of_event_shows_newest_first(episode, person, practitioner, login, world, today):
    old = EpisodeFactory(
        person=person,
        state=Episode.State.CLOSED,
        first_contact_on=today - 400 * DAY,
        closed_on=today - 380 * DAY,
        close_reason="resolved_first_contact",
    )
    ConversationFactory(episode=old, held_on=today - 400 * DAY, what_matters="the old matter")
    fill(episode, world, n=2, start=10)
    page = login(practitioner).get(timeline_url(person)).content.decode()
    for text in (
        "Conversation 1: listen and connect",
        "Conversation 2: work intensively in crisis",
        "Conversation 3: build a good life",
        "Emergency plan",
        "Support plan",
        "Connected to",
        "Personal outcome agreed: “wish 0”",
        "Outcome reviewed: “wish 1”",
        "ONS4 personal wellbeing",
        "Taken off the",
        "Added to the",
        "Closed: resolved at first contact",
        "First contact",
        "Funding request put to Peer forum",
        "Peer forum decision: approve at £120.00 a week",
    ):
        assert text in page, text
    # Newest first: the latest conversation before the earlier ones, this episode before the old.
    assert page.index("matter 1") < page.index("matter 0") < page.index("the old matter")


def test_the_timeline_reads_in_a_bounded_number_of_queries(
    episode, person, practitioner, login, world, django_assert_max_num_queries, today
):
    fill(episode, world, n=15)
    for _ in range(4):
        fill(
            EpisodeFactory(
                person=person,
                state=Episode.State.CLOSED,
                first_contact_on=today - 500 * DAY,
                closed_on=today - 450 * DAY,
                close_reason="declined",
            ),
            world,
            n=3,
            start=498,
        )
    client = login(practitioner)
    # Session, user, localities, person, access log, then one query per kind of record
    # (about 25 in all, funding requests, decisions, senior decisions on escalations and package
    # reviews included) — the same for 5 rows or 5,000. Corrections, merges and carer links
    # (conversations.records_page) add four: amendments, merges, episodes, carer links; the
    # details changes (intake) and the wellbeing change one each.
    with django_assert_max_num_queries(31):
        response = client.get(timeline_url(person))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="event event-conversation"') > 15
    assert page.count('class="event event-funding_decided"') > 15


def test_funding_requests_show_in_the_timeline_only_to_roles_that_may_see_them(
    episode, person, practitioner, make_user, login, today
):
    funding = FundingRequestFactory(episode=episode, submitted_on=today - 5 * DAY)
    decide(funding, on=today - 2 * DAY, outcome="decline")
    FundingRequestFactory(episode=episode, draft=True)
    page = login(practitioner).get(timeline_url(person)).content.decode()
    assert page.index("Peer forum decision: decline") < page.index("Funding request put to")
    assert "Funding request drafted" in page
    assert reverse("peer_forum:request_detail", args=[funding.pk]) in page
    hub_worker_page = login(make_user(Role.HUB_WORKER)).get(timeline_url(person))
    assert "Funding request" not in hub_worker_page.content.decode()


def test_episodes_page_by_five_and_htmx_gets_just_the_timeline(person, practitioner, login, today):
    for i in range(7):
        EpisodeFactory(
            person=person,
            state=Episode.State.CLOSED,
            first_contact_on=today - (100 - i) * DAY,
            closed_on=today - (90 - i) * DAY,
            close_reason="declined",
        )
    client = login(practitioner)
    first = client.get(timeline_url(person)).content.decode()
    assert first.count('class="episode') == 5
    assert 'hx-target="#timeline"' in first and "?page=2" in first
    fragment = client.get(
        timeline_url(person) + "?page=2", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="timeline"
    ).content.decode()
    assert fragment.count('class="episode') == 2
    assert "<html" not in fragment and "<h1>" not in fragment


def test_opening_the_timeline_is_logged_and_leads_see_nothing(
    person, practitioner, make_user, login
):
    login(practitioner).get(timeline_url(person))
    assert AuditEntry.objects.filter(action="view", person_id=person.pk).count() == 1
    assert login(make_user(Role.HSCP_LEAD)).get(timeline_url(person)).status_code == 403


def test_an_episode_in_another_locality_is_not_shown(person, practitioner, login, world, today):
    elsewhere = EpisodeFactory(
        person=person,
        locality=world.other_locality,
        state=Episode.State.CLOSED,
        first_contact_on=today - 50 * DAY,
        closed_on=today - 40 * DAY,
        close_reason="declined",
    )
    ConversationFactory(episode=elsewhere, what_matters="said in the south")
    page = login(practitioner).get(timeline_url(person)).content.decode()
    assert "said in the south" not in page


def test_funding_requests_load_from_the_peer_forums_fragment(
    episode, person, practitioner, make_user, login
):
    page = login(practitioner).get(timeline_url(person)).content.decode()
    fragment = reverse("peer_forum:person_requests", args=[person.pk])
    assert f'hx-get="{fragment}"' in page and f'href="{fragment}"' in page
    hub_page = login(make_user(Role.HUB_WORKER)).get(timeline_url(person)).content.decode()
    assert fragment not in hub_page  # hub workers do not see funding requests


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.HUB_WORKER, {"Record conversation 1", "Add a personal outcome"}),
        (
            Role.PRACTITIONER,
            {
                "Record conversation 1",
                "Record conversation 2",
                "Close the episode",
                "Add to a waiting list",
                "Add a personal outcome",
            },
        ),
        (Role.ADMIN, set()),
    ],
)
def test_the_page_offers_each_role_only_what_it_may_do(
    episode, person, make_user, login, role, sees
):
    page = login(make_user(role)).get(timeline_url(person)).content.decode()
    offered = {
        label
        for label in (
            "Record conversation 1",
            "Record conversation 2",
            "Close the episode",
            "Add to a waiting list",
            "Add a personal outcome",
        )
        if label in page
    }
    assert offered == sees
