"""Finding a person: what a query means, matching by name, date of birth, postcode and CHI/NHS
number, the partnership boundary, the 20-result bound, and the pages and API."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cls_portal.permissions import Role
from conversations.selectors.people import parse_person_query, person_search
from tests.dropins.helpers import valid_health_number
from tests.factories import EpisodeFactory, PersonFactory

BORN = datetime.date(1950, 5, 17)
CHI = valid_health_number("170550123")


@pytest.mark.parametrize(
    ("text", "names", "born", "postcode", "area", "number"),
    [
        ("Morag Smith", ("Morag", "Smith"), None, "", "", ""),
        ("17/05/1950", (), BORN, "", "", ""),
        ("1950-05-17", (), BORN, "", "", ""),
        ("17-5-1950", (), BORN, "", "", ""),
        ("17.05.1950", (), BORN, "", "", ""),
        ("rv1 2ab", (), None, "RV1 2AB", "", ""),
        ("RV12AB", (), None, "RV1 2AB", "", ""),
        ("eh12", (), None, "", "EH12", ""),
        (f"{CHI[:3]} {CHI[3:6]} {CHI[6:]}", (), None, "", "", CHI),
        ("smith 17/05/1950 RV1 2AB", ("smith",), BORN, "RV1 2AB", "", ""),
        ("O'Neil", ("O'Neil",), None, "", "", ""),
    ],
)
def test_a_query_is_read_as_names_a_date_of_birth_a_postcode_and_a_number(
    text, names, born, postcode, area, number
):
    query = parse_person_query(text)
    assert (query.names, query.date_of_birth, query.postcode, query.postcode_area) == (
        names, born, postcode, area,
    )  # fmt: skip
    assert query.health_number == number


def test_an_impossible_date_is_not_a_date_of_birth():
    assert parse_person_query("31/02/1950").date_of_birth is None


@pytest.fixture
def morag(world):
    return PersonFactory(
        locality=world.locality, first_name="Morag", last_name="Smith", date_of_birth=BORN,
        postcode="RV1 2AB", chi_number=CHI,
    )  # fmt: skip


@pytest.fixture
def others(world, morag):
    return [
        PersonFactory(locality=world.locality, first_name="Moira", last_name="Smithson",
                      date_of_birth=datetime.date(1961, 1, 2), postcode="RV1 9ZZ"),
        PersonFactory(locality=world.other_locality, first_name="Agnes", last_name="Morrison",
                      date_of_birth=BORN, postcode="RV2 1AA"),
        PersonFactory(locality=world.outsider_locality, first_name="Morag", last_name="Smith",
                      date_of_birth=BORN, postcode="RV1 2AB", chi_number=""),
    ]  # fmt: skip


def names_found(user, text: str) -> list[str]:
    return [person.full_name for person in person_search(user=user, text=text).people]


def test_names_match_from_the_start_of_first_or_last_name_ignoring_case(users, morag, others):
    worker = users[Role.HUB_WORKER]
    assert names_found(worker, "mor") == ["Agnes Morrison", "Morag Smith"]
    assert names_found(worker, "morag sm") == ["Morag Smith"]
    assert names_found(worker, "SMITH MO") == ["Morag Smith", "Moira Smithson"]
    assert names_found(worker, "orag") == []  # starts-with, not anywhere


def test_date_of_birth_postcode_and_number_each_find_the_person(users, morag, others):
    worker = users[Role.HUB_WORKER]
    assert names_found(worker, "17/05/1950") == ["Agnes Morrison", "Morag Smith"]
    assert names_found(worker, "1950-05-17 smith") == ["Morag Smith"]
    assert names_found(worker, "rv12ab") == ["Morag Smith"]
    assert names_found(worker, "RV1") == ["Morag Smith", "Moira Smithson"]
    assert names_found(worker, f"{CHI[:3]} {CHI[3:6]} {CHI[6:]}") == ["Morag Smith"]


def test_search_never_crosses_the_partnership_boundary(users, morag, others):
    outsider = users["outsider_hub_worker"]
    assert names_found(outsider, "morag smith") == ["Morag Smith"]  # their own Morag only
    found = person_search(user=outsider, text="morag smith").people[0]
    assert found.partnership_id != morag.partnership_id


def test_someone_of_another_locality_is_found_but_their_record_only_opens_where_allowed(
    users, morag, others
):
    worker = users[Role.HUB_WORKER]  # works in North; Agnes lives in South
    agnes = person_search(user=worker, text="agnes").people[0]
    assert agnes.can_open is False
    assert person_search(user=worker, text="morag").people[0].can_open is True
    assert person_search(user=users[Role.ADMIN], text="agnes").people[0].can_open is True


def test_results_are_bounded_to_twenty_with_a_hint_to_refine(world, users):
    for index in range(25):
        PersonFactory(locality=world.locality, first_name=f"Ann{index:02}", last_name="Brown")
    result = person_search(user=users[Role.HUB_WORKER], text="brown")
    assert len(result.people) == 20 and result.more


def test_the_search_page_runs_a_bounded_number_of_queries_whatever_the_numbers(
    world, users, login, django_assert_max_num_queries
):
    for index in range(40):
        person = PersonFactory(
            locality=world.locality, first_name=f"Ann{index:02}", last_name="Brown"
        )
        if index % 2:
            EpisodeFactory(person=person)
    client = login(users[Role.HUB_WORKER])
    # the people by surname and by first name, who may open them, who is supported
    with django_assert_max_num_queries(10):
        response = client.get(
            reverse("conversations:person_list"), {"q": "brown"}, HTTP_HX_REQUEST="true"
        )
    page = response.content.decode()
    assert page.count('class="person-result"') == 20
    assert "More than 20 people match" in page
    assert "<html" not in page


@pytest.mark.parametrize(
    "role", [Role.HUB_WORKER, Role.PRACTITIONER, Role.FORUM_MANAGER, Role.ADMIN]
)
def test_case_roles_and_admins_use_the_search_page(users, login, morag, role):
    response = login(users[role]).get(reverse("conversations:person_list"), {"q": "morag"})
    assert response.status_code == 200
    assert "Morag Smith" in response.content.decode()


def test_an_hscp_lead_may_not_search_for_people(users, login, morag):
    response = login(users[Role.HSCP_LEAD]).get(
        reverse("conversations:person_list"), {"q": "morag"}
    )
    assert response.status_code == 403


def test_a_worker_of_partnership_a_cannot_find_a_person_of_partnership_b(users, login, morag):
    page = login(users["outsider_hub_worker"]).get(
        reverse("conversations:person_list"), {"q": "morag"}, HTTP_HX_REQUEST="true"
    )
    assert page.status_code == 200
    assert "Morag Smith" not in page.content.decode()
    assert "No one found" in page.content.decode()


def test_from_a_session_the_results_offer_to_log_a_drop_in(users, login, session, morag):
    page = (
        login(users[Role.HUB_WORKER])
        .get(
            reverse("conversations:person_list"),
            {"q": "morag", "session": session.pk},
            HTTP_HX_REQUEST="true",
        )
        .content.decode()
    )
    assert f"{reverse('conversations:dropin', args=[session.pk])}?person={morag.pk}" in page
    assert reverse("conversations:person_detail", args=[morag.pk]) in page


def test_a_session_of_another_locality_or_partnership_cannot_be_named_in_a_search(
    users, login, other_session, outsider_session
):
    client = login(users[Role.HUB_WORKER])
    url = reverse("conversations:person_list")
    assert client.get(url, {"q": "a", "session": other_session.pk}).status_code == 404
    assert client.get(url, {"q": "a", "session": outsider_session.pk}).status_code == 404
    assert client.get(url, {"q": "a", "session": "x"}).status_code == 404


def test_the_people_api_searches_within_the_partnership(users, login, morag, others):
    client = login(users[Role.HUB_WORKER])
    body = client.get(reverse("api_person_search"), {"q": "morag smith"}).json()
    assert [row["id"] for row in body["results"]] == [morag.pk]
    assert body["results"][0]["can_open"] is True
    outsider = (
        login(users["outsider_hub_worker"]).get(reverse("api_person_search"), {"q": "morag"}).json()
    )
    assert morag.pk not in [row["id"] for row in outsider["results"]]
    assert (
        login(users[Role.HSCP_LEAD]).get(reverse("api_person_search"), {"q": "x"}).status_code
        == 403
    )


def test_the_people_api_opens_a_record_only_in_scope_and_logs_the_read(users, login, morag, others):
    from cls_portal.audit.models import AuditEntry

    url = reverse("api_person_detail", args=[morag.pk])
    assert login(users[Role.HUB_WORKER]).get(url).json()["chi_number"] == CHI
    assert AuditEntry.objects.filter(action="view", person_id=morag.pk).count() == 1
    assert login(users["outsider_hub_worker"]).get(url).status_code == 404
    agnes = others[1]
    assert (
        login(users[Role.HUB_WORKER]).get(reverse("api_person_detail", args=[agnes.pk])).status_code
        == 404
    )
    assert login(users[Role.HSCP_LEAD]).get(url).status_code == 403


def test_many_people_sharing_a_date_of_birth_are_still_found_in_name_order(
    world, users, monkeypatch
):
    from conversations.selectors import people

    monkeypatch.setattr(people, "EXACT_CANDIDATES", 3)  # force the many-matches path
    for name in ("Eve", "Ann", "Dot", "Bea", "Cat"):
        PersonFactory(locality=world.locality, first_name=name, last_name="Day", date_of_birth=BORN)
    found = names_found(users[Role.HUB_WORKER], "17/05/1950 day")
    assert found == ["Ann Day", "Bea Day", "Cat Day", "Dot Day", "Eve Day"]
    monkeypatch.setattr(people, "EXACT_CANDIDATES", 500)
    assert names_found(users[Role.HUB_WORKER], "17/05/1950 day") == found


def test_a_word_starting_first_names_and_surnames_lists_both_in_one_name_order(world, users):
    """The surname matches and the first-name matches are read separately (each along the name
    index) and merged: the first 20 overall, by surname, then first name."""
    for index in range(15):  # first name "Lee…", a surname sorting before any "Lee"
        PersonFactory(locality=world.locality, first_name=f"Lee{index:02}", last_name="Aird")
    for index in range(15):  # surname "Lee…"
        PersonFactory(locality=world.locality, first_name="Ann", last_name=f"Lee{index:02}")
    PersonFactory(locality=world.locality, first_name="Leena", last_name="Lees")  # both

    result = person_search(user=users[Role.HUB_WORKER], text="lee")

    found = [f"{person.first_name} {person.last_name}" for person in result.people]
    assert found == [f"Lee{index:02} Aird" for index in range(15)] + [
        f"Ann Lee{index:02}" for index in range(5)
    ]
    assert result.more
    wider = person_search(user=users[Role.HUB_WORKER], text="lee", limit=40)
    names = [f"{person.first_name} {person.last_name}" for person in wider.people]
    assert names[-1] == "Leena Lees" and names.count("Leena Lees") == 1 and len(names) == 31
    assert not wider.more
