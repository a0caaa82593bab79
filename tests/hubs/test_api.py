"""The hubs API answers as the pages do: hubs, sessions (open, tally, close) and the directory,
with the three-user (and other-locality) check on each endpoint."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import ALL_ROLES, Role
from hubs.models import CommunitySolution, HubSession
from tests.factories import CommunitySolutionFactory, HubFactory


def test_every_role_lists_the_hubs_of_its_partnership_only(
    users, login, hub, outsider_hub, django_assert_max_num_queries
):
    for _ in range(20):
        HubFactory(locality=hub.locality)
    for role in sorted(ALL_ROLES):
        client = login(users[role])
        with django_assert_max_num_queries(8):
            response = client.get(reverse("api_hub-list"))
        names = [row["name"] for row in response.json()["results"]]
        assert hub.name in names and outsider_hub.name not in names


def test_an_outsider_gets_404_for_a_hub(users, login, hub):
    client = login(users["outsider_hub_worker"])
    assert client.get(reverse("api_hub-detail", args=[hub.pk])).status_code == 404


def test_a_hub_worker_opens_a_session_by_api_and_opening_again_returns_it(users, login, hub):
    client = login(users[Role.HUB_WORKER])
    first = client.post(
        reverse("api_hub_session-list"),
        {"hub": hub.pk, "mode": "appointment"},
        content_type="application/json",
    )
    second = client.post(
        reverse("api_hub_session-list"), {"hub": hub.pk}, content_type="application/json"
    )
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["mode"] == "appointment" and first.json()["is_open"]
    assert HubSession.objects.count() == 1


def test_opening_a_session_by_api_is_scoped(users, login, hub, other_hub):
    url = reverse("api_hub_session-list")
    body = {"hub": hub.pk}
    assert (
        login(users[Role.HSCP_LEAD]).post(url, body, content_type="application/json").status_code
        == 403
    )
    assert (
        login(users["outsider_hub_worker"])
        .post(url, body, content_type="application/json")
        .status_code
        == 404
    )
    other = {"hub": other_hub.pk}
    assert (
        login(users[Role.HUB_WORKER]).post(url, other, content_type="application/json").status_code
        == 404
    )
    bad = login(users[Role.HUB_WORKER]).post(
        url, {"hub": hub.pk, "mode": "party"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "mode" in bad.json()
    assert not HubSession.objects.exists()


def test_a_session_by_api_takes_the_same_staff_as_the_page(world, users, login, hub, make_user):
    """Only active session-running colleagues of the hub's locality: a colleague elsewhere, an
    HSCP lead or someone who has left is refused as the form refuses them; nothing is opened."""
    url = reverse("api_hub_session-list")
    client = login(users[Role.HUB_WORKER])
    refused = [
        make_user(Role.HUB_WORKER, localities=[world.other_locality]),
        make_user(Role.HSCP_LEAD),
        make_user(Role.HUB_WORKER, is_active=False),
        users[f"outsider_{Role.HUB_WORKER}"],
    ]
    for colleague in refused:
        body = {"hub": hub.pk, "staff": [colleague.pk]}
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 400
        assert "run sessions in this hub's locality" in str(response.json()["staff"])
    assert not HubSession.objects.exists()
    colleague = make_user(Role.PRACTITIONER)
    body = {"hub": hub.pk, "staff": [colleague.pk]}
    assert client.post(url, body, content_type="application/json").status_code == 201
    assert set(HubSession.objects.get().staff.all()) == {colleague, users[Role.HUB_WORKER]}


def test_sessions_are_listed_for_staff_of_their_locality_only(
    users, login, session, other_session, outsider_session
):
    ids = [
        row["id"]
        for row in login(users[Role.HUB_WORKER])
        .get(reverse("api_hub_session-list"))
        .json()["results"]
    ]
    assert ids == [session.pk]
    assert login(users[Role.ADMIN]).get(reverse("api_hub_session-list")).status_code == 403
    detail = reverse("api_hub_session-detail", args=[other_session.pk])
    assert login(users[Role.HUB_WORKER]).get(detail).status_code == 404


def test_the_tally_and_close_by_api(users, login, session):
    client = login(users[Role.HUB_WORKER])
    tally = reverse("api_hub_session-tally", args=[session.pk])
    assert (
        client.post(tally, {"change": 1}, content_type="application/json").json()["anonymous_count"]
        == 1
    )
    refused = client.post(tally, {"change": 5}, content_type="application/json")
    assert refused.status_code == 400
    closed = client.post(reverse("api_hub_session-close", args=[session.pk]))
    assert closed.status_code == 200 and not closed.json()["is_open"]
    after = client.post(tally, {"change": 1}, content_type="application/json")
    assert after.status_code == 400 and "closed" in str(after.json())
    session.refresh_from_db()
    assert session.anonymous_count == 1


def test_the_tally_by_api_is_scoped(users, login, session):
    tally = reverse("api_hub_session-tally", args=[session.pk])
    assert login(users["outsider_hub_worker"]).post(tally).status_code == 404
    assert login(users[Role.FORUM_MANAGER]).post(tally).status_code == 403


def test_the_directory_api_lists_filters_and_is_bounded(
    world, users, login, solution, outsider_solution, django_assert_max_num_queries
):
    for index in range(25):
        entry = CommunitySolutionFactory(partnership=world.partnership, name=f"Befriend {index}")
        entry.localities.set([world.locality])
    client = login(users[Role.HSCP_LEAD])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("api_solution-list"), {"q": "befriend"})
    body = response.json()
    assert body["count"] == 26  # the 25 plus the lunch club, whose category is befriending
    assert outsider_solution.name not in str(body)
    assert body["results"][0]["localities"] == [{"id": world.locality.pk, "name": "North"}]


def test_editors_create_update_and_verify_entries_by_api(world, users, login, solution):
    client = login(users[Role.HUB_WORKER])
    created = client.post(
        reverse("api_solution-list"),
        {"name": "Digital buddies", "organisation": "Library", "category": "digital-skills",
         "localities": [world.locality.pk], "postcode": "rv1 2ab"},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201 and created.json()["postcode"] == "RV1 2AB"
    changed = client.patch(
        reverse("api_solution-detail", args=[solution.pk]),
        {"schedule": "Mondays"},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["schedule"] == "Mondays"
    verified = client.post(reverse("api_solution-verify", args=[solution.pk]))
    assert verified.status_code == 200 and not verified.json()["needs_review"]
    assert AuditEntry.objects.filter(model="hubs.communitysolution").count() == 3


def test_bad_directory_input_by_api_gets_field_messages_and_changes_nothing(world, users, login):
    response = login(users[Role.ADMIN]).post(
        reverse("api_solution-list"),
        {"name": "", "organisation": "x", "category": "no-such", "email": "nope",
         "localities": [world.outsider_locality.pk]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert {"name", "category", "email"} <= set(response.json())
    assert not CommunitySolution.objects.exists()


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.HSCP_LEAD])
def test_readers_may_not_write_the_directory_by_api(users, login, solution, role):
    client = login(users[role])
    assert client.get(reverse("api_solution-detail", args=[solution.pk])).status_code == 200
    body = {"name": "x", "organisation": "y", "category": "befriending"}
    assert (
        client.post(reverse("api_solution-list"), body, content_type="application/json").status_code
        == 403
    )
    assert client.post(reverse("api_solution-verify", args=[solution.pk])).status_code == 403


def test_an_outsider_gets_404_for_an_entry_by_api(users, login, solution):
    client = login(users["outsider_hub_worker"])
    assert client.get(reverse("api_solution-detail", args=[solution.pk])).status_code == 404
    assert (
        client.patch(
            reverse("api_solution-detail", args=[solution.pk]), {}, content_type="application/json"
        ).status_code
        == 404
    )


def test_the_session_api_list_runs_a_bounded_number_of_queries(
    users, login, hub, django_assert_max_num_queries
):
    import datetime

    from django.utils import timezone

    from tests.factories import HubSessionFactory

    for days in range(25):
        HubSessionFactory(hub=hub, date=timezone.localdate() - datetime.timedelta(days=days))
    client = login(users[Role.HUB_WORKER])
    with django_assert_max_num_queries(9):  # the same for 2 sessions or 200
        body = client.get(reverse("api_hub_session-list")).json()
    assert body["count"] == 25
