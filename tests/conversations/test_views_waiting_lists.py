from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cls_portal.permissions import Role
from conversations.models import WaitingList, WaitingListEntry
from tests.conversations.factories import WaitingListEntryFactory
from tests.factories import HubSessionFactory, WaitingListFactory

DAY = datetime.timedelta(days=1)
INDEX = reverse("conversations:waiting_list_index")


def url(name, *args):
    return reverse(f"conversations:{name}", args=args)


@pytest.fixture
def ot_list(world):
    return WaitingListFactory(partnership=world.partnership, name="OT assessment")


def on_list(waiting_list, locality, name, days, **extra):
    today = timezone.localdate()
    return WaitingListEntryFactory(
        episode__person__locality=locality,
        episode__person__first_name=name,
        waiting_list=waiting_list,
        added_on=today - days * DAY,
        **extra,
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.HUB_WORKER, 200),
        (Role.PRACTITIONER, 200),
        (Role.FORUM_MANAGER, 200),
        (Role.HSCP_LEAD, 403),
        (Role.ADMIN, 403),
    ],
)
def test_the_lists_are_for_case_workers(make_user, login, ot_list, role, status):
    assert login(make_user(role)).get(INDEX).status_code == status
    assert login(make_user(role)).get(url("waiting_list_detail", ot_list.pk)).status_code == status


def test_the_index_counts_who_is_waiting_in_the_users_localities(
    world, ot_list, practitioner, login, today
):
    on_list(ot_list, world.locality, "A", 10)
    on_list(ot_list, world.locality, "B", 10, priority="urgent")
    on_list(ot_list, world.locality, "C", 10, removed_on=today, removal_reason="seen")
    on_list(ot_list, world.other_locality, "D", 10)
    page = login(practitioner).get(INDEX).content.decode()
    assert '<td class="num">2</td><td class="num">1</td>' in page


def test_a_list_shows_each_persons_wait_so_far_in_bounded_queries(
    world, ot_list, practitioner, login, django_assert_max_num_queries
):
    for i in range(20):
        on_list(ot_list, world.locality, f"Person{i:02}", days=i + 1)
    client = login(practitioner)
    with django_assert_max_num_queries(14):
        response = client.get(url("waiting_list_detail", ot_list.pk))
    page = response.content.decode()
    assert "20 people waiting" in page
    assert '<td class="num">20</td>' in page  # Person19 has waited 20 days
    assert page.index("Person19") < page.index("Person00")  # longest wait first


def test_the_list_as_it_stood_on_a_past_day_through_the_page(
    world, ot_list, practitioner, login, today
):
    day = today - 10 * DAY
    on_list(ot_list, world.locality, "Then", 20, removed_on=today - 5 * DAY, removal_reason="seen")
    on_list(ot_list, world.locality, "Later", 3)
    client = login(practitioner)
    page = client.get(url("waiting_list_detail", ot_list.pk), {"as_at": day.isoformat()})
    body = page.content.decode()
    assert "Then" in body and "Later" not in body
    assert "1 person waiting" in body
    assert '<td class="num">10</td>' in body  # 20 days ago to 10 days ago
    assert "Offer a hub appointment" not in body  # the past cannot be changed
    fragment = client.get(
        url("waiting_list_detail", ot_list.pk),
        {"as_at": day.isoformat()},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="waiting-list-entries",
    ).content.decode()
    assert "<h1>" not in fragment and "Then" in fragment
    future = client.get(
        url("waiting_list_detail", ot_list.pk), {"as_at": (today + DAY).isoformat()}
    )
    assert "Choose today or a day in the past." in future.content.decode()


def test_offering_hub_appointments_to_several_people_at_once(
    world, ot_list, practitioner, login, today
):
    chosen = [on_list(ot_list, world.locality, f"P{i}", 30) for i in range(3)]
    left = on_list(ot_list, world.locality, "Left", 30)
    session = HubSessionFactory(hub__locality=world.locality, date=today + 2 * DAY)
    response = login(practitioner).post(
        url("waiting_list_offer", ot_list.pk),
        {"entries": [e.pk for e in chosen], "appointment_session": session.pk},
    )
    assert response.status_code == 302
    hub_list = WaitingList.objects.get(is_hub_appointments=True)
    assert (
        hub_list.entries.filter(removed_on__isnull=True, appointment_session=session).count() == 3
    )
    assert set(
        WaitingListEntry.objects.filter(waiting_list=ot_list, removed_on=today).values_list(
            "removal_reason", flat=True
        )
    ) == {"hub_appointment"}
    left.refresh_from_db()
    assert left.removed_on is None


def test_an_offer_with_nobody_chosen_or_someone_elses_entry_changes_nothing(
    world, ot_list, practitioner, login
):
    client = login(practitioner)
    south = on_list(ot_list, world.other_locality, "South", 30)
    for data in ({}, {"entries": [south.pk]}):
        response = client.post(url("waiting_list_offer", ot_list.pk), data)
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
    assert not WaitingList.objects.filter(is_hub_appointments=True).exists()
    south.refresh_from_db()
    assert south.removed_on is None


