"""Escalation, senior-decision and package-review pages: who may open each (allowed role 200,
another role 403, another partnership 404), recording through them, the request's whole path on
its page, bounded queries on the lists."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cls_portal.permissions import Role
from peer_forum.models import Decision, EscalationDecision, FundingRequest, PackageReview
from peer_forum.services.decisions import forum_request_decide
from peer_forum.services.escalations import escalation_panel_save
from tests.factories import EpisodeFactory
from tests.peer_forum.factories import ForumMeetingFactory, FundingRequestFactory, decide


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN)


@pytest.fixture
def head_of_service(make_user):
    return make_user(Role.FORUM_MANAGER, first_name="Helen", last_name="Head")


@pytest.fixture
def panel(admin, head_of_service, world):
    return escalation_panel_save(
        actor=admin,
        partnership=world.partnership,
        name="Head of service",
        members=[head_of_service],
    )


def _escalate(setup, today, episode=None, days_ago=3) -> Decision:
    """£700 a week asked for against the forum's £600 limit, escalated ``days_ago`` days ago."""
    request = FundingRequestFactory(
        episode=episode or setup.episode,
        forum=setup.forum,
        submitted_on=today - datetime.timedelta(days=days_ago + 7),
        counterfactual_service="residential_care",
        counterfactual_weekly_cost=Decimal("1100.00"),
        proposed_weekly_cost=Decimal("700.00"),
        start_on=today - datetime.timedelta(days=days_ago + 1),
    )
    meeting = ForumMeetingFactory(
        forum=setup.forum,
        held_on=today - datetime.timedelta(days=days_ago),
        attendees=[setup.manager, setup.practitioner],
    )
    return forum_request_decide(
        actor=setup.manager,
        request=request,
        meeting=meeting,
        outcome=Decision.Outcome.ESCALATE,
        rationale="Above our limit.",
    )


@pytest.fixture
def escalation(setup, today):
    return _escalate(setup, today)


def test_a_panel_member_records_the_senior_decision_and_the_request_shows_the_whole_path(
    setup, panel, head_of_service, escalation, login, today
):
    client = login(head_of_service)
    url = reverse("peer_forum:escalation_detail", args=[escalation.pk])
    page = client.get(url).content.decode()
    assert "Record the senior decision" in page and "£700.00" in page
    # Bad input: said plainly, nothing recorded.
    response = client.post(url, {"outcome": "approve_changes", "amount": "", "rationale": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say why, in a sentence or two." in page and "Enter the date of the decision." in page
    response = client.post(
        url,
        {
            "outcome": "approve_changes",
            "amount": "£650.00",
            "decided_on": (today + datetime.timedelta(days=1)).isoformat(),
            "rationale": "Agreed at a little less.",
        },
    )
    assert "The decision cannot be in the future." in response.content.decode()
    assert not EscalationDecision.objects.exists()
    response = client.post(
        url,
        {
            "outcome": "approve_changes",
            "amount": "650.00",
            "decided_on": today.isoformat(),
            "rationale": "Agreed at a little less.",
        },
    )
    assert response.status_code == 302
    senior = EscalationDecision.objects.get()
    assert (senior.outcome, senior.approved_weekly_amount, senior.decided_by) == (
        "approve_changes",
        Decimal("650.00"),
        head_of_service,
    )
    # The request's page: submitted → forum escalated → senior decided.
    page = login(setup.manager).get(response.url).content.decode()
    path = ["Submitted to North peer forum", "Forum escalated", "Head of service: approved with"]
    assert all(step in page for step in path), page
    assert [page.index(step) for step in path] == sorted(page.index(step) for step in path)
    assert "£650.00" in page and "by Helen Head" in page


def test_only_a_panel_member_decides_and_outsiders_get_404(
    setup, panel, escalation, make_user, login, admin, today
):
    url = reverse("peer_forum:escalation_detail", args=[escalation.pk])
    data = {"outcome": "approve", "decided_on": today.isoformat(), "rationale": "Agreed."}
    manager = login(setup.manager)  # a forum manager, not on the panel: sees it, may not decide
    assert manager.get(url).status_code == 200
    assert "Record the senior decision" not in manager.get(url).content.decode()
    assert manager.post(url, data).status_code == 403
    assert login(admin).post(url, data).status_code == 403
    assert login(setup.practitioner).get(url).status_code == 403
    outsider = login(make_user(Role.FORUM_MANAGER, outsider=True))
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, data).status_code == 404
    assert not EscalationDecision.objects.exists()


def test_the_escalation_list_shows_how_long_each_has_waited_in_bounded_queries(
    setup, panel, head_of_service, world, login, today, django_assert_max_num_queries
):
    for days in range(12):
        _escalate(setup, today, EpisodeFactory(person__locality=world.locality), days_ago=days)
    client = login(head_of_service)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("peer_forum:escalation_list")).content.decode()
    assert "12 escalations waiting." in page
    assert "11 days" in page and "0 days" in page
    assert page.index("11 days") < page.index("0 days")  # longest waiting first
    dashboard = login(setup.manager).get(reverse("peer_forum:dashboard")).content.decode()
    assert "12 escalations waiting</a> for the senior decision, the longest for 11 days" in (
        dashboard
    )


