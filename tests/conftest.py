"""Fixtures every test can use: two partnerships, a user of each role in each, and clients."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from cls_portal.permissions import Role
from tests.browser import CHROMIUM, browser, chromium_missing, page, shoot, sign_in  # noqa: F401
from tests.factories import LocalityFactory, PartnershipFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class World:
    """Partnership A (with two localities) and an outsider partnership B."""

    partnership: object
    locality: object
    other_locality: object
    outsider_partnership: object
    outsider_locality: object


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with nothing cached: the in-memory cache outlives a test's rolled-back
    rows, and ids come round again on SQLite (a capped count, a dashboard, a rate limit)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _api_rate_limits_out_of_the_way(settings) -> None:
    """The API's rate limits count requests by user and address, and tests send many as the
    same few (the matrix, the fuzzing). Tests of the limits set their own small rates."""
    rates = dict.fromkeys(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "1000000/minute")
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {"DEFAULT_THROTTLE_RATES": rates}


@pytest.fixture
def world(db) -> World:
    partnership = PartnershipFactory(name="Riverside HSCP", slug="riverside-test")
    outsider = PartnershipFactory(name="Hillside HSCP", slug="hillside-test")
    return World(
        partnership=partnership,
        locality=LocalityFactory(partnership=partnership, name="North", slug="north"),
        other_locality=LocalityFactory(partnership=partnership, name="South", slug="south"),
        outsider_partnership=outsider,
        outsider_locality=LocalityFactory(partnership=outsider, name="Hill", slug="hill"),
    )


@pytest.fixture
def make_user(world) -> Callable[..., object]:
    """make_user(role, outsider=False, localities=None): a user in A (or in B if outsider)."""

    def _make(role: str = Role.HUB_WORKER, *, outsider: bool = False, localities=None, **kwargs):
        partnership = world.outsider_partnership if outsider else world.partnership
        default = [world.outsider_locality if outsider else world.locality]
        if role == Role.PROGRAMME_LEAD:  # belongs to a programme, not to a partnership
            partnership, default = None, []
        return UserFactory(
            role=role,
            partnership=partnership,
            localities=default if localities is None else localities,
            **kwargs,
        )

    return _make


@pytest.fixture
def today() -> datetime.date:
    """The product's today (Europe/London), read as each test runs: a module-level constant
    would be fixed at import and taken from the machine's clock."""
    return timezone.localdate()


@pytest.fixture
def login() -> Callable[[object], Client]:
    def _login(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def users(make_user) -> dict[str, object]:
    """One user of each role in partnership A, plus ``outsider_<role>`` of each in B."""
    found = {role.value: make_user(role) for role in Role}
    found.update({f"outsider_{role.value}": make_user(role, outsider=True) for role in Role})
    return found


def _using_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _serialize_transactional_tests(item) -> None:
    """Every test that commits for real restores the reference data afterwards
    (``serialized_rollback``). A transactional test without it ends with a flush whose
    post-migrate step makes the content types again under new ids; the next test that does
    restore the reference data then collides with them (Django ticket #23727)."""
    marker = item.get_closest_marker("django_db")
    kwargs = dict(marker.kwargs) if marker else {}
    commits = kwargs.get("transaction") or {"transactional_db", "live_server"} & set(
        item.fixturenames
    )
    if commits and not kwargs.get("serialized_rollback"):
        kwargs |= {"transaction": True, "serialized_rollback": True}
        item.add_marker(pytest.mark.django_db(**kwargs), append=False)


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs DATABASE_URL=postgres://… (run by .ci/run)")
    skip_worker = pytest.mark.skip(reason="needs CELERY_BROKER_URL and PostgreSQL (run by .ci/run)")
    skip_e2e = pytest.mark.skip(reason=f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        _serialize_transactional_tests(item)
        if "e2e" in item.keywords and chromium_missing():
            item.add_marker(skip_e2e)
        if "postgres" in item.keywords and not _using_postgres():
            item.add_marker(skip_pg)
        if "worker" in item.keywords and not (
            _using_postgres() and os.environ.get("CELERY_BROKER_URL")
        ):
            item.add_marker(skip_worker)
    # Browser tests last: they are the slowest, and a live server's flush should come after
    # the fast tests even though each restores the reference data it empties.
    items.sort(key=lambda item: "e2e" in item.keywords)


@pytest.fixture
def start_worker(
    django_db_serialized_rollback, transactional_db
) -> Iterator[Callable[..., subprocess.Popen]]:
    """Start real Celery worker processes against the test database; all are stopped at the end.
    ``start_worker(app)`` names another Celery app module (a test's own, e.g. a slow one)."""
    from django.db import connection

    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    started: list[subprocess.Popen] = []

    def _start(app: str = "cls_portal", pool: str = "solo") -> subprocess.Popen:
        """``pool="prefork"`` (one child) where time limits matter: solo applies none."""
        env = os.environ | {"DATABASE_URL": url}  # read now: a test may have set variables
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                app,
                "worker",
                f"--pool={pool}",
                "--concurrency=1",
                "--queues=celery,reports",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=test-{len(started)}-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
        )
        started.append(process)
        return process

    from cls_portal.celery import app

    app.control.purge()
    yield _start
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    time.sleep(0.2)


@pytest.fixture
def jobs_in_process() -> Iterator[None]:
    """Run Celery jobs here, as without a broker, even when the suite runs with one (``.ci/run``
    sets ``CELERY_BROKER_URL`` for the worker tests): for tests that watch a report being made
    within the request."""
    from cls_portal.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved
