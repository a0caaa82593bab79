"""The benchmark's load: the main journeys of CLS Portal, as its users make them.

Run by ``bench/run.py`` (``make bench``), headless, against gunicorn on loopback with production
settings. Twenty journey users at once, by role:

- 8 hub workers at today's session of a hub in their locality: the session page and its "seen
  at this session" panel (the hub session dashboard), searching for a person (as typed into the
  session page's search box), and logging a drop-in for someone found (the form, then a real
  POST with its CSRF token: the visit is recorded);
- 4 practitioners: the crisis board;
- 4 forum managers: the forum queue;
- 4 HSCP leads: the outcomes dashboard, for the whole partnership or one locality.

Think time: 1 to 5 seconds between actions (uniform). A hub worker mid-session is slower than
that (a conversation takes minutes), so this is a harsher load than a real session.

One more user, the *probe*, asks for ``/healthz`` (a trivial view on the same server: no
session, one ``SELECT 1``) every half second, so the floor is measured under the same load.

Every response time after a warm-up (``BENCH_WARM_UP`` seconds from the moment all users have
started, default 20) is written, per request name, to the JSON file named by ``BENCH_SAMPLES``,
so percentiles are computed exactly rather than from locust's rounded buckets; a request that
fails (an HTTP error, or a page without what it should show) counts as an error.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import random
import re
import time
from collections import defaultdict

from locust import HttpUser, between, constant, events, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "cls-demo-2026")
SAMPLES: dict[str, list[float]] = defaultdict(list)
FAILURES: dict[str, int] = defaultdict(int)

# Names and dates as people type them at a hub (the demo data's names; some match many
# people, some few, some none).
FIRST_NAMES = ["Agnes", "Bill", "Catherine", "Duncan", "Elsie", "Grace", "Hamish", "Isla"]
LAST_NAMES = ["Anderson", "Brown", "Campbell", "MacDonald", "McLean", "Robertson", "Stewart"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN = re.compile(r'name="submission_token" value="([^"]*)"')
OPEN_SESSION = re.compile(r'href="/hubs/(\d+)/sessions/open/"')
SESSION_PAGE = re.compile(r"/hubs/sessions/(\d+)/")
DROPIN_LINK = re.compile(r'href="/hub-sessions/\d+/drop-in/\?person=(\d+)"')
SOLUTION = re.compile(r'name="solutions" value="(\d+)"')  # the solution picker's boxes
LOCALITY = re.compile(r'<option value="locality=(\d+)"')
MEETING = re.compile(r'href="/peer-forum/meetings/(\d+)/"')


def _send_secure_cookies_over_loopback(self, cookie, request) -> bool:
    """Production cookies are ``Secure``; the benchmark speaks plain HTTP on loopback (where a
    TLS proxy would sit in front), so this load generator sends them back over HTTP. (requests
    copies its cookie jar per request with the default policy, so the policy itself is
    changed, in this process only.)"""
    return True


http.cookiejar.DefaultCookiePolicy.return_ok_secure = _send_secure_cookies_over_loopback


WARM_UP = float(os.environ.get("BENCH_WARM_UP", "20"))
# The journeys' users (the probes come on top), in the mix of the 20-user run: 2 in 5 hub
# workers, 1 in 5 each practitioners, forum managers and leads. The capacity steps raise it.
USERS = int(os.environ.get("BENCH_USERS", "20"))
HUB_WORKERS = round(USERS * 0.4)
PRACTITIONERS = MANAGERS = round(USERS * 0.2)
LEADS = USERS - HUB_WORKERS - PRACTITIONERS - MANAGERS
measuring_from: list[float] = []  # when every user has started, plus the warm-up


@events.spawning_complete.add_listener
def _spawned(user_count, **_kw):
    measuring_from.append(time.monotonic() + WARM_UP)


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **_kw):
    """Only requests after the warm-up count (the first ones fill each worker's caches)."""
    if not measuring_from or time.monotonic() < measuring_from[0]:
        return
    if exception is None:
        SAMPLES[name].append(response_time)
    else:
        FAILURES[name] += 1


@events.quitting.add_listener
def _write(environment, **_kw):
    path = os.environ.get("BENCH_SAMPLES")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({"samples": SAMPLES, "failures": FAILURES}, out)


class Journey(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    username = ""

    def on_start(self) -> None:
        page = self.client.get("/login/", name="sign in (not a journey)")
        self.client.post(
            "/login/",
            {
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": CSRF.search(page.text)[1],
            },
            name="sign in (not a journey)",
        )

    def page(self, url: str, name: str, *, htmx: bool = False, expect: str = "") -> str:
        headers = {"HX-Request": "true"} if htmx else {}
        with self.client.get(url, name=name, headers=headers, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif expect and expect not in response.text:
                response.failure(f"{expect!r} not on the page")
            return response.text


class HubWorker(Journey):
    fixed_count = HUB_WORKERS
    username = "hubworker"

    def on_start(self) -> None:
        super().on_start()
        listing = self.client.get("/hubs/", name="hubs (not a journey)").text
        hubs = OPEN_SESSION.findall(listing)
        if not hubs:  # every hub of theirs has today's session open (an earlier run today)
            self.session_id = random.choice(SESSION_PAGE.findall(listing))
            return
        hub = random.choice(hubs)
        opened = self.client.get(f"/hubs/{hub}/sessions/open/", name="open session (not a journey)")
        response = self.client.post(
            f"/hubs/{hub}/sessions/open/",
            {"mode": "drop_in", "csrfmiddlewaretoken": CSRF.search(opened.text)[1]},
            name="open session (not a journey)",
        )
        self.session_id = SESSION_PAGE.search(response.url)[1]

    def query(self) -> str:
        return random.choice(
            [
                random.choice(LAST_NAMES)[:3],
                f"{random.choice(FIRST_NAMES)} {random.choice(LAST_NAMES)}",
                f"{random.choice(FIRST_NAMES)} {random.choice(LAST_NAMES)[:3]}",
                f"{random.randint(1, 28)}/{random.randint(1, 12)}/{random.randint(1930, 2000)}",
                f"RV{random.randint(1, 9)}",
            ]
        )

    def search(self, text: str) -> str:
        return self.page(f"/people/?session={self.session_id}&q={text}", "person search", htmx=True)

    @task(2)
    def session_dashboard(self) -> None:
        self.page(f"/hubs/sessions/{self.session_id}/", "hub session: page", expect="<h1>")
        self.page(
            f"/hub-sessions/{self.session_id}/seen/",
            "hub session: seen at this session",
            htmx=True,
        )

    @task
    def today(self) -> None:
        self.page("/", "today: hub worker", expect="<h1>")

    @task(3)
    def person_search(self) -> None:
        self.search(self.query())

    @task(2)
    def log_a_dropin(self) -> None:
        found = DROPIN_LINK.findall(self.search(random.choice(LAST_NAMES)[:4]))
        if not found:
            return
        dropin = f"/hub-sessions/{self.session_id}/drop-in/"
        form = self.page(
            f"{dropin}?person={random.choice(found)}", "log a drop-in: form", htmx=True
        )
        person = re.search(r'name="person" value="(\d+)"', form)
        if person is None:
            return
        data = {
            "csrfmiddlewaretoken": CSRF.search(form)[1],
            "submission_token": TOKEN.search(form)[1],
            "person": person[1],
            "what_matters": "Getting out of the house and meeting people.",
        }
        solutions = SOLUTION.findall(form)
        if solutions and random.random() < 0.6:
            data |= {"what_happened": "connected", "solutions": random.choice(solutions)}
        else:
            data |= {"what_happened": "follow_up", "next_step": "Back at the hub next week"}
        with self.client.post(
            dropin,
            data,
            name="log a drop-in: save",
            headers={"HX-Request": "true"},
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "Saved:" not in response.text:
                response.failure("the drop-in was not saved")


class Practitioner(Journey):
    fixed_count = PRACTITIONERS
    username = "practitioner"

    @task
    def crisis_board(self) -> None:
        self.page("/crisis-board/", "crisis board", expect="<h1>")

    @task
    def today(self) -> None:
        self.page("/", "today: practitioner", expect="<h1>")

    @task
    def intake(self) -> None:
        self.page("/people/new/referral/", "intake page", expect="<h1>")


class ForumManager(Journey):
    fixed_count = MANAGERS
    username = "manager"

    def on_start(self) -> None:
        super().on_start()
        queue = self.client.get("/peer-forum/queue/", name="warm (not a journey)").text
        self.meetings = MEETING.findall(queue)

    @task
    def forum_queue(self) -> None:
        self.page("/peer-forum/queue/", "forum queue", expect="<h1>")

    @task
    def today(self) -> None:
        self.page("/", "today: forum manager", expect="<h1>")

    @task
    def meeting(self) -> None:
        if self.meetings:
            url = f"/peer-forum/meetings/{random.choice(self.meetings)}/"
            self.page(url, "meeting page", expect="<h1>")


class Lead(Journey):
    fixed_count = LEADS
    username = "lead"

    def on_start(self) -> None:
        super().on_start()
        self.places = LOCALITY.findall(
            self.client.get("/outcomes/", name="warm (not a journey)").text
        )

    @task
    def dashboard(self) -> None:
        if self.places and random.random() < 0.5:
            url = f"/outcomes/?place=locality%3D{random.choice(self.places)}"
        else:
            url = "/outcomes/"
        self.page(url, "HSCP dashboard", expect="<h1>")


class Probe(HttpUser):
    """The floor: a trivial view on the same server, under the same load."""

    fixed_count = 1
    wait_time = constant(0.5)

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="floor: /healthz")


class SignedInProbe(Journey):
    """The second floor: the cheapest page for a signed-in user (session, user, every
    middleware; no query of its own, no template), under the same load."""

    fixed_count = 1
    wait_time = constant(0.5)
    username = "admin"

    @task
    def signed_in(self) -> None:
        self.page("/healthz/signed-in", "floor: signed in")