def test_hub_workers_see_lists_but_do_not_change_them(world, ot_list, episode, make_user, login):
    entry = on_list(ot_list, world.locality, "A", 3)
    client = login(make_user(Role.HUB_WORKER))
    assert (
        "Offer a hub appointment"
        not in client.get(url("waiting_list_detail", ot_list.pk)).content.decode()
    )
    assert (
        client.post(url("waiting_list_offer", ot_list.pk), {"entries": [entry.pk]}).status_code
        == 403
    )
    assert client.get(url("waiting_list_entry_remove", entry.pk)).status_code == 403
    assert client.get(url("waiting_list_entry_add", episode.pk)).status_code == 403


def test_adding_and_taking_off_with_reasons(world, ot_list, episode, practitioner, login, today):
    client = login(practitioner)
    response = client.post(
        url("waiting_list_entry_add", episode.pk),
        {
            "waiting_list": ot_list.pk,
            "priority": "urgent",
            "reason": "Stairs",
            "added_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    entry = WaitingListEntry.objects.get()
    assert (entry.priority, entry.reason) == ("urgent", "Stairs")
    again = client.post(
        url("waiting_list_entry_add", episode.pk),
        {"waiting_list": ot_list.pk, "priority": "routine", "added_on": today.isoformat()},
    )
    assert "already on the OT assessment waiting list" in again.content.decode()
    missing = client.post(
        url("waiting_list_entry_remove", entry.pk), {"removed_on": today.isoformat()}
    )
    assert missing.status_code == 200
    entry.refresh_from_db()
    assert entry.removed_on is None
    response = client.post(
        url("waiting_list_entry_remove", entry.pk),
        {"removal_reason": "seen", "removed_on": today.isoformat()},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.removed_on, entry.removal_reason) == (today, "seen")
    # An old link to take them off again says so and goes back to the list; nothing changes.
    again = client.post(
        url("waiting_list_entry_remove", entry.pk),
        {"removal_reason": "declined", "removed_on": today.isoformat()},
        follow=True,
    )
    assert "already taken off the OT assessment list" in again.content.decode()
    entry.refresh_from_db()
    assert entry.removal_reason == "seen"


def test_entry_pages_answer_404_outside_scope(
    world, ot_list, episode, south_practitioner, outsider, make_user, login
):
    entry = on_list(ot_list, world.locality, "A", 3)
    for client in (login(south_practitioner), login(outsider)):
        assert client.get(url("waiting_list_entry_remove", entry.pk)).status_code == 404
        assert client.get(url("waiting_list_entry_add", episode.pk)).status_code == 404
    assert login(outsider).get(url("waiting_list_detail", ot_list.pk)).status_code == 404
    assert (
        login(outsider)
        .post(url("waiting_list_offer", ot_list.pk), {"entries": [entry.pk]})
        .status_code
        == 404
    )
    lead = login(make_user(Role.HSCP_LEAD))
    assert lead.get(url("waiting_list_entry_remove", entry.pk)).status_code == 403


def test_admins_name_the_lists(world, make_user, login, ot_list):
    admin = login(make_user(Role.ADMIN))
    manage = url("waiting_list_manage")
    assert "OT assessment" in admin.get(manage).content.decode()
    assert admin.post(manage, {"name": "Social work assessment"}).status_code == 302
    duplicate = admin.post(manage, {"name": "social work  assessment"})
    assert "There is already a waiting list with this name." in duplicate.content.decode()
    assert (
        admin.post(url("waiting_list_edit", ot_list.pk), {"name": "OT review"}).status_code == 302
    )
    ot_list.refresh_from_db()
    assert (ot_list.name, ot_list.slug) == ("OT review", ot_list.slug)
    assert WaitingList.objects.filter(partnership=world.partnership).count() == 2
    assert login(make_user(Role.PRACTITIONER)).get(manage).status_code == 403
    assert (
        login(make_user(Role.ADMIN, outsider=True))
        .get(url("waiting_list_edit", ot_list.pk))
        .status_code
        == 404
    )


def test_the_index_counts_every_list_in_one_query(
    world, practitioner, login, django_assert_max_num_queries
):
    for i in range(16):
        waiting_list = WaitingListFactory(partnership=world.partnership, name=f"List {i:02}")
        on_list(waiting_list, world.locality, f"P{i}", days=i + 1)
    client = login(practitioner)
    with django_assert_max_num_queries(8):  # session and user, the lists (one query), session save
        page = client.get(INDEX).content.decode()
    assert page.count('<td class="num">1</td><td class="num">0</td>') == 16


def test_the_hub_appointment_list_takes_people_off_but_offers_nothing(
    world, practitioner, login, today
):
    hub_list = WaitingListFactory(
        partnership=world.partnership, name="Hub appointment", is_hub_appointments=True
    )
    entry = on_list(hub_list, world.locality, "Declined", 4)
    client = login(practitioner)
    page = client.get(url("waiting_list_detail", hub_list.pk)).content.decode()
    assert url("waiting_list_entry_remove", entry.pk) in page
    assert "Offer a hub appointment" not in page
    past = client.get(
        url("waiting_list_detail", hub_list.pk), {"as_at": (today - DAY).isoformat()}
    ).content.decode()
    assert url("waiting_list_entry_remove", entry.pk) not in past  # the past cannot be changed
