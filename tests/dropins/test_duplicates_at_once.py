"""The same new person added at two hubs at the same moment is added once: the duplicate check
and the insert take turns per partnership and identity (``person_identity_lock``), and the
second worker is shown the first as a likely duplicate. Different people do not wait.

The races run on PostgreSQL with real concurrent transactions (each thread its own connection);
the lock names are checked against the duplicate check itself on any database."""

from __future__ import annotations

import datetime
import threading
import uuid
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.test import Client
from django.urls import reverse

from cls_portal.locks import lock_id, lock_names
from cls_portal.permissions import Role
from conversations.models import Conversation, Person
from conversations.selectors.people import person_duplicates
from conversations.services.dropins import NewPerson, PossibleDuplicates, dropin_log
from conversations.services.people import person_identity_names
from tests.dropins.helpers import valid_health_number
from tests.factories import PersonFactory

BORN = datetime.date(1948, 3, 2)


@pytest.fixture
def worker(users):
    return users[Role.HUB_WORKER]


@pytest.fixture
def south_worker(make_user, world):
    """A hub worker of the partnership's other locality, at the other hub."""
    return make_user(Role.HUB_WORKER, localities=[world.other_locality])


def log(actor, session, new_person: NewPerson, **values) -> object:
    return dropin_log(
        actor=actor,
        session=session,
        new_person=new_person,
        what_matters="Some company in the afternoons",
        what_happened=Conversation.WhatHappened.FOLLOW_UP,
        next_step="Here next Tuesday",
        submission_token=uuid.uuid4(),
        **values,
    )


# What the duplicate check compares, and the lock names mirror: (first, last, born, number).
IDENTITIES = [
    ("Catherine", "Robertson", BORN, ""),
    ("Cathy", "Robson", BORN, ""),
    ("cathy", "ROBSON", BORN, ""),
    ("Cathy", "Robson", None, ""),
    ("Cathy", "Robson", datetime.date(1950, 1, 1), ""),
    ("Cathy", "Ro", BORN, ""),
    ("Cathy", "R", BORN, ""),
    ("Carol", "Rodger", BORN, ""),
    ("Mary", "Robson", BORN, ""),
    ("Jean", "Black", None, "1705501234"),
    ("Morag", "Smith", None, "1705501234"),
    ("Morag", "Smith", BORN, ""),
    ("Li", "Ng", BORN, ""),
    ("Lin", "Ngata", BORN, ""),
    ("Isla", "Kerr", None, ""),
]


def names_of(identity) -> tuple[set[str], set[str]]:
    first, last, born, number = identity
    return person_identity_names(
        partnership_id=1, first_name=first, last_name=last, date_of_birth=born,
        health_number=number,
    )  # fmt: skip


def take_turns(one, other) -> bool:
    """Whether two adds wait for each other: an exclusive name of one held by the other."""
    (one_x, one_s), (other_x, other_s) = names_of(one), names_of(other)
    return bool(one_x & (other_x | other_s) or other_x & one_s)


def finds(world, known, new) -> bool:
    """Whether the duplicate check for ``new`` offers ``known`` (already added)."""
    first, last, born, number = known
    person = PersonFactory(
        locality=world.locality, first_name=first, last_name=last, date_of_birth=born,
        chi_number=number,
    )  # fmt: skip
    first, last, born, number = new
    found = person_duplicates(
        partnership_id=world.partnership.pk, first_name=first, last_name=last,
        date_of_birth=born, health_number=number,
    )  # fmt: skip
    is_found = person in found
    person.delete()
    return is_found


def test_whoever_the_check_would_offer_takes_turns_with_them(world):
    """For every pair (each way round): if the duplicate check for one finds the other, they
    share a lock name — and the pairs the check never links do not wait for each other."""
    for one in IDENTITIES:
        for other in IDENTITIES:
            linked = finds(world, one, other) or finds(world, other, one)
            assert take_turns(one, other) == linked, (one, other)


