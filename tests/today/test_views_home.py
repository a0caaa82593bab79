"""Each role's home page: the counts on hand-built data, only the user's localities, a bounded
number of queries however much is due, and an item gone once it is cleared."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cls_portal.permissions import Role
from conversations.models import CrisisPlan, Episode, Signpost
from conversations.services.signposts import signpost_follow_up_record
from peer_forum.services.reviews import package_review_record
from tests.conversations.factories import (
    PersonalOutcomeFactory,
    SignpostFactory,
    WaitingListEntryFactory,
)
from tests.factories import HubFactory, HubSessionFactory, WaitingListFactory
from tests.peer_forum.factories import (
    ForumMeetingFactory,
    FundingRequestFactory,
    PeerForumFactory,
    decide,
)
from tests.today.conftest import days
from today.sections import PROVIDERS, DueSection, provider_register

pytestmark = pytest.mark.django_db
State = Episode.State


def counts(response) -> dict[str, int]:
    assert response.status_code == 200
    return {section.key: section.count for section in response.context["sections"]}


@pytest.fixture
def casework(world, episode_in, crisis_plan_in, today):
    """build(locality, n): n of every practitioner's kind of due work there, plus one of each
    that is not due (tomorrow's, or done)."""

    def build(locality, n: int) -> None:
        waiting_list = WaitingListFactory(partnership=locality.partnership)
        for i in range(n):
            crisis_plan_in(locality, today - days(i), started=today - days(50 + i))
            episode_in(locality, State.CONVERSATION_1, crisis_referred_on=today - days(i))
            episode_in(locality, State.WAITING, channel=Episode.Channel.REFERRAL)
            SignpostFactory(episode=episode_in(locality), follow_up_on=today - days(i))
            PersonalOutcomeFactory(
                episode=episode_in(locality, State.CONVERSATION_3), created_on=today - days(90)
            )
            WaitingListEntryFactory(
                episode=episode_in(locality), waiting_list=waiting_list, added_on=today - days(i)
            )
            approved = FundingRequestFactory(
                episode=episode_in(locality, State.CONVERSATION_3),
                start_on=today - days(100),
                review_on=today - days(i),
                submitted_on=today - days(100),
            )
            decide(approved, on=today - days(99))
        # Not due: in the future, or done.
        crisis_plan_in(locality, today + days(1))
        SignpostFactory(episode=episode_in(locality), follow_up_on=today + days(1))
        PersonalOutcomeFactory(episode=episode_in(locality), created_on=today - days(10))
        WaitingListEntryFactory(
            episode=episode_in(locality), waiting_list=waiting_list, added_on=today + days(1)
        )

    return build


def test_a_practitioners_home_counts_each_kind_of_due_work_in_their_localities(
    world, practitioner, login, casework
):
    casework(world.locality, 3)
    casework(world.other_locality, 2)  # South: another practitioner's

    found = counts(login(practitioner).get(reverse("home")))

    assert found == {
        "crisis-plans": 3,
        "crises-too-long": 3,  # each plan's crisis started 50 days or more ago
        "crisis-referrals": 3,
        "referrals": 3,
        "follow-ups": 3,
        "outcome-reviews": 3,
        "package-reviews": 3,
        "longest-waits": 3,
    }


def test_each_row_links_straight_to_the_action_that_clears_it(
    world, practitioner, login, episode_in, crisis_plan_in, today
):
    plan = crisis_plan_in(world.locality, today)
    referred = episode_in(world.locality, State.CONVERSATION_1, crisis_referred_on=today)

    page = login(practitioner).get(reverse("home")).content.decode()

    assert reverse("conversations:crisis_plan_update", args=[plan.pk]) + "?next=%2F" in page
    assert reverse("conversations:conversation_create", args=[referred.pk, 2]) in page


def test_a_practitioners_home_reads_the_same_number_of_queries_for_little_or_much_due(
    world, practitioner, login, casework, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Six of each: more than a section shows, so each counts all of them (its second query).
    casework(world.locality, 6)
    client = login(practitioner)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    casework(world.locality, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        found = counts(client.get(reverse("home")))
    assert found["follow-ups"] == 14
    assert len(few.captured_queries) <= 30


def test_clearing_an_item_takes_it_off_the_home_page(
    world, practitioner, login, crisis_plan_in, episode_in, today
):
    plan = crisis_plan_in(world.locality, today - days(2))
    signpost = SignpostFactory(episode=episode_in(world.locality), follow_up_on=today)
    package = FundingRequestFactory(
        episode=episode_in(world.locality, State.CONVERSATION_3),
        start_on=today - days(100),
        review_on=today,
        submitted_on=today - days(100),
    )
    decide(package, on=today - days(99))
    client = login(practitioner)
    before = counts(client.get(reverse("home")))
    assert (before["crisis-plans"], before["follow-ups"], before["package-reviews"]) == (1, 1, 1)

    # The crisis plan through the link on the home page, which comes back home.
    url = reverse("conversations:crisis_plan_update", args=[plan.pk]) + "?next=%2F"
    answer = client.post(
        url, {"rag": CrisisPlan.Rag.GREEN, "review_by": (today + days(7)).isoformat()}
    )
    assert answer.status_code == 302 and answer["Location"] == "/"
    signpost_follow_up_record(
        actor=practitioner, signpost=signpost, status=Signpost.Status.TAKEN_UP, on=today
    )
    package_review_record(
        actor=practitioner,
        request=package,
        outcome="continue",
        reviewed_on=today,
        next_review_on=today + days(84),
    )

    after = counts(client.get(reverse("home")))
    assert (after["crisis-plans"], after["follow-ups"], after["package-reviews"]) == (0, 0, 0)
    assert "No crisis plan is due for review." in client.get(reverse("home")).content.decode()


def test_a_hub_workers_home_shows_todays_and_the_next_sessions_at_their_hubs(
    world, hub_worker, login, today, django_assert_max_num_queries
):
    north = HubFactory(partnership=world.partnership, locality=world.locality, name="North Library")
    south = HubFactory(partnership=world.partnership, locality=world.other_locality)
    HubSessionFactory(hub=north, date=today, starts_at=datetime.time(10), ends_at=datetime.time(12))
    for week in range(1, 8):
        HubSessionFactory(hub=north, date=today + days(7 * week))
    HubSessionFactory(hub=north, date=today - days(1))
    HubSessionFactory(hub=south, date=today)

    client = login(hub_worker)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("home"))

    found = counts(response)
    assert (found["sessions-today"], found["sessions-next"], found["follow-ups"]) == (1, 7, 0)
    page = response.content.decode()
    assert "today, 10:00–12:00" in page and "North Library" in page


def test_a_forum_managers_home_shows_requests_waiting_the_next_meeting_and_reviews_due(
    world, manager, login, episode_in, today, django_assert_max_num_queries
):
    forum = PeerForumFactory(locality=world.locality, name="North forum")
    meeting = ForumMeetingFactory(
        forum=forum, held_on=today + days(2), starts_at=datetime.time(9, 30)
    )
    for i in range(4):
        FundingRequestFactory(
            episode=episode_in(world.locality, State.CONVERSATION_3),
            forum=forum,
            meeting=meeting if i < 3 else None,
            submitted_on=today - days(i),
        )
    FundingRequestFactory(
        episode=episode_in(world.other_locality, State.CONVERSATION_3),
        forum=PeerForumFactory(locality=world.other_locality),
    )

    client = login(manager)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("home"))

    found = counts(response)
    assert found == {"awaiting-decision": 4, "next-meeting": 3, "package-reviews": 0}
    assert f"Next meeting: North forum, {today + days(2):%a} " in response.content.decode()


def test_an_hscp_leads_home_shows_reports_and_figures_but_never_a_person(
    world, lead, login, episode_in, crisis_plan_in, today, django_assert_max_num_queries
):
    episode_in(
        world.locality, State.WAITING, channel=Episode.Channel.REFERRAL,
        person={"first_name": "Zebedee", "last_name": "Quux"},
    )  # fmt: skip
    client = login(lead)
    with django_assert_max_num_queries(45):
        response = client.get(reverse("home"))
    found = counts(response)
    assert set(found) == {"reports-ready", "reports-failed", "headline-figures"}
    figures = next(s for s in response.context["sections"] if s.key == "headline-figures")
    assert figures.figures  # last month's key figures, suppressed as on the dashboard
    assert "Zebedee" not in response.content.decode()


def test_an_administrators_home_counts_people_due_for_the_retention_review(
    world, make_user, login, episode_in, today, django_assert_max_num_queries
):
    admin = make_user(Role.ADMIN)
    episode_in(world.locality, State.CLOSED, closed_on=today - days(9 * 366))
    episode_in(world.other_locality, State.CLOSED, closed_on=today - days(9 * 366))
    episode_in(world.locality, State.CLOSED, closed_on=today - days(30))
    episode_in(world.outsider_locality, State.CLOSED, closed_on=today - days(9 * 366))
    client = login(admin)
    with django_assert_max_num_queries(12):
        found = counts(client.get(reverse("home")))
    assert found["retention"] == 2  # the whole partnership, not another one


def test_a_provider_registered_for_a_role_shows_on_its_home_page(
    world, make_user, login, monkeypatch
):
    admin = make_user(Role.ADMIN)
    monkeypatch.setitem(PROVIDERS, Role.ADMIN, list(PROVIDERS[Role.ADMIN]))

    def invitations(user, today):
        return DueSection(
            key="invitations",
            title="Invitations not yet taken up",
            count=2,
            list_url="/accounts/users/",
        )

    provider_register(Role.ADMIN, invitations)
    provider_register(Role.ADMIN, invitations)  # once only

    found = counts(login(admin).get(reverse("home")))
    assert found["invitations"] == 2
    assert PROVIDERS[Role.ADMIN].count(invitations) == 1


def test_the_home_page_asks_anyone_not_signed_in_to_sign_in(client):
    answer = client.get(reverse("home"))
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("login"))
