"""Hubs and sessions in the browser: the hub list, opening today's session, the session page,
the head-count tally and closing, each with its three-user (and other-locality) check."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import ALL_ROLES, Role
from hubs.models import Hub, HubSession
from hubs.tasks import close_stale_sessions
from tests.factories import HubFactory, HubSessionFactory

RUNS_SESSIONS = [Role.HUB_WORKER, Role.PRACTITIONER]
DOES_NOT_RUN_SESSIONS = [Role.FORUM_MANAGER, Role.HSCP_LEAD, Role.ADMIN]


# ---------------------------------------------------------------- hub list and hub page


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_every_role_sees_the_hubs_of_its_own_partnership_only(
    users, login, hub, other_hub, outsider_hub, role
):
    page = login(users[role]).get(reverse("hubs:hub_list")).content.decode()
    assert hub.name in page and other_hub.name in page
    assert outsider_hub.name not in page


def test_the_hub_list_offers_to_open_a_session_only_at_the_workers_own_hubs(
    users, login, hub, other_hub
):
    page = login(users[Role.HUB_WORKER]).get(reverse("hubs:hub_list")).content.decode()
    assert reverse("hubs:session_open", args=[hub.pk]) in page
    assert reverse("hubs:session_open", args=[other_hub.pk]) not in page


def test_the_hub_list_links_to_todays_open_session(users, login, session):
    page = login(users[Role.HUB_WORKER]).get(reverse("hubs:hub_list")).content.decode()
    assert reverse("hubs:session_detail", args=[session.pk]) in page


def test_the_hub_list_runs_a_bounded_number_of_queries(
    world, users, login, django_assert_max_num_queries
):
    for index in range(30):
        hub = HubFactory(locality=world.locality if index % 2 else world.other_locality)
        if index % 3 == 0:
            HubSessionFactory(hub=hub, date=timezone.localdate())
    client = login(users[Role.HUB_WORKER])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("hubs:hub_list"))
    assert response.status_code == 200
    assert response.content.decode().count("Go to today's session") == 5  # open, own locality


def test_a_hub_page_lists_its_sessions_for_staff_of_its_locality(
    users, login, hub, django_assert_max_num_queries
):
    for days in range(25):
        HubSessionFactory(hub=hub, date=timezone.localdate() - timezone.timedelta(days=days))
    client = login(users[Role.HUB_WORKER])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("hubs:hub_detail", args=[hub.pk]))
    assert response.status_code == 200
    assert "Page 1 of 2" in response.content.decode()


def test_an_outsider_gets_404_for_a_hub_page(users, login, hub):
    response = login(users["outsider_hub_worker"]).get(reverse("hubs:hub_detail", args=[hub.pk]))
    assert response.status_code == 404


# ---------------------------------------------------------------- opening a session


def test_a_hub_worker_opens_todays_session_with_colleagues_and_partners(
    users, make_user, login, hub
):
    worker = users[Role.HUB_WORKER]
    colleague = make_user(Role.PRACTITIONER)
    client = login(worker)
    form = client.get(reverse("hubs:session_open", args=[hub.pk])).context["form"]
    offered = list(form.fields["staff"].queryset)
    assert colleague in offered and worker not in offered  # they are included anyway
    response = client.post(
        reverse("hubs:session_open", args=[hub.pk]),
        {"mode": "mixed", "staff": [colleague.pk], "partner_organisations": "Citizens Advice"},
    )
    session = HubSession.objects.get(hub=hub)
    assert response.status_code == 302
    assert response.url == reverse("hubs:session_detail", args=[session.pk])
    assert session.date == timezone.localdate() and session.is_open
    assert session.mode == HubSession.Mode.MIXED
    assert set(session.staff.all()) == {worker, colleague}
    assert session.partner_organisations == "Citizens Advice"
    assert session.opened_by == worker
    assert AuditEntry.objects.filter(model="hubs.hubsession", action="create").count() == 1


def test_opening_a_session_twice_goes_to_the_one_already_open(users, login, hub):
    client = login(users[Role.HUB_WORKER])
    url = reverse("hubs:session_open", args=[hub.pk])
    first = client.post(url, {"mode": "drop_in"})
    second = client.post(url, {"mode": "drop_in"})
    assert HubSession.objects.filter(hub=hub).count() == 1
    assert first.url == second.url


def test_opening_a_session_with_a_made_up_mode_says_why_and_opens_nothing(users, login, hub):
    response = login(users[Role.HUB_WORKER]).post(
        reverse("hubs:session_open", args=[hub.pk]), {"mode": "party"}
    )
    assert response.status_code == 200
    assert "from the list" in response.content.decode()
    assert not HubSession.objects.exists()


@pytest.mark.parametrize("role", DOES_NOT_RUN_SESSIONS)
def test_roles_that_do_not_run_sessions_may_not_open_one(users, login, hub, role):
    client = login(users[role])
    assert client.get(reverse("hubs:session_open", args=[hub.pk])).status_code == 403
    assert (
        client.post(reverse("hubs:session_open", args=[hub.pk]), {"mode": "drop_in"}).status_code
        == 403
    )
    assert not HubSession.objects.exists()


def test_a_hub_worker_of_another_locality_gets_404_opening_a_session_there(users, login, other_hub):
    response = login(users[Role.HUB_WORKER]).post(
        reverse("hubs:session_open", args=[other_hub.pk]), {"mode": "drop_in"}
    )
    assert response.status_code == 404
    assert not HubSession.objects.exists()


def test_an_outsider_gets_404_opening_a_session(users, login, hub):
    response = login(users["outsider_hub_worker"]).post(
        reverse("hubs:session_open", args=[hub.pk]), {"mode": "drop_in"}
    )
    assert response.status_code == 404


# ---------------------------------------------------------------- the session page


@pytest.mark.parametrize("role", RUNS_SESSIONS)
def test_staff_who_run_sessions_open_the_session_page(users, login, session, role):
    response = login(users[role]).get(reverse("hubs:session_detail", args=[session.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    # the conversations side serves the dashboard, search and drop-in form, loaded by URL
    assert reverse("conversations:session_dashboard", args=[session.pk]) in page
    assert reverse("conversations:dropin", args=[session.pk]) in page
    assert 'hx-trigger="load, footfall-changed from:body"' in page


@pytest.mark.parametrize("role", DOES_NOT_RUN_SESSIONS)
def test_roles_that_do_not_run_sessions_get_403_on_the_session_page(users, login, session, role):
    response = login(users[role]).get(reverse("hubs:session_detail", args=[session.pk]))
    assert response.status_code == 403


def test_a_worker_of_another_locality_gets_404_on_the_session_page(users, login, other_session):
    response = login(users[Role.HUB_WORKER]).get(
        reverse("hubs:session_detail", args=[other_session.pk])
    )
    assert response.status_code == 404


def test_an_outsider_gets_404_on_the_session_page(users, login, session):
    response = login(users["outsider_practitioner"]).get(
        reverse("hubs:session_detail", args=[session.pk])
    )
    assert response.status_code == 404


# ---------------------------------------------------------------- the head-count tally


def test_each_click_of_add_one_counts_one_and_asks_the_dashboard_to_refresh(users, login, session):
    client = login(users[Role.HUB_WORKER])
    url = reverse("hubs:session_tally", args=[session.pk])
    client.post(url, {"change": "1"}, HTTP_HX_REQUEST="true")
    response = client.post(url, {"change": "1"}, HTTP_HX_REQUEST="true")
    session.refresh_from_db()
    assert session.anonymous_count == 2
    assert response["HX-Trigger"] == "footfall-changed"
    assert '<span class="value">2</span>' in response.content.decode()
    assert 'aria-live="polite"' in response.content.decode()
    assert AuditEntry.objects.filter(model="hubs.hubsession", action="update").count() == 2


def test_take_one_off_corrects_a_mistaken_click_but_never_goes_below_zero(users, login, session):
    client = login(users[Role.HUB_WORKER])
    url = reverse("hubs:session_tally", args=[session.pk])
    client.post(url, {"change": "1"}, HTTP_HX_REQUEST="true")
    client.post(url, {"change": "-1"}, HTTP_HX_REQUEST="true")
    response = client.post(url, {"change": "-1"}, HTTP_HX_REQUEST="true")
    session.refresh_from_db()
    assert session.anonymous_count == 0
    assert response.status_code == 200
    assert "already 0" in response.content.decode()
    assert "HX-Trigger" not in response


def test_the_tally_without_htmx_goes_back_to_the_session_page(users, login, session):
    response = login(users[Role.HUB_WORKER]).post(
        reverse("hubs:session_tally", args=[session.pk]), {"change": "1"}
    )
    assert response.status_code == 302
    assert response.url == reverse("hubs:session_detail", args=[session.pk])


def test_the_tally_is_refused_for_other_roles_and_outsiders(users, login, session, other_session):
    url = reverse("hubs:session_tally", args=[session.pk])
    assert login(users[Role.HSCP_LEAD]).post(url, {"change": "1"}).status_code == 403
    assert login(users["outsider_hub_worker"]).post(url, {"change": "1"}).status_code == 404
    other = reverse("hubs:session_tally", args=[other_session.pk])
    assert login(users[Role.HUB_WORKER]).post(other, {"change": "1"}).status_code == 404
    session.refresh_from_db()
    assert session.anonymous_count == 0


# ---------------------------------------------------------------- closing


def test_closing_a_session_stops_the_tally(users, login, session):
    client = login(users[Role.HUB_WORKER])
    assert client.get(reverse("hubs:session_close", args=[session.pk])).status_code == 200
    response = client.post(reverse("hubs:session_close", args=[session.pk]))
    assert response.status_code == 302
    session.refresh_from_db()
    assert not session.is_open and session.ends_at is not None
    tally = client.post(
        reverse("hubs:session_tally", args=[session.pk]), {"change": "1"}, HTTP_HX_REQUEST="true"
    )
    assert "has been closed" in tally.content.decode()
    session.refresh_from_db()
    assert session.anonymous_count == 0


def test_sessions_left_open_from_earlier_days_are_closed_at_night(hub, settings):
    today = timezone.localdate()
    forgotten = HubSessionFactory(hub=hub, date=today - datetime.timedelta(days=1))
    already = HubSessionFactory(
        hub=hub, date=today - datetime.timedelta(days=2), closed_at=timezone.now()
    )
    running = HubSessionFactory(hub=hub, date=today)
    assert close_stale_sessions() == 1
    for session in (forgotten, already, running):
        session.refresh_from_db()
    assert not forgotten.is_open and forgotten.ends_at is None  # its end time is not known
    assert running.is_open
    entry = AuditEntry.objects.get(object_id=str(forgotten.pk), action="update")
    assert entry.actor is None and "closed_at" in entry.changes
    assert close_stale_sessions() == 0
    beat = settings.CELERY_BEAT_SCHEDULE["hubs-close-stale-sessions"]
    assert beat["task"] == "hubs.close_stale_sessions"


def test_closing_is_refused_for_other_roles_and_outsiders(users, login, session):
    url = reverse("hubs:session_close", args=[session.pk])
    assert login(users[Role.ADMIN]).post(url).status_code == 403
    assert login(users["outsider_hub_worker"]).post(url).status_code == 404
    session.refresh_from_db()
    assert session.is_open


def test_a_user_who_works_in_no_locality_still_sees_the_hub_list(make_user, login, hub):
    admin = make_user(Role.ADMIN, localities=[])
    response = login(admin).get(reverse("hubs:hub_list"))
    assert response.status_code == 200 and hub.name in response.content.decode()


# ---------------------------------------------------------------- adding and editing hubs


def test_an_admin_adds_a_hub_and_it_is_audited(world, users, login):
    response = login(users[Role.ADMIN]).post(
        reverse("hubs:hub_create"),
        {"name": "Kirk Hall", "locality": world.other_locality.pk, "venue_type": "church_hall",
         "postcode": "rv2 3ab", "is_active": "on"},
    )  # fmt: skip
    hub = Hub.objects.get(name="Kirk Hall")
    assert response.status_code == 302
    assert (hub.partnership, hub.locality, hub.postcode) == (
        world.partnership,
        world.other_locality,
        "RV2 3AB",
    )
    assert AuditEntry.objects.get(model="hubs.hub").action == "create"


def test_adding_a_hub_with_bad_input_says_why_and_changes_nothing(world, users, login, hub):
    response = login(users[Role.ADMIN]).post(
        reverse("hubs:hub_create"),
        {"name": hub.name.upper(), "locality": world.outsider_locality.pk, "venue_type": "castle"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "from the list" in page
    assert Hub.objects.count() == 1
    again = login(users[Role.ADMIN]).post(
        reverse("hubs:hub_create"),
        {"name": hub.name.upper(), "locality": world.locality.pk, "venue_type": "cafe"},
    )
    assert "There is already a hub with this name." in again.content.decode()
    assert Hub.objects.count() == 1


def test_an_admin_takes_a_hub_out_of_use_and_still_sees_it(world, users, login, hub):
    client = login(users[Role.ADMIN])
    response = client.post(
        reverse("hubs:hub_edit", args=[hub.pk]),
        {
            "name": hub.name,
            "locality": hub.locality_id,
            "venue_type": hub.venue_type,
            "postcode": "",
        },
    )
    hub.refresh_from_db()
    assert response.status_code == 302 and not hub.is_active
    assert "Not in use" in client.get(reverse("hubs:hub_list")).content.decode()
    worker_page = login(users[Role.HUB_WORKER]).get(reverse("hubs:hub_list")).content.decode()
    assert hub.name not in worker_page
    assert AuditEntry.objects.get(model="hubs.hub", action="update").changes["is_active"] == [
        True,
        False,
    ]


@pytest.mark.parametrize("role", [Role.HUB_WORKER, Role.PRACTITIONER, Role.HSCP_LEAD])
def test_only_admins_manage_hubs(users, login, hub, role):
    client = login(users[role])
    assert client.get(reverse("hubs:hub_create")).status_code == 403
    assert client.post(reverse("hubs:hub_edit", args=[hub.pk]), {}).status_code == 403


def test_an_admin_of_another_partnership_gets_404_editing_a_hub(users, login, hub):
    assert (
        login(users["outsider_admin"]).get(reverse("hubs:hub_edit", args=[hub.pk])).status_code
        == 404
    )
