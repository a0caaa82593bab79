"""The monthly staff pulse: one answer per member of staff per month, changeable that month."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from outcomes.models import StaffPulseResponse
from outcomes.reference import PULSE_ITEMS

PULSE = reverse("outcomes:staff_pulse")


def answers(locality, score=4, **overrides):
    return {"locality": locality.pk, **dict.fromkeys(PULSE_ITEMS, score)} | overrides


@pytest.mark.parametrize("role", [Role.HUB_WORKER, Role.PRACTITIONER, Role.FORUM_MANAGER])
def test_case_roles_answer_the_pulse_once_a_month_and_may_change_their_answers(
    users, login, world, role, today
):
    client = login(users[role])
    assert client.get(PULSE).status_code == 200
    assert client.post(PULSE, answers(world.locality, 4)).status_code == 302
    assert client.post(PULSE, answers(world.locality, 2)).status_code == 302
    response = StaffPulseResponse.objects.get()  # still one answer for the month
    assert response.month == today.replace(day=1)
    assert response.trusted_to_decide == 2
    assert response.respondent == users[role]
    assert AuditEntry.objects.filter(model="outcomes.staffpulseresponse").count() == 2
    assert "You answered on" in client.get(PULSE).content.decode()


@pytest.mark.parametrize("role", [Role.HSCP_LEAD, Role.ADMIN])
def test_leads_and_admins_do_not_answer_the_staff_pulse(users, login, world, role):
    client = login(users[role])
    assert client.get(PULSE).status_code == 403
    assert client.post(PULSE, answers(world.locality)).status_code == 403


def test_a_missing_or_out_of_range_answer_is_explained_and_nothing_is_saved(users, login, world):
    client = login(users[Role.PRACTITIONER])
    missing = answers(world.locality)
    del missing["supported_by_team"]
    response = client.post(PULSE, missing)
    assert response.status_code == 200
    assert "Choose how far you agree with" in response.content.decode()
    response = client.post(PULSE, answers(world.locality, trusted_to_decide=9))
    assert "Choose how far you agree with" in response.content.decode()
    assert StaffPulseResponse.objects.count() == 0


def test_staff_answer_only_for_a_locality_they_work_in(users, login, world):
    response = login(users[Role.PRACTITIONER]).post(PULSE, answers(world.other_locality))
    assert response.status_code == 200
    assert "Choose a locality you work in" in response.content.decode()
    assert StaffPulseResponse.objects.count() == 0
