"""Keeping a person's details right: edits audited with before and after, shown on the page and
the timeline; roles and scope on the page and the API."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from conversations.models import Person
from conversations.services.person_details import person_update
from tests.factories import EpisodeFactory, PersonFactory


@pytest.fixture
def kerr(world):
    return PersonFactory(
        locality=world.locality, first_name="Morag", last_name="Kerr", phone="01234 000111"
    )


def test_an_edit_is_audited_with_before_and_after(practitioner, kerr, world):
    person_update(
        actor=practitioner,
        person=kerr,
        phone="07700 900123",
        pronouns="she/her",
        locality=world.other_locality,
    )
    kerr.refresh_from_db()
    assert (kerr.phone, kerr.pronouns, kerr.locality) == (
        "07700 900123",
        "she/her",
        world.other_locality,
    )
    entry = AuditEntry.objects.filter(model="conversations.person", action="update").get()
    assert entry.actor == practitioner
    assert entry.changes["phone"] == ["01234 000111", "07700 900123"]
    assert entry.changes["pronouns"] == ["", "she/her"]
    assert entry.changes["locality_id"] == [world.locality.pk, world.other_locality.pk]


def test_nothing_changed_writes_nothing(practitioner, kerr):
    person_update(actor=practitioner, person=kerr, phone="01234 000111")
    assert not AuditEntry.objects.filter(model="conversations.person", action="update").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"first_name": "  "}, "first_name"),
        ({"health_number": "1234567890"}, "health_number"),
        ({"date_of_birth": datetime.date(2999, 1, 1)}, "date_of_birth"),
        ({"email": "not-an-email"}, "email"),
        ({"locality": None}, "locality"),
    ],
)
def test_a_bad_detail_is_refused_and_changes_nothing(practitioner, kerr, changes, field):
    before = Person.objects.filter(pk=kerr.pk).values().get()
    with pytest.raises(ValidationError) as refused:
        person_update(actor=practitioner, person=kerr, **changes)
    assert field in refused.value.message_dict
    assert Person.objects.filter(pk=kerr.pk).values().get() == before


def test_another_partnerships_locality_is_refused(practitioner, kerr, world):
    with pytest.raises(ValidationError, match="own partnership"):
        person_update(actor=practitioner, person=kerr, locality=world.outsider_locality)


def test_a_record_with_no_details_cannot_be_given_some(practitioner, world):
    anonymous = PersonFactory(locality=world.locality, is_anonymised=True, first_name="Anonymous")
    with pytest.raises(ValidationError, match="no details"):
        person_update(actor=practitioner, person=anonymous, phone="0777")


def test_the_person_page_shows_every_detail_and_the_edit_on_the_timeline(practitioner, kerr, login):
    EpisodeFactory(person=kerr)
    client = login(practitioner)
    edit = reverse("conversations:person_edit", args=[kerr.pk])
    form = client.get(edit)
    assert 'value="01234 000111"' in form.content.decode()
    data = {
        "first_name": "Morag",
        "last_name": "Kerr",
        "phone": "07700 900123",
        "locality": kerr.locality_id,
        "language": "Gaelic",
        "date_of_birth": "17/05/1950",
        "postcode": "EH1 1AA",
    }
    assert client.post(edit, data).status_code == 302
    page = client.get(reverse("conversations:person_detail", args=[kerr.pk])).content.decode()
    assert "07700 900123" in page and "Gaelic" in page
    assert "Details changed: phone, language they prefer" in page


def test_the_edit_page_refuses_a_bad_number_clearly(practitioner, kerr, login):
    response = login(practitioner).post(
        reverse("conversations:person_edit", args=[kerr.pk]),
        {"first_name": "Morag", "locality": kerr.locality_id, "health_number": "1234567890"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    kerr.refresh_from_db()
    assert kerr.chi_number == ""


def test_scope_and_roles_on_the_edit_page(make_user, kerr, world, login):
    url = reverse("conversations:person_edit", args=[kerr.pk])
    assert login(make_user(Role.HUB_WORKER)).get(url).status_code == 200
    assert login(make_user(Role.ADMIN)).get(url).status_code == 403
    assert login(make_user(Role.HSCP_LEAD)).get(url).status_code == 403
    south = make_user(Role.PRACTITIONER, localities=[world.other_locality])
    assert login(south).get(url).status_code == 404
    assert login(make_user(Role.PRACTITIONER, outsider=True)).get(url).status_code == 404


def test_the_api_changes_details_and_answers_with_them(practitioner, kerr, login):
    client = login(practitioner)
    url = reverse("api_person_detail", args=[kerr.pk])
    response = client.patch(
        url, json.dumps({"phone": "07700 900123", "preferred_name": "Mo"}),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "07700 900123"
    assert response.json()["preferred_name"] == "Mo"
    bad = client.patch(url, json.dumps({"email": "nope"}), content_type="application/json")
    assert bad.status_code == 400 and "email" in bad.json()


def test_the_api_refuses_other_roles_and_places(make_user, kerr, world, login):
    url = reverse("api_person_detail", args=[kerr.pk])
    body = {"data": json.dumps({"phone": "1"}), "content_type": "application/json"}
    assert login(make_user(Role.ADMIN)).patch(url, **body).status_code == 403
    assert login(make_user(Role.HSCP_LEAD)).patch(url, **body).status_code == 403
    south = make_user(Role.PRACTITIONER, localities=[world.other_locality])
    assert login(south).patch(url, **body).status_code == 404
    assert login(make_user(Role.PRACTITIONER, outsider=True)).patch(url, **body).status_code == 404
    kerr.refresh_from_db()
    assert kerr.phone == "01234 000111"
