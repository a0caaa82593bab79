"""The idle time-out, server side: every signed-in answer says how long the session has left,
"Stay signed in" (the keep-alive) pushes the limit on, and an htmx request that finds its session
ended gets 401 (the page's script then keeps the draft and goes to sign in) instead of the sign-in
page put inside the form. The browser side is tests/e2e/test_dropin_resilience.py."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from cls_portal.middleware import SESSION_REFRESHED_KEY, SESSION_STARTED_KEY
from cls_portal.permissions import Role

pytestmark = pytest.mark.django_db

KEEP_ALIVE = "/session/keep-alive/"


def _age_session(client: Client, *, idle: float, started: float | None = None) -> None:
    session = client.session
    now = time.time()
    session[SESSION_REFRESHED_KEY] = now - idle
    session[SESSION_STARTED_KEY] = now - (started if started is not None else idle)
    session.save()


def test_the_keep_alive_url_is_named():
    assert reverse("session_keep_alive") == KEEP_ALIVE


def test_every_signed_in_answer_says_how_long_is_left(make_user, login, settings):
    settings.SESSION_COOKIE_AGE = 900
    client = login(make_user(Role.HUB_WORKER))
    client.get("/")
    _age_session(client, idle=30)  # refreshed 30 s ago: not refreshed again for another 30 s

    page = client.get("/")
    left = int(page["X-Session-Seconds-Left"])
    assert 868 <= left <= 870  # 900 - 30, less the time the request took
    shown = re.search(rb'data-session-seconds-left="(\d+)"', page.content)
    assert shown and abs(int(shown[1]) - left) <= 1  # the page's figure, for its warning
    assert b'id="session-warning"' in page.content


def test_an_idle_minute_refreshes_the_session_by_itself(make_user, login, settings):
    settings.SESSION_COOKIE_AGE = 900
    client = login(make_user(Role.HUB_WORKER))
    client.get("/")
    _age_session(client, idle=200)  # the middleware pushes it on (more than a minute since)
    assert 898 <= int(client.get("/")["X-Session-Seconds-Left"]) <= 900


def test_the_absolute_limit_comes_first_when_nearer(make_user, login, settings):
    settings.SESSION_COOKIE_AGE = 900
    settings.SESSION_ABSOLUTE_SECONDS = 1000
    client = login(make_user(Role.HUB_WORKER))
    client.get("/")
    _age_session(client, idle=0, started=700)
    assert 298 <= int(client.get("/")["X-Session-Seconds-Left"]) <= 300


def test_stay_signed_in_pushes_the_limit_on(make_user, login, settings):
    settings.SESSION_COOKIE_AGE = 900
    client = login(make_user(Role.PRACTITIONER))
    client.get("/")
    _age_session(client, idle=50)  # within the minute: a page view would not refresh it
    before = Session.objects.get().expire_date

    answer = client.post(KEEP_ALIVE)

    assert answer.status_code == 200
    assert answer.json()["signed_in"] is True
    assert 899 <= answer.json()["seconds_left"] <= 900
    assert int(answer["X-Session-Seconds-Left"]) == answer.json()["seconds_left"]
    assert Session.objects.get().expire_date > before


def test_stay_signed_in_after_the_session_ended_says_so():
    answer = Client().post(KEEP_ALIVE)
    assert answer.status_code == 401
    assert answer.json() == {"signed_in": False}
    assert "X-Session-Seconds-Left" not in answer


def test_stay_signed_in_needs_the_csrf_token_and_a_post(make_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.HUB_WORKER))
    assert client.post(KEEP_ALIVE).status_code == 403
    assert client.get(KEEP_ALIVE).status_code == 405


def test_an_htmx_request_after_the_session_ended_gets_401_not_the_sign_in_page(world):
    url = reverse("conversations:person_list")
    plain = Client().post(url)
    assert plain.status_code == 302 and plain["Location"].startswith("/login/")

    htmx = Client().post(url, headers={"HX-Request": "true"})
    assert htmx.status_code == 401
    assert htmx["X-Sign-In"] == "/login/"
    assert b"<form" not in htmx.content


def test_other_htmx_redirects_are_left_alone(make_user, login):
    client = login(make_user(Role.HUB_WORKER))
    answer = client.get("/login/", headers={"HX-Request": "true"})  # signed in: sent home
    assert answer.status_code == 302 and answer["Location"] == "/"
