"""Waiting-list entries (waits true from the day each person joined), directory entries
(found by the directory search) and users (no usable password), each with its row problems,
all-or-nothing, and re-imports that change nothing."""

from __future__ import annotations

import datetime

import pytest

from cls_portal.accounts.models import User
from conversations.models import WaitingList, WaitingListEntry
from conversations.selectors.waiting_lists import waiting_list_entries_on
from hubs.models import CommunitySolution
from hubs.selectors import DirectoryFilters, solution_list
from imports.models import ImportJob

CASELOAD = (
    "id,first_name,last_name,locality,episode_state,first_contact_on\n"
    "P1,Ann,Bell,North,waiting,01/06/2026\n"
    "P2,Bob,Carr,North,waiting,01/06/2026\n"
    "P3,Cat,Dunn,South,,\n"
)
LIST_HEADER = "id,person_id,waiting_list,added_on,priority,reason"


@pytest.fixture
def caseload(run_import, world):
    assert run_import("people", CASELOAD).status == ImportJob.Status.DONE


def test_waiting_list_entries_keep_the_day_each_person_joined(
    run_import, caseload, make_user, today
):
    joined = today - datetime.timedelta(days=40)
    job = run_import(
        "waiting_list",
        f"{LIST_HEADER}\nW1,P1,OT assessment,"
        f"{joined:%d/%m/%Y},urgent,Help with bathing\nW2,P2,OT assessment,"
        f"{today - datetime.timedelta(days=3):%Y-%m-%d},,\n",
    )
    assert job.status == ImportJob.Status.DONE, job.problems
    assert job.notes == ["A new waiting list: “OT assessment”."]
    practitioner = make_user("practitioner")
    entries = list(waiting_list_entries_on(user=practitioner, day=today))
    assert [(e.episode.person.first_name, e.days_on_list, e.priority) for e in entries] == [
        ("Ann", 40, "urgent"),
        ("Bob", 3, "routine"),
    ]
    page = make_user("practitioner")
    from django.test import Client

    client = Client()
    client.force_login(page)
    answer = client.get(f"/waiting-lists/{WaitingList.objects.get().pk}/")
    assert answer.status_code == 200
    assert '<td class="num">40</td>' in answer.content.decode()


def test_a_waiting_list_file_imported_again_changes_nothing(run_import, caseload):
    text = f"{LIST_HEADER}\nW1,P1,OT assessment,01/07/2026,,\n"
    run_import("waiting_list", text)
    before = list(WaitingListEntry.objects.values())
    again = run_import("waiting_list", text)
    assert (again.to_create, again.to_update, again.unchanged) == (0, 0, 1)
    assert list(WaitingListEntry.objects.values()) == before
    moved = run_import("waiting_list", text.replace("01/07/2026", "02/07/2026"))
    assert moved.to_update == 1
    assert WaitingListEntry.objects.get().added_on == datetime.date(2026, 7, 2)


WAITING_PROBLEMS = [
    ("W1,P404,OT assessment,01/07/2026,,", "person_id", "No person has the id"),
    ("W1,P3,OT assessment,01/07/2026,,", "person_id", "has no open episode"),
    ("W1,P1,OT assessment,,,", "added_on", "must be filled in"),
    ("W1,P1,OT assessment,01/07/2090,,", "added_on", "in the future"),
    ("W1,P1,,01/07/2026,,", "waiting_list", "must be filled in"),
    ("W1,P1,OT assessment,01/07/2026,soon,", "priority", "is not one of"),
    ("W9,P1,Physio,01/07/2026,,", "person_id", "also on the Physio list on row 2"),
]


@pytest.mark.parametrize(
    ("cells", "column", "words"), WAITING_PROBLEMS, ids=[p[2] for p in WAITING_PROBLEMS]
)
def test_each_waiting_list_row_problem_is_said_and_nothing_changes(
    run_import, caseload, cells, column, words
):
    job = run_import(
        "waiting_list",
        f"{LIST_HEADER}\nW0,P2,Physio,01/07/2026,,\n{cells}\n".replace("W0,P2", "W0,P1")
        if "Physio" in cells
        else f"{LIST_HEADER}\nW0,P2,Physio,01/07/2026,,\n{cells}\n",
    )
    assert any(
        p["row"] == 3 and p["column"] == column and words in p["message"] for p in job.problems
    ), job.problems
    assert not WaitingListEntry.objects.exists()
    assert not WaitingList.objects.exists()  # the list the check would have added is gone too


def test_someone_already_on_the_list_in_the_portal_is_a_problem(run_import, caseload):
    run_import("waiting_list", f"{LIST_HEADER}\nW1,P1,OT assessment,01/07/2026,,\n")
    job = run_import("waiting_list", f"{LIST_HEADER}\nW2,P1,OT assessment,02/07/2026,,\n")
    assert job.problems[0]["column"] == "waiting_list"
    assert "already on the OT assessment list" in job.problems[0]["message"]


