"""Your settings: every signed-in user turns their own daily digest on and off."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cls_portal.audit.models import AuditEntry
from cls_portal.permissions import Role
from today.models import ReminderPreference

pytestmark = pytest.mark.django_db
URL = reverse("today:settings")


@pytest.mark.parametrize("role", list(Role))
def test_every_role_opens_its_own_settings(make_user, login, role):
    response = login(make_user(role)).get(URL)
    assert response.status_code == 200
    assert "Send me a daily e-mail of what is due" in response.content.decode()


def test_turning_the_digest_on_and_off_is_saved_and_audited(make_user, login):
    user = make_user(Role.HUB_WORKER, email="aileen@example.org")
    client = login(user)

    answer = client.post(URL, {"daily_digest": "on"})
    assert answer.status_code == 302
    assert ReminderPreference.objects.get(user=user).daily_digest is True
    assert "checked" in client.get(URL).content.decode()

    client.post(URL, {})
    assert ReminderPreference.objects.get(user=user).daily_digest is False
    entries = AuditEntry.objects.filter(model="today.reminderpreference", actor=user)
    assert entries.count() == 2


def test_without_an_email_address_the_digest_cannot_be_turned_on(make_user, login):
    user = make_user(Role.PRACTITIONER, email="")
    response = login(user).post(URL, {"daily_digest": "on"})
    assert response.status_code == 200
    assert "no e-mail address" in response.content.decode()
    assert not ReminderPreference.objects.exists()


def test_one_users_choice_never_changes_anothers(make_user, login):
    first = make_user(Role.PRACTITIONER, email="a@example.org")
    second = make_user(Role.PRACTITIONER, email="b@example.org")
    login(first).post(URL, {"daily_digest": "on"})
    assert not ReminderPreference.objects.filter(user=second).exists()


def test_settings_ask_anyone_not_signed_in_to_sign_in(client):
    answer = client.get(URL)
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("login"))
