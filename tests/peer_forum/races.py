"""Two callers in two real PostgreSQL transactions, the second made to wait on the first's lock,
for the tests that prove "exactly one" under concurrency."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction


def race(first_call: Callable[[], object], second_call: Callable[[], object]) -> dict:
    """Run two deciders in two real transactions on two connections: the first decides and
    holds its transaction open until the second is seen (pg_stat_activity) waiting on the
    request row's lock; then the first commits. Returns what each got."""
    first_has_decided = threading.Event()
    second_is_waiting = threading.Event()
    results: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                results["first"] = first_call()
                first_has_decided.set()
                assert second_is_waiting.wait(timeout=20), "the second never blocked"
        except Exception as exc:  # reported below
            results["first"] = exc
            first_has_decided.set()
        finally:
            connection.close()

    def second() -> None:
        first_has_decided.wait(timeout=20)
        try:
            results["second"] = second_call()
        except Exception as exc:  # the loser's answer
            results["second"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_has_decided.wait(timeout=20)
    for _ in range(400):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                break
        threading.Event().wait(0.025)
    else:
        pytest.fail("the second transaction never waited for the first")
    second_is_waiting.set()
    for thread in threads:
        thread.join(timeout=30)
    return results
