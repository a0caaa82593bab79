"""The peer-forum API: the same rules and scope as the pages (three-user checks on every
endpoint), money validation as 400s with field messages, 409 when already decided, savings."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from peer_forum.models import Decision, FundingRequest
from tests.factories import EpisodeFactory, HubFactory, HubSessionFactory, PersonFactory
from tests.peer_forum.factories import FundingRequestFactory, decide


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def other_locality(world, make_user):
    return lambda role: make_user(role, localities=[world.other_locality])


# ---- forums and meetings


def test_forums_are_listed_for_forum_roles_in_their_localities(
    setup, world, make_user, other_locality
):
    response = api(setup.practitioner).get(reverse("api_forum_list"))
    assert response.status_code == 200
    assert [f["name"] for f in response.json()["results"]] == ["North peer forum"]
    assert response.json()["results"][0]["delegated_weekly_limit"] == "600.00"
    assert api(make_user(Role.HSCP_LEAD)).get(reverse("api_forum_list")).status_code == 403
    assert (
        api(make_user(Role.ADMIN, outsider=True)).get(reverse("api_forum_list")).json()["count"]
        == 0
    )
    detail = reverse("api_forum_detail", args=[setup.forum.pk])
    assert api(setup.practitioner).get(detail).status_code == 200
    assert api(make_user(Role.HUB_WORKER)).get(detail).status_code == 403
    assert api(make_user(Role.PRACTITIONER, outsider=True)).get(detail).status_code == 404
    assert api(other_locality(Role.PRACTITIONER)).get(detail).status_code == 404


def test_meetings_are_listed_created_and_attended_through_the_api(setup, make_user, today):
    client = api(setup.manager)
    listed = client.get(reverse("api_meeting_list"), {"forum": setup.forum.pk}).json()
    assert [m["id"] for m in listed["results"]] == [setup.meeting.pk]
    assert listed["results"][0]["has_quorum"] is True
    created = client.post(
        reverse("api_meeting_list"),
        {"forum": setup.forum.pk, "held_on": (today + datetime.timedelta(days=7)).isoformat()},
        format="json",
    )
    assert created.status_code == 201
    attended = client.post(
        reverse("api_meeting_attendance", args=[created.json()["id"]]),
        {"attendees": [setup.manager.pk, setup.second_manager.pk]},
        format="json",
    )
    assert attended.status_code == 200 and attended.json()["has_quorum"] is True
    stranger = make_user(Role.PRACTITIONER)
    refused = client.post(
        reverse("api_meeting_attendance", args=[created.json()["id"]]),
        {"attendees": [stranger.pk]},
        format="json",
    )
    assert refused.status_code == 400
    assert "Only members" in refused.json()["attendees"][0]


def test_meeting_endpoints_apply_role_and_scope(setup, make_user, other_locality, today):
    detail = reverse("api_meeting_detail", args=[setup.meeting.pk])
    attendance = reverse("api_meeting_attendance", args=[setup.meeting.pk])
    assert api(setup.practitioner).get(detail).status_code == 200
    assert (
        api(setup.practitioner).post(attendance, {"attendees": []}, format="json").status_code
        == 403
    )
    assert api(make_user(Role.HSCP_LEAD)).get(detail).status_code == 403
    outsider = api(make_user(Role.FORUM_MANAGER, outsider=True))
    assert outsider.get(detail).status_code == 404
    assert outsider.post(attendance, {"attendees": []}, format="json").status_code == 404
    assert (
        outsider.post(
            reverse("api_meeting_list"),
            {"forum": setup.forum.pk, "held_on": today.isoformat()},
            format="json",
        ).status_code
        == 404
    )
    assert api(other_locality(Role.FORUM_MANAGER)).get(detail).status_code == 404
    assert setup.meeting.attendees.count() == 2


# ---- requests


def request_payload(setup, **overrides):
    today = timezone.localdate()
    payload = {
        "episode": setup.episode.pk,
        "outcomes_sought": "To stay at home.",
        "counterfactual_service": "home_care",
        "counterfactual_weekly_cost": "450.00",
        "proposed_weekly_cost": "120.00",
        "intervention_type": "long_term",
        "sds_option": 1,
        "start_on": today.isoformat(),
        "review_on": (today + datetime.timedelta(weeks=12)).isoformat(),
    }
    return payload | overrides


def test_a_practitioner_prepares_and_submits_a_request_through_the_api(setup):
    client = api(setup.practitioner)
    created = client.post(reverse("api_request_list"), request_payload(setup), format="json")
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["counterfactual_weekly_cost"], body["person"]) == (
        "draft",
        "450.00",
        setup.episode.person_id,
    )
    submitted = client.post(
        reverse("api_request_submit", args=[body["id"]]),
        {"forum": setup.forum.pk, "meeting": setup.meeting.pk},
        format="json",
    )
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"counterfactual_weekly_cost": "-1.00"},
            "counterfactual_weekly_cost",
            "cannot be negative",
        ),
        ({"proposed_weekly_cost": "12.345"}, "proposed_weekly_cost", "2 decimal places"),
        ({"proposed_weekly_cost": "lots"}, "proposed_weekly_cost", "Enter an amount in pounds"),
        ({"proposed_weekly_cost": None}, "proposed_weekly_cost", "Enter the weekly amount"),
        ({"intervention_type": "short_term"}, "short_term_weeks", "from 1 to 6"),
        ({"intervention_type": "short_term", "short_term_weeks": 9}, "short_term_weeks", "6"),
        ({"intervention_type": "one_off"}, "counterfactual_one_off_cost", "Enter the amount"),
    ],
)
def test_bad_money_through_the_api_is_a_400_with_field_messages_and_saves_nothing(
    setup, overrides, field, message
):
    response = api(setup.practitioner).post(
        reverse("api_request_list"), request_payload(setup, **overrides), format="json"
    )
    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert not FundingRequest.objects.exists()


def test_request_endpoints_apply_role_and_scope(setup, waiting_request, make_user, other_locality):
    detail = reverse("api_request_detail", args=[waiting_request.pk])
    assert api(setup.practitioner).get(detail).status_code == 200
    assert AuditEntry.objects.filter(action="view", model="peer_forum.fundingrequest").count() == 1
    for role in (Role.HUB_WORKER, Role.HSCP_LEAD, Role.ADMIN):
        user = make_user(role)
        assert api(user).get(detail).status_code == 403
        assert api(user).get(reverse("api_request_list")).status_code == 403
    outsider = make_user(Role.PRACTITIONER, outsider=True)
    assert api(outsider).get(detail).status_code == 404
    assert api(outsider).get(reverse("api_request_list")).json()["count"] == 0
    assert (
        api(outsider)
        .post(reverse("api_request_list"), request_payload(setup), format="json")
        .status_code
        == 404
    )
    elsewhere = other_locality(Role.PRACTITIONER)
    assert api(elsewhere).get(detail).status_code == 404
    assert api(elsewhere).get(reverse("api_request_list")).json()["count"] == 0
    assert (
        api(make_user(Role.HSCP_LEAD))
        .post(reverse("api_request_list"), request_payload(setup), format="json")
        .status_code
        == 403
    )


def test_the_request_list_is_a_bounded_number_of_queries(
    setup, world, django_assert_max_num_queries
):
    for _ in range(20):
        FundingRequestFactory(episode=EpisodeFactory(person__locality=world.locality))
    with django_assert_max_num_queries(10):
        response = api(setup.practitioner).get(reverse("api_request_list"))
    assert response.json()["count"] == 20


# ---- deciding


def test_a_manager_decides_through_the_api_and_the_second_gets_409(setup, waiting_request):
    url = reverse("api_request_decide", args=[waiting_request.pk])
    payload = {
        "meeting": setup.meeting.pk,
        "outcome": "approve_changes",
        "approved_amount": "100.00",
        "rationale": "Agreed at a lower amount.",
    }
    first = api(setup.manager).post(url, payload, format="json")
    assert first.status_code == 201
    assert first.json()["approved_weekly_amount"] == "100.00"
    second = api(setup.second_manager).post(url, payload | {"outcome": "decline"}, format="json")
    assert second.status_code == 409
    assert "already been decided" in second.json()["detail"]
    assert Decision.objects.count() == 1


def test_deciding_through_the_api_applies_the_same_rules(setup, waiting_request, make_user):
    url = reverse("api_request_decide", args=[waiting_request.pk])
    client = api(setup.manager)
    no_rationale = client.post(
        url, {"meeting": setup.meeting.pk, "outcome": "approve", "rationale": ""}, format="json"
    )
    assert no_rationale.status_code == 400
    setup.meeting.attendees.set([setup.manager])
    no_quorum = client.post(
        url, {"meeting": setup.meeting.pk, "outcome": "approve", "rationale": "Yes."}, format="json"
    )
    assert no_quorum.status_code == 400
    assert "No quorum" in no_quorum.json()["non_field_errors"][0]
    assert api(make_user(Role.FORUM_MANAGER)).post(url, {}, format="json").status_code == 403
    assert api(setup.practitioner).post(url, {}, format="json").status_code == 403
    assert (
        api(make_user(Role.FORUM_MANAGER, outsider=True)).post(url, {}, format="json").status_code
        == 404
    )
    assert not Decision.objects.exists()


def test_decisions_are_listed_in_scope(setup, waiting_request, make_user, other_locality, today):
    decide(waiting_request, on=today)
    assert api(setup.practitioner).get(reverse("api_decision_list")).json()["count"] == 1
    assert (
        api(other_locality(Role.PRACTITIONER)).get(reverse("api_decision_list")).json()["count"]
        == 0
    )
    assert api(make_user(Role.HSCP_LEAD)).get(reverse("api_decision_list")).status_code == 403


# ---- savings


def test_the_savings_endpoint_returns_the_ledger_for_a_month_and_scope(setup, world, make_user):
    hub = HubFactory(locality=world.locality)
    session = HubSessionFactory(hub=hub, date=datetime.date(2026, 2, 2))
    episode = EpisodeFactory(
        person=PersonFactory(locality=world.locality), first_contact_session=session
    )
    # Long-term £450 − £120.50 = £329.50 a week; × 52.14 = £17,180.13 a year.
    funding = FundingRequestFactory(
        episode=episode,
        submitted_on=datetime.date(2026, 3, 1),
        proposed_weekly_cost=Decimal("120.50"),
        start_on=datetime.date(2026, 3, 4),
    )
    decide(funding, on=datetime.date(2026, 3, 4))
    lead = api(make_user(Role.FORUM_MANAGER))
    body = lead.get(reverse("api_savings"), {"period": "2026-03"}).json()
    assert body["count"] == 1
    assert (body["weekly_total"], body["annualised_total"]) == ("329.50", "17180.13")
    assert body["lines"][0] == {
        "intervention_type": "long_term",
        "label": "Long-term (12 months or more)",
        "count": 1,
        "weekly_saving": "329.50",
        "annualised_saving": "17180.13",
        # Running 4 → 31 March, 27 days: 329.50 × 27 / 7 = 1,270.9286 → £1,270.93.
        "realised_saving": "1270.93",
    }
    assert (body["realised_total"], body["realised_as_of"]) == ("1270.93", "2026-03-31")
    assert body["average_annualised_per_long_term_person"] == "17180.13"
    assert (
        lead.get(reverse("api_savings"), {"period": "2026-03", "hub": hub.pk}).json()["count"] == 1
    )
    south = lead.get(
        reverse("api_savings"), {"period": "2026-03", "locality": world.other_locality.pk}
    )
    assert south.json()["count"] == 0
    assert south.json()["average_annualised_per_long_term_person"] is None
    assert lead.get(reverse("api_savings"), {"period": "2026-04"}).json()["count"] == 0


def test_the_savings_endpoint_is_for_savings_roles_in_their_own_partnership(
    setup, world, make_user
):
    url = reverse("api_savings")
    assert api(setup.manager).get(url, {"period": "2026-03"}).status_code == 200
    assert api(make_user(Role.ADMIN)).get(url, {"period": "2026-03"}).status_code == 200
    assert api(setup.practitioner).get(url, {"period": "2026-03"}).status_code == 403
    # Leads get the suppressed figures from /api/v1/outcomes/figures/, never exact counts.
    assert api(make_user(Role.HSCP_LEAD)).get(url, {"period": "2026-03"}).status_code == 403
    outsider = api(make_user(Role.FORUM_MANAGER, outsider=True))
    assert (
        outsider.get(url, {"period": "2026-03", "locality": world.locality.pk}).status_code == 404
    )
    assert outsider.get(url, {"period": "2026-03"}).json()["count"] == 0
    bad = api(setup.manager).get(url, {"period": "2026-13"})
    assert bad.status_code == 400 and "YYYY-MM" in bad.json()["period"][0]
    assert api(setup.manager).get(url).status_code == 400


def test_the_openapi_schema_describes_the_peer_forum_endpoints(client, db):
    schema = client.get(reverse("schema")).content.decode()
    for path in ("/api/v1/peer-forum/savings/", "/api/v1/peer-forum/requests/{id}/decisions/"):
        assert path in schema