DIRECTORY_HEADER = "id,name,organisation,category,localities,cost_to_person,last_verified,active"


def test_directory_entries_are_added_and_found_by_the_directory_search(
    run_import, world, make_user
):
    job = run_import(
        "directory",
        f"{DIRECTORY_HEADER}\n"
        "D1,Tuesday lunch club,Riverside Lunch Club,Lunch clubs,North,£3.50 a meal,"
        "01/11/2026,yes\n"
        "D2,Men's shed,Kirkton Men's Shed,mens-sheds,,Free,,\n",
    )
    assert job.status == ImportJob.Status.DONE, job.problems
    lunch = CommunitySolution.objects.get(external_id="D1")
    assert list(lunch.localities.all()) == [world.locality]
    worker = make_user("hub_worker")
    found = solution_list(user=worker, filters=DirectoryFilters(q="lunch"))
    assert [s.name for s in found] == ["Tuesday lunch club"]
    again = run_import(
        "directory",
        f"{DIRECTORY_HEADER}\n"
        "D1,Tuesday lunch club,Riverside Lunch Club,Lunch clubs,North,£3.50 a meal,"
        "01/11/2026,yes\n"
        "D2,Men's shed,Kirkton Men's Shed,mens-sheds,,Free,,\n",
    )
    assert (again.to_create, again.to_update, again.unchanged) == (0, 0, 2)


DIRECTORY_PROBLEMS = [
    ("D1,,Org,Lunch clubs,,,,", "name", "must be filled in"),
    ("D1,Lunch,Org,Basket weaving,,,,", "category", "no category"),
    ("D1,Lunch,Org,Lunch clubs,Atlantis,,,", "localities", "no locality called"),
    ("D1,Lunch,Org,Lunch clubs,,,tomorrow,", "last_verified", "is not a date"),
    ("D1,Lunch,Org,Lunch clubs,,,,perhaps", "active", "is not yes or no"),
]


@pytest.mark.parametrize(
    ("cells", "column", "words"), DIRECTORY_PROBLEMS, ids=[p[2] for p in DIRECTORY_PROBLEMS]
)
def test_each_directory_row_problem_is_said_and_nothing_changes(
    run_import, world, cells, column, words
):
    job = run_import("directory", f"{DIRECTORY_HEADER}\nD0,Walk,Walkers,transport,,,,\n{cells}\n")
    assert any(
        p["row"] == 3 and p["column"] == column and words in p["message"] for p in job.problems
    ), job.problems
    assert not CommunitySolution.objects.exists()


USERS_HEADER = "email,first_name,last_name,role,localities"


def test_users_are_added_without_a_usable_password(run_import, world):
    text = (
        f"{USERS_HEADER}\nJo.Smith@example.org,Jo,Smith,practitioner,North;South\n"
        "lead@example.org,Lee,Adams,hscp_lead,\n"
    )
    job = run_import("users", text)
    assert job.status == ImportJob.Status.DONE, job.problems
    jo = User.objects.get(username="jo.smith@example.org")
    assert not jo.has_usable_password()
    assert (jo.partnership, jo.role, jo.locality_id_set) == (
        world.partnership,
        "practitioner",
        {world.locality.pk, world.other_locality.pk},
    )
    again = run_import("users", text)
    assert (again.to_create, again.to_update, again.unchanged) == (0, 0, 2)


USER_PROBLEMS = [
    ("nobody,Jo,Smith,practitioner,North", "email", "not an e-mail address"),
    ("jo@example.org,Jo,Smith,wizard,North", "role", "is not one of"),
    ("jo@example.org,Jo,Smith,hub_worker,", "localities", "at least one locality"),
    ("jo@example.org,,Smith,hub_worker,North", "first_name", "must be filled in"),
    ("taken@example.org,Jo,Smith,hub_worker,North", "email", "already in use"),
]


@pytest.mark.parametrize(
    ("cells", "column", "words"), USER_PROBLEMS, ids=[p[2] for p in USER_PROBLEMS]
)
def test_each_user_row_problem_is_said_and_nothing_changes(
    run_import, world, make_user, cells, column, words
):
    make_user("hub_worker", outsider=True, username="taken@example.org")
    count = User.objects.count()
    job = run_import("users", f"{USERS_HEADER}\nok@example.org,Al,Bo,hub_worker,North\n{cells}\n")
    assert any(
        p["row"] == 3 and p["column"] == column and words in p["message"] for p in job.problems
    ), job.problems
    assert User.objects.count() == count