def test_the_escalation_pages_by_role_and_partnership(setup, escalation, make_user, login):
    for role, status in [(Role.PRACTITIONER, 403), (Role.HUB_WORKER, 403)]:
        assert login(make_user(role)).get(reverse("peer_forum:escalation_list")).status_code == (
            status
        )
    outsider = login(make_user(Role.FORUM_MANAGER, outsider=True))
    page = outsider.get(reverse("peer_forum:escalation_list")).content.decode()
    assert "No escalations waiting." in page  # another partnership's: never listed


def test_the_admin_names_the_senior_decision_and_its_members(
    admin, head_of_service, setup, make_user, login
):
    client = login(admin)
    url = reverse("peer_forum:escalation_panel")
    response = client.post(url, {"name": "", "members": []})
    page = response.content.decode()
    assert "Give it a name" in page and "Choose at least one member." in page
    practitioner = setup.practitioner
    response = client.post(url, {"name": "Resource pool", "members": [practitioner.pk]})
    assert response.status_code == 200  # a practitioner may not sit on it
    response = client.post(url, {"name": "Resource pool", "members": [head_of_service.pk]})
    assert response.status_code == 302
    assert 'value="Resource pool"' in client.get(url).content.decode()
    assert login(setup.manager).get(url).status_code == 403
    outsider_admin = make_user(Role.ADMIN, outsider=True)
    page = login(outsider_admin).get(url).content.decode()
    assert "Resource pool" not in page  # their own partnership's, empty


@pytest.fixture
def approved(setup, today):
    """Long-term, £450 − £120, approved 60 days ago, review date 4 days ago."""
    request = FundingRequestFactory(
        episode=setup.episode,
        forum=setup.forum,
        submitted_on=today - datetime.timedelta(days=70),
        start_on=today - datetime.timedelta(days=56),
        review_on=today - datetime.timedelta(days=4),
    )
    decide(request, on=today - datetime.timedelta(days=60))
    return request


def test_reviews_due_are_listed_and_a_package_is_ended_with_its_real_end_date(
    setup, approved, world, login, today, make_user, django_assert_max_num_queries
):
    for _ in range(8):
        other = FundingRequestFactory(
            episode=EpisodeFactory(person__locality=world.locality),
            forum=setup.forum,
            submitted_on=today - datetime.timedelta(days=70),
            start_on=today - datetime.timedelta(days=56),
            review_on=today,
        )
        decide(other, on=today - datetime.timedelta(days=60))
    client = login(setup.practitioner)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("peer_forum:reviews_due")).content.decode()
    assert "9 packages due a review." in page and "4 days" in page and "Due today" in page
    dashboard = login(setup.manager).get(reverse("peer_forum:dashboard")).content.decode()
    assert "9 packages due a review</a>" in dashboard
    url = reverse("peer_forum:request_review", args=[approved.pk])
    response = client.post(
        url, {"outcome": "end", "reviewed_on": today.isoformat(), "ended_on": ""}
    )
    assert "Enter the day the package ended." in response.content.decode()
    response = client.post(
        url,
        {
            "outcome": "end",
            "reviewed_on": today.isoformat(),
            "ended_on": (today - datetime.timedelta(days=7)).isoformat(),
            "actual_weekly_cost": "135.50",
        },
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert (approved.ended_on, approved.actual_weekly_cost) == (
        today - datetime.timedelta(days=7),
        Decimal("135.50"),
    )
    assert PackageReview.objects.get().outcome == "end"
    page = client.get(reverse("peer_forum:request_detail", args=[approved.pk])).content.decode()
    assert "Reviewed: end" in page and "£135.50 a week" in page
    assert (
        "8 packages due a review." in client.get(reverse("peer_forum:reviews_due")).content.decode()
    )
    # Other roles 403; another partnership 404.
    assert login(make_user(Role.HSCP_LEAD)).get(url).status_code == 403
    assert login(make_user(Role.PRACTITIONER, outsider=True)).get(url).status_code == 404


def test_continuing_a_package_sets_its_next_review(setup, approved, login, today):
    client = login(setup.manager)
    next_review = today + datetime.timedelta(weeks=12)
    response = client.post(
        reverse("peer_forum:request_review", args=[approved.pk]),
        {
            "outcome": "continue",
            "reviewed_on": today.isoformat(),
            "next_review_on": next_review.isoformat(),
        },
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.review_on == next_review and approved.ended_on is None
    assert approved.status == FundingRequest.Status.APPROVED
