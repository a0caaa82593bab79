"""Hardening: login throttling, Content Security Policy, session lifetime and hand-over."""

from __future__ import annotations

import datetime
import time

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cls_portal.accounts.services import user_update
from cls_portal.middleware import (
    SESSION_REFRESH_SECONDS,
    SESSION_REFRESHED_KEY,
    SESSION_STARTED_KEY,
)
from cls_portal.permissions import Role
from tests.factories import TEST_PASSWORD


def _fail_to_sign_in(client, username, times):
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "wrong"})


def test_five_wrong_passwords_pause_signing_in_with_a_clear_message(client, make_user):
    user = make_user()
    _fail_to_sign_in(client, user.username, 5)
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "too many unsuccessful attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_out_message_says_how_long_from_the_setting(client, make_user, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(hours=1)
    user = make_user()
    _fail_to_sign_in(client, user.username, 5)
    page = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert page.status_code == 429
    assert "signing in for 1 hour to keep the account safe" in page.content.decode()
    assert "15 minutes" not in page.content.decode()
    api = APIClient()
    for _ in range(6):
        answer = api.post(reverse("api_token"), {"username": user.username, "password": "wrong"})
    assert answer.status_code == 429
    assert answer.json()["detail"].endswith("signing in is paused for 1 hour.")


def test_four_wrong_passwords_then_the_right_one_signs_in(client, make_user):
    user = make_user()
    _fail_to_sign_in(client, user.username, 4)
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 302


def test_the_api_token_route_is_throttled_too(make_user):
    user = make_user()
    api = APIClient()
    for _ in range(5):
        api.post(reverse("api_token"), {"username": user.username, "password": "wrong"})
    response = api.post(
        reverse("api_token"), {"username": user.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    assert "token" not in response.content.decode()


def test_pages_carry_a_strict_content_security_policy(client, db):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]


def test_pages_have_no_inline_scripts(client, make_user, login):
    for role in Role:
        page = login(make_user(role)).get(reverse("home")).content.decode()
        assert "<script>" not in page and " onclick=" not in page


def test_the_session_key_changes_at_sign_in(client, make_user):
    user = make_user()
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert client.session.session_key != before


def test_sessions_end_after_fifteen_idle_minutes_and_twelve_hours_at_most(settings):
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_an_active_session_is_kept_alive_and_an_idle_one_ends(make_user, login):
    client = login(make_user())
    assert client.get(reverse("home")).status_code == 200
    # Within a minute of the last refresh a page writes nothing to the session.
    first = _expiry(client)
    assert client.get(reverse("home")).status_code == 200
    assert _expiry(client) == first
    # Over a minute later the idle expiry moves on: 15 minutes from now.
    session = client.session
    session[SESSION_REFRESHED_KEY] = time.time() - SESSION_REFRESH_SECONDS - 1
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert client.get(reverse("home")).status_code == 200
    left = _expiry(client) - timezone.now()
    assert datetime.timedelta(minutes=14) < left <= datetime.timedelta(minutes=15)
    # Idle past its expiry, the session signs no one in.
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(reverse("home")).status_code == 302


def test_a_session_older_than_the_absolute_limit_is_signed_out(make_user, login):
    client = login(make_user())
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - 12 * 60 * 60 - 1
    session.save()
    assert client.get(reverse("home")).status_code == 302


def test_deactivating_a_user_ends_their_sessions(make_user, login, world):
    admin = make_user(Role.ADMIN)
    worker = make_user(Role.HUB_WORKER)
    client = login(worker)
    assert client.get(reverse("home")).status_code == 200
    user_update(
        actor=admin,
        user=worker,
        first_name=worker.first_name,
        last_name=worker.last_name,
        email=worker.email,
        role=worker.role,
        is_active=False,
        localities=[world.locality],
    )
    assert not Session.objects.filter(session_key=client.session.session_key).exists()
    assert client.get(reverse("home")).status_code == 302


def test_expired_sessions_are_cleared_nightly(make_user, login, settings):
    from cls_portal.tasks import clear_sessions

    live = login(make_user()).session.session_key
    expired = login(make_user()).session.session_key
    Session.objects.filter(session_key=expired).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    clear_sessions()
    assert set(Session.objects.values_list("session_key", flat=True)) == {live}
    entry = settings.CELERY_BEAT_SCHEDULE["clear-expired-sessions"]
    assert entry["task"] == "cls_portal.clear_sessions"


def test_signing_in_with_empty_boxes_says_what_to_enter(client, db):
    page = client.post("/login/", {"username": "", "password": ""}).content.decode()
    assert "Enter your username" in page and "Enter your password" in page
    assert "This field is required." not in page
