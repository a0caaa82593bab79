from __future__ import annotations

import pytest
from django.urls import reverse

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from tests.factories import EpisodeFactory, PersonFactory


@pytest.fixture
def person(world):
    return PersonFactory(locality=world.locality, first_name="Morag")


def test_a_practitioner_opens_a_persons_page_and_the_view_is_logged(person, make_user, login):
    practitioner = make_user(Role.PRACTITIONER)
    EpisodeFactory(person=person)
    response = login(practitioner).get(reverse("conversations:person_detail", args=[person.pk]))
    assert response.status_code == 200
    assert "Morag" in response.content.decode()
    entry = AuditEntry.objects.get(action="view")
    assert (entry.actor, entry.person_id) == (practitioner, person.pk)


def test_an_hscp_lead_sees_no_case_records(person, make_user, login):
    response = login(make_user(Role.HSCP_LEAD)).get(
        reverse("conversations:person_detail", args=[person.pk])
    )
    assert response.status_code == 403


@pytest.mark.parametrize("role", [Role.HUB_WORKER, Role.PRACTITIONER, Role.ADMIN])
def test_someone_from_another_partnership_gets_404(person, make_user, login, role):
    response = login(make_user(role, outsider=True)).get(
        reverse("conversations:person_detail", args=[person.pk])
    )
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="view").exists()


def test_a_worker_of_another_locality_gets_404(person, world, make_user, login):
    elsewhere = make_user(Role.PRACTITIONER, localities=[world.other_locality])
    response = login(elsewhere).get(reverse("conversations:person_detail", args=[person.pk]))
    assert response.status_code == 404
