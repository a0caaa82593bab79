"""Logging a drop-in in one page, and the session dashboard, in the browser."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from cls_portal.permissions import Role
from conversations.forms.dropins import DropInForm, NewPersonDropInForm
from conversations.models import Conversation, Episode, Person, Signpost
from hubs.models import Partnership
from tests.dropins.helpers import valid_health_number
from tests.factories import ConversationFactory, EpisodeFactory, PersonFactory


def dropin_url(session, person=None) -> str:
    url = reverse("conversations:dropin", args=[session.pk])
    return f"{url}?person={person.pk}" if person else url


def new_person_post(**extra) -> dict:
    return {
        "first_name": "Isla",
        "last_name": "Kerr",
        "what_matters": "Some company in the afternoons.",
        "what_happened": "follow_up",
        "next_step": "Here next Tuesday at 11",
        "submission_token": str(uuid.uuid4()),
        **extra,
    }


def test_the_new_person_page_asks_for_at_most_five_required_fields(session):
    form = NewPersonDropInForm(session=session)
    required = [name for name, field in form.fields.items() if field.required]
    assert required == ["first_name", "last_name", "what_matters", "what_happened"]
    assert len(required) <= 5
    known = DropInForm(session=session)
    assert [n for n, f in known.fields.items() if f.required] == ["what_matters", "what_happened"]


def test_the_rendered_page_marks_the_same_required_fields(users, login, session):
    page = login(users[Role.HUB_WORKER]).get(dropin_url(session)).content.decode()
    # Each element the browser will insist on (one radio group counts once).
    required = {
        re.search(r'name="([^"]+)"', tag)[1]
        for tag in re.findall(r"<(?:input|textarea|select)\b[^>]*\brequired\b[^>]*>", page)
    }
    assert required == {"first_name", "last_name", "what_matters", "what_happened"}
    assert page.count("(optional)") >= 6


@pytest.mark.parametrize("role", [Role.HUB_WORKER, Role.PRACTITIONER])
def test_staff_who_run_sessions_open_the_drop_in_page(users, login, session, role):
    response = login(users[role]).get(dropin_url(session), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'name="submission_token"' in response.content.decode()


@pytest.mark.parametrize("role", [Role.FORUM_MANAGER, Role.HSCP_LEAD, Role.ADMIN])
def test_other_roles_get_403_on_the_drop_in_page(users, login, session, role):
    client = login(users[role])
    assert client.get(dropin_url(session)).status_code == 403
    assert client.post(dropin_url(session), new_person_post()).status_code == 403
    assert not Person.objects.exists()


def test_a_worker_of_another_locality_or_partnership_gets_404(users, login, session, other_session):
    assert (
        login(users["outsider_hub_worker"]).post(dropin_url(session), new_person_post()).status_code
        == 404
    )
    assert login(users[Role.HUB_WORKER]).get(dropin_url(other_session)).status_code == 404
    assert not Person.objects.exists()


def test_a_person_of_another_partnership_cannot_be_logged_at_a_session(
    world, users, login, session
):
    stranger = PersonFactory(locality=world.outsider_locality)
    response = login(users[Role.HUB_WORKER]).get(dropin_url(session, stranger))
    assert response.status_code == 404


def test_a_hub_worker_logs_a_drop_in_for_a_new_person_in_one_page(world, users, login, session):
    response = login(users[Role.HUB_WORKER]).post(dropin_url(session), new_person_post())
    assert response.status_code == 302
    assert response.url == reverse("hubs:session_detail", args=[session.pk])
    person = Person.objects.get()
    episode = Episode.objects.get(person=person)
    conversation = Conversation.objects.get(episode=episode)
    assert (person.first_name, person.last_name, person.locality) == (
        "Isla",
        "Kerr",
        world.locality,
    )
    assert person.consent == Person.Consent.VERBAL
    assert episode.first_contact_session == session
    assert conversation.what_matters == "Some company in the afternoons."


def test_saving_with_htmx_shows_the_result_and_refreshes_the_dashboard(
    users, login, session, solution
):
    response = login(users[Role.HUB_WORKER]).post(
        dropin_url(session),
        new_person_post(what_happened="connected", solutions=[solution.pk]),
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Trigger"] == "footfall-changed"
    assert "Saved: Isla Kerr" in page and solution.name in page
    assert Signpost.objects.get().follow_up_on == session.date + datetime.timedelta(weeks=4)


def test_a_double_clicked_save_records_one_visit_and_one_new_person(users, login, session):
    client = login(users[Role.HUB_WORKER])
    data = new_person_post()
    first = client.post(dropin_url(session), data, HTTP_HX_REQUEST="true")
    second = client.post(dropin_url(session), data, HTTP_HX_REQUEST="true")
    assert (Person.objects.count(), Episode.objects.count(), Conversation.objects.count()) == (
        1,
        1,
        1,
    )
    assert "Saved: Isla Kerr" in first.content.decode()
    assert "nothing was recorded twice" in second.content.decode()
    again = client.post(dropin_url(session), data)  # without htmx too: the same place
    assert again.url == reverse("hubs:session_detail", args=[session.pk])
    assert Conversation.objects.count() == 1


def test_a_returning_person_is_logged_from_the_search_without_a_new_episode(
    world, users, login, session
):
    person = PersonFactory(locality=world.locality, first_name="Morag")
    episode = EpisodeFactory(
        person=person, first_contact_on=timezone.localdate() - datetime.timedelta(days=9)
    )
    response = login(users[Role.HUB_WORKER]).post(
        dropin_url(session, person),
        {"person": person.pk, "what_matters": "Still lonely", "what_happened": "crisis",
         "submission_token": str(uuid.uuid4())},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert response.status_code == 200
    assert Episode.objects.filter(person=person).count() == 1
    assert Conversation.objects.get().episode == episode


def test_missing_answers_are_explained_and_nothing_is_saved(users, login, session):
    response = login(users[Role.HUB_WORKER]).post(
        dropin_url(session),
        new_person_post(first_name="", what_matters="", what_happened="connected"),
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." not in page
    assert "Enter their first name" in page and "Say what matters to them" in page
    assert "Choose the community solutions they were connected to." in page
    assert 'href="#id_first_name"' in page
    assert not Person.objects.exists() and not Conversation.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("123 456 789", "has exactly 10 digits"),
        ("1234567890", "the last digit does not match"),
    ],
)
def test_a_chi_number_is_checked_by_its_check_digit_with_a_clear_message(
    users, login, session, typed, message
):
    response = login(users[Role.HUB_WORKER]).post(
        dropin_url(session), new_person_post(health_number=typed), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert message in page and "CHI" in page
    assert not Person.objects.exists()


def test_a_valid_chi_number_is_stored_without_its_spaces(users, login, session):
    number = valid_health_number("170550123")
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    login(users[Role.HUB_WORKER]).post(dropin_url(session), new_person_post(health_number=spaced))
    person = Person.objects.get()
    assert (person.chi_number, person.nhs_number) == (number, "")


def test_in_england_the_same_field_asks_for_an_nhs_number(world, users, login, session):
    Partnership.objects.filter(pk=world.partnership.pk).update(nation=Partnership.Nation.ENGLAND)
    client = login(users[Role.HUB_WORKER])
    assert "NHS number" in client.get(dropin_url(session)).content.decode()
    number = valid_health_number("943476591")
    client.post(dropin_url(session), new_person_post(health_number=number))
    assert Person.objects.get().nhs_number == number


def test_likely_duplicates_are_shown_before_anyone_new_is_added(world, users, login, session):
    known = PersonFactory(
        locality=world.other_locality, first_name="Isobel", last_name="Kerrigan",
        date_of_birth=datetime.date(1944, 7, 1),
    )  # fmt: skip
    client = login(users[Role.HUB_WORKER])
    data = new_person_post(date_of_birth="01/07/1944")
    warned = client.post(dropin_url(session), data, HTTP_HX_REQUEST="true").content.decode()
    assert "Is this someone we already know?" in warned
    assert "Isobel Kerrigan" in warned
    assert f'name="use_person" value="{known.pk}"' in warned
    assert 'name="confirm_new"' in warned
    assert Person.objects.count() == 1 and not Conversation.objects.exists()

    used = client.post(dropin_url(session), data | {"use_person": known.pk}, HTTP_HX_REQUEST="true")
    assert "Saved: Isobel Kerrigan" in used.content.decode()
    assert Person.objects.count() == 1
    assert Conversation.objects.get().episode.person == known


def test_none_of_these_adds_the_new_person_after_all(world, users, login, session):
    PersonFactory(
        locality=world.locality, first_name="Isla", last_name="Kerr",
        date_of_birth=datetime.date(1944, 7, 1),
    )  # fmt: skip
    client = login(users[Role.HUB_WORKER])
    data = new_person_post(date_of_birth="1944-07-01", confirm_new="1")
    response = client.post(dropin_url(session), data, HTTP_HX_REQUEST="true")
    assert "Saved: Isla Kerr" in response.content.decode()
    assert Person.objects.filter(first_name="Isla").count() == 2


def test_the_same_chi_number_warns_whatever_the_name(world, users, login, session):
    number = valid_health_number("170550123")
    PersonFactory(locality=world.locality, first_name="Jean", last_name="Black", chi_number=number)
    page = (
        login(users[Role.HUB_WORKER])
        .post(dropin_url(session), new_person_post(health_number=number), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "Jean Black" in page and "Is this someone we already know?" in page


def test_a_duplicate_warning_never_offers_a_person_of_another_partnership(
    world, users, login, session
):
    number = valid_health_number("170550123")
    stranger = PersonFactory(
        locality=world.outsider_locality, first_name="Isla", last_name="Kerr",
        date_of_birth=datetime.date(1944, 7, 1), chi_number=number,
    )  # fmt: skip
    client = login(users[Role.HUB_WORKER])
    data = new_person_post(date_of_birth="01/07/1944", health_number=number)
    # Choosing them anyway (a forged "use this person") is 404, and records nothing.
    forged = client.post(dropin_url(session), data | {"use_person": stranger.pk})
    assert forged.status_code == 404 and not Conversation.objects.exists()
    page = client.post(dropin_url(session), data, HTTP_HX_REQUEST="true").content.decode()
    assert "Is this someone we already know?" not in page
    assert "Saved: Isla Kerr" in page
    assert Conversation.objects.get().episode.person.partnership == world.partnership


def test_a_closed_session_says_so_and_saves_nothing(users, login, session):
    session.closed_at = timezone.now()
    session.save()
    response = login(users[Role.HUB_WORKER]).post(
        dropin_url(session), new_person_post(), HTTP_HX_REQUEST="true"
    )
    assert "This session has been closed" in response.content.decode()
    assert not Person.objects.exists()


# ---------------------------------------------------------------- the session dashboard


def dashboard_url(session) -> str:
    return reverse("conversations:session_dashboard", args=[session.pk])


def test_footfall_is_named_people_once_each_plus_the_head_count(world, users, login, session):
    # Morag came twice and Bill once (2 named people), and 4 people only took a leaflet:
    # footfall = 2 + 4 = 6.
    morag = EpisodeFactory(person=PersonFactory(locality=world.locality, first_name="Morag"))
    bill = EpisodeFactory(person=PersonFactory(locality=world.locality, first_name="Bill"))
    for episode in (morag, morag, bill):
        ConversationFactory(episode=episode, hub_session=session, what_happened="resolved")
    ConversationFactory(episode=bill)  # elsewhere: not this session
    session.anonymous_count = 4
    session.save()
    page = (
        login(users[Role.HUB_WORKER])
        .get(dashboard_url(session), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert '<span class="value">6</span> <span class="label">footfall so far</span>' in page
    assert '<span class="value">2</span> <span class="label">people seen by name</span>' in page
    assert '<span class="value">4</span> <span class="label">head-count</span>' in page
    assert page.count("<tr>") == 1 + 3
    assert 'aria-live="polite"' in page


def test_the_dashboard_runs_a_bounded_number_of_queries(
    world, users, login, session, solution, django_assert_max_num_queries
):
    for index in range(20):
        episode = EpisodeFactory(
            person=PersonFactory(locality=world.locality, first_name=f"P{index}")
        )
        conversation = ConversationFactory(
            episode=episode, hub_session=session, what_happened="connected"
        )
        Signpost.objects.create(
            episode=episode,
            conversation=conversation,
            solution=solution,
            created_on=conversation.held_on,
        )
    client = login(users[Role.HUB_WORKER])
    with django_assert_max_num_queries(12):  # the same for 2 visits or 200
        response = client.get(dashboard_url(session), HTTP_HX_REQUEST="true")
    assert response.content.decode().count(solution.name) == 20


def test_the_dashboard_links_only_to_records_the_worker_may_open(world, users, login, session):
    visitor = PersonFactory(locality=world.other_locality, first_name="Visitor")
    episode = EpisodeFactory(person=visitor, locality=world.other_locality)
    ConversationFactory(episode=episode, hub_session=session)
    page = (
        login(users[Role.HUB_WORKER])
        .get(dashboard_url(session), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "Visitor" in page
    assert reverse("conversations:person_detail", args=[visitor.pk]) not in page


def test_the_dashboard_without_htmx_is_a_whole_page(users, login, session):
    response = login(users[Role.PRACTITIONER]).get(dashboard_url(session))
    assert response.status_code == 200
    assert (
        "<h1>" in response.content.decode()
        and "No one seen by name yet." in response.content.decode()
    )


def test_the_dashboard_is_scoped(users, login, session, other_session):
    assert login(users[Role.HSCP_LEAD]).get(dashboard_url(session)).status_code == 403
    assert login(users[Role.ADMIN]).get(dashboard_url(session)).status_code == 403
    assert login(users["outsider_hub_worker"]).get(dashboard_url(session)).status_code == 404
    assert login(users[Role.HUB_WORKER]).get(dashboard_url(other_session)).status_code == 404


def test_without_a_date_of_birth_the_same_name_warns(world, users, login, session):
    PersonFactory(locality=world.locality, first_name="isla", last_name="KERR", date_of_birth=None)
    page = (
        login(users[Role.HUB_WORKER])
        .post(dropin_url(session), new_person_post(), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "Is this someone we already know?" in page
    assert Person.objects.count() == 1


def test_the_same_name_at_another_postcode_is_not_a_likely_duplicate(world, users, login, session):
    PersonFactory(locality=world.locality, first_name="Isla", last_name="Kerr", postcode="RV9 9ZZ")
    response = login(users[Role.HUB_WORKER]).post(
        dropin_url(session), new_person_post(postcode="rv1 2ab"), HTTP_HX_REQUEST="true"
    )
    assert "Saved: Isla Kerr" in response.content.decode()
    assert Person.objects.get(postcode="RV1 2AB")


def test_the_dashboards_pages_link_to_the_dashboard_not_the_page_hosting_it(
    world, users, login, session
):
    for index in range(55):
        ConversationFactory(
            episode=EpisodeFactory(
                person=PersonFactory(locality=world.locality, first_name=f"P{index}")
            ),
            hub_session=session,
        )
    page = (
        login(users[Role.HUB_WORKER])
        .get(dashboard_url(session), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert f'href="{dashboard_url(session)}?page=2"' in page