def test_the_lock_names_belong_to_one_partnership():
    one = person_identity_names(partnership_id=1, first_name="Isla", last_name="Kerr")
    other = person_identity_names(partnership_id=2, first_name="Isla", last_name="Kerr")
    assert not (one[0] | one[1]) & (other[0] | other[1])


def test_a_lock_name_is_the_same_number_in_every_process():
    # Worked out once with hashlib.blake2b(digest_size=8), big-endian, signed.
    assert lock_id("person:1:name:isla|kerr") == lock_id("person:1:name:isla|kerr")
    assert -(2**63) <= lock_id("x") < 2**63
    assert lock_id("x") != lock_id("y")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep reference data
def test_a_lock_outside_a_transaction_is_refused():
    with pytest.raises(TransactionManagementError):
        lock_names(["person:1:name:isla|kerr"])


def test_none_of_these_shows_someone_added_since_before_adding_anyone(
    world, worker, session, south_worker, other_session
):
    known = PersonFactory(
        locality=world.locality, first_name="Catherine", last_name="Robertson", date_of_birth=BORN
    )
    cathy = NewPerson(first_name="Cathy", last_name="Robson", date_of_birth=BORN)
    with pytest.raises(PossibleDuplicates) as shown:
        log(worker, session, cathy)
    assert shown.value.candidates == [known]
    # Meanwhile at the other hub, their colleague added her (after the same warning).
    added = log(south_worker, other_session, cathy, confirm_new=True, candidates_seen=[known.pk])
    with pytest.raises(PossibleDuplicates) as again:
        log(worker, session, cathy, confirm_new=True, candidates_seen=[known.pk])
    assert again.value.candidates == [known, added.person]
    assert Person.objects.count() == 2
    # Having seen both, "none of these" adds her; without the list, as before, it adds anyway.
    log(worker, session, cathy, confirm_new=True, candidates_seen=[known.pk, added.person.pk])
    log(worker, session, cathy, confirm_new=True)
    assert Person.objects.count() == 4


def test_the_page_sends_back_whom_it_showed(world, users, login, session):
    known = PersonFactory(
        locality=world.other_locality, first_name="Isla", last_name="Kerr", date_of_birth=BORN
    )
    client = login(users[Role.HUB_WORKER])
    url = reverse("conversations:dropin", args=[session.pk])
    data = {
        "first_name": "Isla", "last_name": "Kerr", "date_of_birth": BORN.isoformat(),
        "what_matters": "Company", "what_happened": "follow_up", "next_step": "Next week",
        "submission_token": str(uuid.uuid4()),
    }  # fmt: skip
    warned = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert f'name="candidate_seen" value="{known.pk}"' in warned
    later = PersonFactory(
        locality=world.locality, first_name="Isla", last_name="Kerrigan", date_of_birth=BORN
    )
    confirm = data | {"confirm_new": "1", "candidate_seen": [str(known.pk)]}
    again = client.post(url, confirm, HTTP_HX_REQUEST="true").content.decode()
    assert "Is this someone we already know?" in again and "Isla Kerrigan" in again
    assert again.count("Added since you looked") == 1
    assert again.index("Isla Kerrigan") < again.index("Added since you looked")
    assert Person.objects.count() == 2
    both = confirm | {"candidate_seen": [str(known.pk), str(later.pk)]}
    assert "Saved: Isla Kerr" in client.post(url, both, HTTP_HX_REQUEST="true").content.decode()
    assert Person.objects.count() == 3


# -- Real concurrent transactions on PostgreSQL ------------------------------------------------


