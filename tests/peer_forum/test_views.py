"""Peer-forum pages: who may open each (allowed 200, wrong role 403, another partnership 404,
another locality 404 for case records), htmx fragments, bad input, and bounded query counts."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from conversations.models import Conversation, SupportPlan
from peer_forum.models import Decision, ForumMeeting, FundingRequest, PeerForum
from tests.factories import (
    CommunitySolutionFactory,
    ConversationFactory,
    EpisodeFactory,
    PersonFactory,
)
from tests.peer_forum.factories import (
    ForumMeetingFactory,
    FundingRequestFactory,
    PeerForumFactory,
    decide,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def other_locality_user(world, make_user):
    def _make(role):
        return make_user(role, localities=[world.other_locality])

    return _make


# ---- forums and meetings


def test_practitioners_see_their_localitys_forums_and_not_others(
    setup, world, make_user, login, django_assert_max_num_queries
):
    for n in range(15):
        PeerForumFactory(locality=world.locality, name=f"North forum {n}", members=[setup.manager])
    PeerForumFactory(locality=world.other_locality, name="South forum")
    PeerForumFactory(locality=world.outsider_locality, name="Hill forum")
    client = login(setup.practitioner)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("peer_forum:forum_list")).content.decode()
    assert "North peer forum" in page and "North forum 14" in page
    assert "South forum" not in page and "Hill forum" not in page


@pytest.mark.parametrize("role", [Role.HUB_WORKER, Role.HSCP_LEAD])
def test_roles_without_forum_access_get_403_on_the_forum_pages(setup, make_user, login, role):
    client = login(make_user(role))
    assert client.get(reverse("peer_forum:forum_list")).status_code == 403
    assert client.get(reverse("peer_forum:forum_detail", args=[setup.forum.pk])).status_code == 403
    assert (
        client.get(reverse("peer_forum:meeting_detail", args=[setup.meeting.pk])).status_code == 403
    )


def test_outsiders_and_other_localities_get_404_for_a_forum_and_its_meetings(
    setup, make_user, other_locality_user, login
):
    for user in (
        make_user(Role.PRACTITIONER, outsider=True),
        other_locality_user(Role.PRACTITIONER),
    ):
        client = login(user)
        assert (
            client.get(reverse("peer_forum:forum_detail", args=[setup.forum.pk])).status_code == 404
        )
        assert (
            client.get(reverse("peer_forum:meeting_detail", args=[setup.meeting.pk])).status_code
            == 404
        )
    admin = login(make_user(Role.ADMIN, outsider=True))
    assert admin.get(reverse("peer_forum:forum_edit", args=[setup.forum.pk])).status_code == 404


def test_a_forum_manager_sets_up_a_forum_and_it_is_audited(world, setup, login):
    response = login(setup.manager).post(
        reverse("peer_forum:forum_create"),
        {
            "locality": world.locality.pk,
            "name": "North Tuesday forum",
            "delegated_weekly_limit": "£750.00",
            "delegated_one_off_limit": "1,500",
            "quorum": "2",
            "members": [setup.manager.pk, setup.practitioner.pk],
        },
    )
    forum = PeerForum.objects.get(name="North Tuesday forum")
    assert response.status_code == 302
    assert forum.delegated_weekly_limit == Decimal("750.00")
    assert forum.delegated_one_off_limit == Decimal("1500.00")
    assert set(forum.members.all()) == {setup.manager, setup.practitioner}
    assert AuditEntry.objects.filter(model="peer_forum.peerforum", action="create").exists()


def test_setting_up_a_forum_with_bad_input_says_why_and_changes_nothing(
    world, setup, make_user, login
):
    elsewhere = make_user(Role.PRACTITIONER, localities=[world.other_locality])
    before = PeerForum.objects.count()
    response = login(setup.manager).post(
        reverse("peer_forum:forum_create"),
        {
            "locality": world.locality.pk,
            "name": "North Friday forum",
            "delegated_weekly_limit": "-10",
            "delegated_one_off_limit": "12.345",
            "quorum": "3",
            "members": [setup.manager.pk, elsewhere.pk],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The amount cannot be negative." in page
    assert "no more than 2 decimal places" in page
    assert (
        "Choose members from the list" in page
    )  # someone who does not work in the manager's areas
    assert PeerForum.objects.count() == before
    # With the fields right, the service explains a quorum the forum could never reach.
    response = login(setup.manager).post(
        reverse("peer_forum:forum_create"),
        {
            "locality": world.locality.pk,
            "name": "North Friday forum",
            "delegated_weekly_limit": "500",
            "delegated_one_off_limit": "1000",
            "quorum": "3",
            "members": [setup.manager.pk],
        },
    )
    assert "The quorum (3) cannot be more than the number of members (1)" in (
        response.content.decode()
    )
    assert PeerForum.objects.count() == before


def test_practitioners_may_not_set_up_forums_and_outsiders_cannot_use_our_localities(
    world, setup, make_user, login
):
    assert login(setup.practitioner).get(reverse("peer_forum:forum_create")).status_code == 403
    outsider = login(make_user(Role.FORUM_MANAGER, outsider=True))
    response = outsider.post(
        reverse("peer_forum:forum_create"),
        {
            "locality": world.locality.pk,
            "name": "Sneaky",
            "delegated_weekly_limit": "1",
            "delegated_one_off_limit": "1",
            "quorum": "1",
        },
    )
    assert response.status_code == 200
    assert "from the list" in response.content.decode()
    assert not PeerForum.objects.filter(name="Sneaky").exists()


def test_a_forum_manager_changes_a_forum(setup, login):
    response = login(setup.manager).post(
        reverse("peer_forum:forum_edit", args=[setup.forum.pk]),
        {
            "name": "North peer forum",
            "delegated_weekly_limit": "650.00",
            "delegated_one_off_limit": "2000.00",
            "quorum": "3",
            "members": [setup.manager.pk, setup.second_manager.pk, setup.practitioner.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    setup.forum.refresh_from_db()
    assert (setup.forum.delegated_weekly_limit, setup.forum.quorum) == (Decimal("650.00"), 3)
    assert (
        login(setup.practitioner)
        .get(reverse("peer_forum:forum_edit", args=[setup.forum.pk]))
        .status_code
        == 403
    )


def test_a_forum_manager_adds_a_meeting_and_records_who_is_present_with_htmx(setup, login, today):
    client = login(setup.manager)
    response = client.post(
        reverse("peer_forum:meeting_create", args=[setup.forum.pk]),
        {
            "held_on": (today + datetime.timedelta(days=7)).isoformat(),
            "starts_at": "10:00",
            "place": "Library",
        },
    )
    meeting = ForumMeeting.objects.get(place="Library")
    assert response.status_code == 302
    response = client.post(
        reverse("peer_forum:meeting_attendance", args=[meeting.pk]),
        {"attendees": [setup.manager.pk, setup.second_manager.pk]},
        **HTMX,
    )
    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in fragment
    assert "Quorate: 2 of 3 members present (2 needed)." in fragment
    assert set(meeting.attendees.all()) == {setup.manager, setup.second_manager}


def test_recording_a_non_member_as_present_is_refused(setup, make_user, login):
    stranger = make_user(Role.PRACTITIONER)
    response = login(setup.manager).post(
        reverse("peer_forum:meeting_attendance", args=[setup.meeting.pk]),
        {"attendees": [stranger.pk]},
        **HTMX,
    )
    assert response.status_code == 200
    assert "from the list" in response.content.decode()
    assert set(setup.meeting.attendees.all()) == {setup.manager, setup.practitioner}


def test_attendance_is_for_managers_of_the_forum_only(setup, make_user, login):
    url = reverse("peer_forum:meeting_attendance", args=[setup.meeting.pk])
    assert login(setup.practitioner).post(url, {"attendees": []}).status_code == 403
    outsider = make_user(Role.FORUM_MANAGER, outsider=True)
    assert login(outsider).post(url, {"attendees": []}).status_code == 404
    assert setup.meeting.attendees.count() == 2


def test_the_meeting_page_shows_names_to_case_workers_and_only_a_count_to_admins(
    setup, waiting_request, make_user, login
):
    url = reverse("peer_forum:meeting_detail", args=[setup.meeting.pk])
    page = login(setup.manager).get(url).content.decode()
    assert "Morag Gillespie" in page
    assert reverse("peer_forum:request_decide", args=[waiting_request.pk]) in page
    admin_page = login(make_user(Role.ADMIN)).get(url).content.decode()
    assert "Morag" not in admin_page
    assert "1 request on the agenda" in admin_page


def test_the_meeting_agenda_is_a_bounded_number_of_queries(
    setup, world, login, django_assert_max_num_queries, today
):
    for _ in range(20):
        FundingRequestFactory(
            episode=EpisodeFactory(person__locality=world.locality),
            forum=setup.forum,
            meeting=setup.meeting,
            submitted_on=today,
        )
    client = login(setup.manager)
    with django_assert_max_num_queries(18):  # the same with 2 or 200 requests on the agenda
        response = client.get(reverse("peer_forum:meeting_detail", args=[setup.meeting.pk]))
    assert response.content.decode().count(">Decide<span") == 20


# ---- requests


@pytest.fixture
def support_plan(setup):
    solution = CommunitySolutionFactory(partnership=setup.episode.partnership, name="Lunch club")
    conversation = ConversationFactory(episode=setup.episode, kind=Conversation.Kind.GOOD_LIFE)
    plan = SupportPlan.objects.create(
        episode=setup.episode,
        conversation=conversation,
        summary="A lunch club twice a week and a befriender.",
        paid_support="Two short home-care visits a week.",
    )
    plan.community_solutions.set([solution])
    return plan


def _request_data(**overrides):
    today = timezone.localdate()
    data = {
        "outcomes_sought": "Not to be lonely.",
        "intervention_type": "long_term",
        "counterfactual_service": "home_care",
        "counterfactual_weekly_cost": "450.00",
        "proposed_weekly_cost": "120.00",
        "sds_option": "3",
        "start_on": today.isoformat(),
        "review_on": (today + datetime.timedelta(weeks=12)).isoformat(),
    }
    return data | overrides


def test_the_request_form_is_filled_in_from_the_episodes_support_plan(setup, support_plan, login):
    url = reverse("peer_forum:request_create") + f"?episode={setup.episode.pk}"
    page = login(setup.practitioner).get(url).content.decode()
    assert "A lunch club twice a week and a befriender." in page
    assert "Two short home-care visits a week." in page
    solution = support_plan.community_solutions.get()
    assert re.search(rf'value="{solution.pk}" id="id_proposed_solutions_\d+" checked', page)


def test_a_practitioner_saves_a_draft_from_the_support_plan(setup, support_plan, login):
    solution = support_plan.community_solutions.get()
    response = login(setup.practitioner).post(
        reverse("peer_forum:request_create") + f"?episode={setup.episode.pk}",
        _request_data(proposed_solutions=[solution.pk]),
    )
    created = FundingRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("peer_forum:request_detail", args=[created.pk])
    assert (created.status, created.support_plan, created.presenter) == (
        "draft",
        support_plan,
        setup.practitioner,
    )
    assert list(created.proposed_solutions.all()) == [solution]
    assert created.counterfactual_weekly_cost == Decimal("450.00")


def test_a_request_can_be_made_without_a_support_plan(setup, login):
    response = login(setup.practitioner).post(
        reverse("peer_forum:request_create") + f"?episode={setup.episode.pk}",
        _request_data(
            intervention_type="one_off",
            counterfactual_one_off_cost="1,100.00",
            proposed_one_off_cost="385",
            counterfactual_weekly_cost="999",  # ignored: a one-off has no weekly cost
            review_on="",
        ),
    )
    assert response.status_code == 302
    created = FundingRequest.objects.get()
    assert (created.counterfactual_one_off_cost, created.proposed_one_off_cost) == (
        Decimal("1100.00"),
        Decimal("385.00"),
    )
    assert created.counterfactual_weekly_cost is None and created.support_plan is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"counterfactual_weekly_cost": "-250"}, "The amount cannot be negative."),
        ({"proposed_weekly_cost": "twelve pounds"}, "Enter an amount in pounds"),
        ({"proposed_weekly_cost": "120.555"}, "no more than 2 decimal places"),
        ({"proposed_weekly_cost": ""}, "Enter the weekly amount in pounds"),
        ({"intervention_type": "short_term"}, "Enter how many weeks, from 1 to 6."),
        ({"intervention_type": "short_term", "short_term_weeks": "8"}, "at most 6 weeks"),
        (
            {"intervention_type": "one_off", "counterfactual_one_off_cost": "100"},
            "Enter the amount in pounds, for example 350.00.",
        ),
        # The day before the start (today): known only when the test runs.
        (
            {"review_on": lambda today: (today - datetime.timedelta(days=1)).isoformat()},
            "on or after the start",
        ),
    ],
)
def test_bad_money_and_dates_get_a_clear_error_and_nothing_is_saved(
    setup, login, today, overrides, message
):
    overrides = {
        key: value(today) if callable(value) else value for key, value in overrides.items()
    }
    response = login(setup.practitioner).post(
        reverse("peer_forum:request_create") + f"?episode={setup.episode.pk}",
        _request_data(**overrides),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "There is a problem" in page
    assert not FundingRequest.objects.exists()


def test_preparing_a_request_is_refused_by_role_and_scope(
    setup, make_user, other_locality_user, login
):
    url = reverse("peer_forum:request_create") + f"?episode={setup.episode.pk}"
    assert login(make_user(Role.HUB_WORKER)).get(url).status_code == 403
    assert login(make_user(Role.HSCP_LEAD)).get(url).status_code == 403
    assert login(make_user(Role.PRACTITIONER, outsider=True)).get(url).status_code == 404
    assert login(other_locality_user(Role.PRACTITIONER)).get(url).status_code == 404


def test_without_an_episode_the_practitioner_finds_the_person_first(setup, world, make_user, login):
    PersonFactory(locality=world.other_locality, first_name="Morag", last_name="Elsewhere")
    client = login(setup.practitioner)
    page = client.get(reverse("peer_forum:request_create"), {"q": "morag"}, **HTMX).content.decode()
    assert "<html" not in page
    assert f"?episode={setup.episode.pk}" in page
    assert "Elsewhere" not in page
    assert (
        login(make_user(Role.HSCP_LEAD)).get(reverse("peer_forum:request_create")).status_code
        == 403
    )


def test_the_request_page_is_scoped_and_every_read_is_logged(
    setup, waiting_request, make_user, other_locality_user, login
):
    url = reverse("peer_forum:request_detail", args=[waiting_request.pk])
    page = login(setup.practitioner).get(url).content.decode()
    assert "Funding request for Morag Gillespie" in page
    entry = AuditEntry.objects.get(action="view", model="peer_forum.fundingrequest")
    assert (entry.actor, entry.person_id) == (setup.practitioner, setup.episode.person_id)
    assert login(make_user(Role.HSCP_LEAD)).get(url).status_code == 403
    assert login(make_user(Role.ADMIN)).get(url).status_code == 403
    assert login(make_user(Role.PRACTITIONER, outsider=True)).get(url).status_code == 404
    assert login(other_locality_user(Role.FORUM_MANAGER)).get(url).status_code == 404
    assert AuditEntry.objects.filter(action="view").count() == 1


def test_a_draft_is_changed_then_submitted_onto_a_meeting(setup, login, today):
    draft = FundingRequestFactory(episode=setup.episode, draft=True)
    upcoming = ForumMeetingFactory(forum=setup.forum, held_on=today + datetime.timedelta(days=7))
    client = login(setup.practitioner)
    response = client.post(
        reverse("peer_forum:request_edit", args=[draft.pk]),
        _request_data(proposed_weekly_cost="110.00"),
    )
    assert response.status_code == 302
    response = client.post(
        reverse("peer_forum:request_submit", args=[draft.pk]),
        {"forum": setup.forum.pk, "meeting": upcoming.pk},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.forum, draft.meeting, draft.submitted_on) == (
        "submitted",
        setup.forum,
        upcoming,
        today,
    )
    assert draft.proposed_weekly_cost == Decimal("110.00")
    # Once submitted it is fixed.
    response = client.get(reverse("peer_forum:request_edit", args=[draft.pk]), follow=True)
    assert "can no longer be changed" in response.content.decode()


def test_a_waiting_request_is_moved_onto_another_meeting(setup, waiting_request, login, today):
    later = ForumMeetingFactory(forum=setup.forum, held_on=today + datetime.timedelta(days=14))
    response = login(setup.practitioner).post(
        reverse("peer_forum:request_schedule", args=[waiting_request.pk]), {"meeting": later.pk}
    )
    assert response.status_code == 302
    waiting_request.refresh_from_db()
    assert waiting_request.meeting == later


def test_the_request_list_shows_only_the_users_localities_in_bounded_queries(
    setup, world, login, make_user, django_assert_max_num_queries
):
    for _ in range(20):
        FundingRequestFactory(episode=EpisodeFactory(person__locality=world.locality))
    FundingRequestFactory(
        episode=EpisodeFactory(
            person=PersonFactory(locality=world.other_locality, first_name="Zebedee")
        )
    )
    client = login(setup.practitioner)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("peer_forum:request_list"))
    page = response.content.decode()
    assert "20 requests." in page
    assert "Zebedee" not in page
    fragment = client.get(reverse("peer_forum:request_list"), {"status": "draft"}, **HTMX)
    assert "<html" not in fragment.content.decode()
    assert "0 requests." in fragment.content.decode()
    assert (
        login(make_user(Role.HUB_WORKER)).get(reverse("peer_forum:request_list")).status_code == 403
    )


# ---- the queue and deciding


def test_the_queue_lists_the_managers_forums_requests_in_bounded_queries(
    setup, world, make_user, login, django_assert_max_num_queries
):
    for _ in range(20):
        FundingRequestFactory(
            episode=EpisodeFactory(person__locality=world.locality),
            forum=setup.forum,
            meeting=setup.meeting,
        )
    other_forum = PeerForumFactory(locality=world.locality, name="Not mine")
    FundingRequestFactory(
        episode=EpisodeFactory(
            person=PersonFactory(locality=world.locality, first_name="Ignatius")
        ),
        forum=other_forum,
    )
    client = login(setup.manager)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("peer_forum:queue"))
    page = response.content.decode()
    assert "20 requests waiting." in page
    assert "Ignatius" not in page
    assert login(setup.practitioner).get(reverse("peer_forum:queue")).status_code == 403
    outsider = login(make_user(Role.FORUM_MANAGER, outsider=True))
    assert "No requests waiting" in outsider.get(reverse("peer_forum:queue")).content.decode()


def test_a_manager_decides_at_the_meeting_with_htmx(setup, waiting_request, login):
    client = login(setup.manager)
    url = reverse("peer_forum:request_decide", args=[waiting_request.pk])
    fragment = client.get(url + f"?meeting={setup.meeting.pk}", **HTMX).content.decode()
    assert "<html" not in fragment and "Record the decision" in fragment
    response = client.post(
        url,
        {
            "meeting": setup.meeting.pk,
            "outcome": "approve_changes",
            "approved_amount": "",
            "rationale": "Agreed.",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert "Enter the amount agreed" in response.content.decode()
    assert not Decision.objects.exists()
    response = client.post(
        url,
        {
            "meeting": setup.meeting.pk,
            "outcome": "approve_changes",
            "approved_amount": "99.50",
            "rationale": "Agreed with one fewer visit.",
        },
        **HTMX,
    )
    assert response.headers["HX-Redirect"] == reverse(
        "peer_forum:meeting_detail", args=[setup.meeting.pk]
    )
    decision = Decision.objects.get()
    assert (decision.outcome, decision.approved_weekly_amount) == (
        "approve_changes",
        Decimal("99.50"),
    )


def test_the_second_manager_is_told_the_request_was_already_decided(setup, waiting_request, login):
    url = reverse("peer_forum:request_decide", args=[waiting_request.pk])
    data = {"meeting": setup.meeting.pk, "outcome": "approve", "rationale": "Agreed."}
    first, second = login(setup.manager), login(setup.second_manager)
    second.get(url)  # both have the form open
    assert first.post(url, data).status_code == 302
    response = second.post(url, data | {"outcome": "decline"}, follow=True)
    assert "already been decided" in response.content.decode()
    assert Decision.objects.count() == 1


def test_only_members_of_the_forum_with_the_manager_role_decide(
    setup, waiting_request, make_user, other_locality_user, login
):
    url = reverse("peer_forum:request_decide", args=[waiting_request.pk])
    assert login(make_user(Role.FORUM_MANAGER)).get(url).status_code == 403  # not a member
    assert login(setup.practitioner).get(url).status_code == 403  # a member, but not a manager
    assert login(make_user(Role.FORUM_MANAGER, outsider=True)).get(url).status_code == 404
    assert login(other_locality_user(Role.FORUM_MANAGER)).get(url).status_code == 404


def test_a_draft_cannot_be_opened_for_deciding(setup, login):
    draft = FundingRequestFactory(episode=setup.episode, draft=True)
    client = login(setup.manager)
    url = reverse("peer_forum:request_decide", args=[draft.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("peer_forum:request_detail", args=[draft.pk])
    assert "not been submitted to a forum yet" in response.content.decode()
    assert client.post(url, {"outcome": "approve"}, **HTMX).headers["HX-Redirect"]
    assert not Decision.objects.exists()


def test_the_queue_is_paged(setup, world, login):
    for _ in range(26):
        FundingRequestFactory(
            episode=EpisodeFactory(person__locality=world.locality), forum=setup.forum
        )
    client = login(setup.manager)
    first = client.get(reverse("peer_forum:queue")).content.decode()
    assert "26 requests waiting." in first and "Page 1 of 2" in first
    assert 'href="?page=2"' in first
    second = client.get(reverse("peer_forum:queue"), {"page": 2}, **HTMX).content.decode()
    assert "<html" not in second and "Page 2 of 2" in second
    assert second.count("Decide<span") == 1


def test_above_the_limit_the_decision_form_offers_only_escalate(setup, login):
    big = FundingRequestFactory(
        episode=setup.episode,
        forum=setup.forum,
        meeting=setup.meeting,
        proposed_weekly_cost=Decimal("900.00"),
        counterfactual_weekly_cost=Decimal("1200.00"),
    )
    page = (
        login(setup.manager)
        .get(reverse("peer_forum:request_decide", args=[big.pk]))
        .content.decode()
    )
    assert 'value="escalate"' in page
    assert 'value="approve"' not in page and 'value="decline"' not in page
    assert "it can only be escalated" in page


# ---- the person's requests (loaded by the timeline)


def test_the_persons_requests_fragment_is_scoped_like_case_records(
    setup, waiting_request, make_user, other_locality_user, login
):
    url = reverse("peer_forum:person_requests", args=[setup.episode.person_id])
    fragment = login(setup.practitioner).get(url, **HTMX)
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert "<html" not in body and 'id="person-requests"' in body
    assert reverse("peer_forum:request_detail", args=[waiting_request.pk]) in body
    full = login(setup.practitioner).get(url).content.decode()
    assert "<html" in full and "Funding requests for Morag Gillespie" in full
    assert login(make_user(Role.HUB_WORKER)).get(url).status_code == 403
    assert login(make_user(Role.HSCP_LEAD)).get(url).status_code == 403
    assert login(make_user(Role.PRACTITIONER, outsider=True)).get(url).status_code == 404
    assert login(other_locality_user(Role.PRACTITIONER)).get(url).status_code == 404
    assert AuditEntry.objects.filter(action="view", person_id=setup.episode.person_id).count() == 2


def test_the_persons_requests_show_the_decision(setup, waiting_request, login, today):
    decide(waiting_request, on=today, outcome="decline")
    body = (
        login(setup.practitioner)
        .get(reverse("peer_forum:person_requests", args=[setup.episode.person_id]), **HTMX)
        .content.decode()
    )
    assert "Declined" in body
    assert f"{today:%-d %b %Y}" in body


# ---- dashboard


def test_the_dashboard_shows_a_months_decisions_times_and_savings_in_bounded_queries(
    setup, world, make_user, login, django_assert_max_num_queries, today
):
    # 20 approvals this month of £450 − £120 = £330 a week each, submitted 4 days earlier:
    # weekly £6,600.00; a year 20 × 330 × 52.14 = £344,124.00; median and mean 4.0 days.
    for _ in range(20):
        funding = FundingRequestFactory(
            episode=EpisodeFactory(person__locality=world.locality),
            forum=setup.forum,
            submitted_on=today - datetime.timedelta(days=4),
        )
        decide(funding, on=today)
    client = login(setup.manager)
    with django_assert_max_num_queries(18):  # 14 for the month, 4 for what waits now
        response = client.get(reverse("peer_forum:dashboard"))
    page = response.content.decode()
    assert "£6,600.00" in page and "£344,124.00" in page
    assert '<span class="value">20</span><span class="label">decisions this month' in page
    assert '<span class="value">4.0</span><span class="label">median days' in page
    fragment = client.get(
        reverse("peer_forum:dashboard"), {"locality": world.other_locality.pk}, **HTMX
    ).content.decode()
    assert "<html" not in fragment and "No approved requests in this period yet." in fragment


def test_the_dashboard_is_for_forum_managers_and_admins_in_their_partnership(
    setup, world, make_user, login
):
    url = reverse("peer_forum:dashboard")
    assert login(make_user(Role.ADMIN)).get(url).status_code == 200
    assert login(make_user(Role.PRACTITIONER)).get(url).status_code == 403
    assert login(make_user(Role.HSCP_LEAD)).get(url).status_code == 403
    outsider = login(make_user(Role.FORUM_MANAGER, outsider=True))
    assert outsider.get(url).status_code == 200
    assert outsider.get(url, {"locality": world.locality.pk}).status_code == 404
    assert outsider.get(url, {"forum": setup.forum.pk}).status_code == 404
    bad = login(setup.manager).get(url, {"period": "March"})
    assert bad.status_code == 200 and "Give the month as YYYY-MM" in bad.content.decode()


def test_the_year_so_far_never_ends_before_it_starts(setup, login, today):
    # A month still to come: its financial year is shown from 1 April to the month's end.
    future = today.replace(day=1) + datetime.timedelta(days=400)
    response = login(setup.manager).get(
        reverse("peer_forum:dashboard"), {"period": f"{future:%Y-%m}"}
    )
    figures = response.context["figures"]
    assert figures.year_start <= figures.year_end == figures.end


# ---- the whole journey


def test_a_practitioner_submits_a_manager_decides_in_a_meeting_and_the_ledger_shows_it(
    setup, support_plan, login, today
):
    practitioner, manager = login(setup.practitioner), login(setup.manager)
    practitioner.post(
        reverse("peer_forum:request_create") + f"?episode={setup.episode.pk}",
        _request_data(counterfactual_weekly_cost="475.00", proposed_weekly_cost="95.00"),
    )
    funding = FundingRequest.objects.get()
    practitioner.post(
        reverse("peer_forum:request_submit", args=[funding.pk]),
        {"forum": setup.forum.pk, "meeting": setup.meeting.pk},
    )
    manager.post(
        reverse("peer_forum:meeting_attendance", args=[setup.meeting.pk]),
        {"attendees": [setup.manager.pk, setup.second_manager.pk]},
    )
    response = manager.post(
        reverse("peer_forum:request_decide", args=[funding.pk]),
        {"meeting": setup.meeting.pk, "outcome": "approve", "rationale": "Community first."},
    )
    assert response.status_code == 302
    # £475 − £95 = £380 a week; × 52.14 = £19,813.20 a year.
    page = manager.get(reverse("peer_forum:dashboard")).content.decode()
    assert "£380.00" in page and "£19,813.20" in page
    setup.episode.refresh_from_db()
    assert setup.episode.support_in_place_on == today
