"""The read replica (cls_portal/replica.py): which reads go to it, and which never do.

The replica here is a second connection alias to the test database (what the settings make of
DATABASE_REPLICA_URL, a mirror in tests): a query's alias shows where it was sent.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connections, transaction
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import cls_portal.replica as replica_module
from cls_portal.permissions import Role
from cls_portal.replica import REPLICA, ReplicaRouter, reading_replica
from hubs.models import Partnership
from tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def replica(transactional_db, monkeypatch) -> Iterator[None]:
    """A second connection, as ``replica``, to the same test database for one test (what
    DATABASE_REPLICA_URL adds, a mirror in tests)."""
    primary = connections["default"].settings_dict
    connection = load_backend(primary["ENGINE"]).DatabaseWrapper(dict(primary), alias=REPLICA)
    connections[REPLICA] = connection
    monkeypatch.setattr(replica_module, "replica_configured", lambda: True)
    yield
    connection.close()
    del connections[REPLICA]


def test_without_a_replica_everything_reads_the_primary() -> None:
    with reading_replica():
        assert ReplicaRouter().db_for_read(Partnership) is None


def test_reads_in_the_block_go_to_the_replica(replica) -> None:
    partnership = PartnershipFactory()
    with CaptureQueriesContext(connections[REPLICA]) as on_replica, reading_replica():
        assert Partnership.objects.filter(pk=partnership.pk).exists()
    assert len(on_replica) == 1
    with CaptureQueriesContext(connections[REPLICA]) as outside:
        Partnership.objects.count()
    assert len(outside) == 0


def test_writes_locks_and_transactions_stay_on_the_primary(replica) -> None:
    partnership = PartnershipFactory()
    with CaptureQueriesContext(connections[REPLICA]) as on_replica, reading_replica():
        Partnership.objects.filter(pk=partnership.pk).update(retention_years=9)
        with transaction.atomic():
            Partnership.objects.select_for_update().get(pk=partnership.pk)
            # a read inside a transaction must see that transaction's own writes
            Partnership.objects.get(pk=partnership.pk)
    assert len(on_replica) == 0


def test_the_dashboard_reads_the_replica_and_other_pages_do_not(replica, client, users) -> None:
    client.force_login(users[Role.HSCP_LEAD])
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get(reverse("outcomes:dashboard")).status_code == 200
    assert len(on_replica) > 0
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get(reverse("outcomes:report_list")).status_code == 200
    assert len(on_replica) == 0


def test_report_jobs_have_their_own_queue() -> None:
    from cls_portal.celery import app

    route = app.amqp.router.route({}, "outcomes.generate_report")
    assert route["queue"].name == "reports"
    assert app.amqp.router.route({}, "cls_portal.healthcheck")["queue"].name == "celery"