def race(first: Callable[[], object], second: Callable[[], object], *, second_waits: bool):
    """Run ``first`` in a transaction held open after it returns, then ``second`` on another
    connection. If ``second_waits``, hold the first until the second is seen waiting on a lock
    (at most 5 s: a second that never waits then runs on regardless); else the first is held
    until the second has finished (at most 10 s). Returns both outcomes (a result or the
    exception) and whether the second was seen waiting."""
    first_has_added, release_first, second_done = (threading.Event() for _ in range(3))
    results: dict[str, object] = {}

    def run_first() -> None:
        try:
            with transaction.atomic():
                results["first"] = first()
                first_has_added.set()
                release_first.wait(timeout=20)
        except Exception as exc:  # reported to the test
            results["first"] = exc
        finally:
            first_has_added.set()
            connection.close()

    def run_second() -> None:
        first_has_added.wait(timeout=20)
        try:
            results["second"] = second()
        except Exception as exc:  # reported to the test
            results["second"] = exc
        finally:
            second_done.set()
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    assert first_has_added.wait(timeout=20)
    waited = False
    if second_waits:
        for _ in range(200):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND wait_event = 'advisory'"
                )
                waited = bool(cursor.fetchone()[0])
            if waited or second_done.is_set():
                break
            threading.Event().wait(0.025)
    else:
        second_done.wait(timeout=10)
    finished_while_first_held = second_done.is_set()
    release_first.set()
    for thread in threads:
        thread.join(timeout=30)
    return results["first"], results["second"], waited, finished_while_first_held


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep reference data
def test_the_same_new_person_at_two_hubs_at_once_is_added_once(
    worker, session, south_worker, other_session
):
    cathy = NewPerson(first_name="Cathy", last_name="Robson", date_of_birth=BORN)
    first, second, waited, _ = race(
        lambda: log(worker, session, cathy),
        lambda: log(south_worker, other_session, NewPerson("Catherine", "Robertson", BORN)),
        second_waits=True,
    )
    assert Person.objects.count() == 1, "two records: the second add did not wait for the first"
    assert waited
    assert isinstance(second, PossibleDuplicates), second
    assert second.candidates == [first.person]
    assert "may already be known" in second.messages[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_choosing_none_of_these_at_once_add_one(
    world, worker, session, south_worker, other_session
):
    number = valid_health_number("170550123")
    known = PersonFactory(locality=world.locality, first_name="Jean", last_name="Black")
    jean = NewPerson(first_name="Jean", last_name="Black", health_number=number)
    seen = {"confirm_new": True, "candidates_seen": [known.pk]}
    first, second, waited, _ = race(
        lambda: log(worker, session, jean, **seen),
        lambda: log(south_worker, other_session, jean, **seen),
        second_waits=True,
    )
    assert Person.objects.count() == 2 and waited
    assert isinstance(second, PossibleDuplicates)
    assert second.candidates == [known, first.person]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_api_answers_409_to_the_second_of_two_at_once(
    worker, session, south_worker, other_session
):
    def post(user, session):
        client = Client()
        client.force_login(user)
        data = {
            "session": session.pk,
            "new_person": {"first_name": "Isla", "last_name": "Kerr"},
            "what_matters": "Company", "what_happened": "follow_up", "next_step": "Next week",
        }  # fmt: skip
        return client.post(reverse("api_dropin"), data, content_type="application/json")

    _, second, waited, _ = race(
        lambda: log(worker, session, NewPerson("Isla", "Kerr")),
        lambda: post(south_worker, other_session),
        second_waits=True,
    )
    assert waited and Person.objects.count() == 1
    assert second.status_code == 409
    assert [c["id"] for c in second.json()["candidates"]] == [Person.objects.get().pk]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_different_people_at_two_hubs_at_once_do_not_wait_for_each_other(
    worker, session, south_worker, other_session
):
    number = valid_health_number("170550123")
    first, second, _, finished = race(
        lambda: log(worker, session, NewPerson("Cathy", "Robson", BORN, health_number=number)),
        lambda: log(south_worker, other_session, NewPerson("Carol", "Rodger", BORN)),
        second_waits=False,
    )
    assert finished, "the second add waited for the first"
    assert not isinstance(first, Exception) and not isinstance(second, Exception), (first, second)
    assert Person.objects.count() == 2
