"""Locks on a *name* rather than a row, held until the transaction ends: for a check-then-insert
where there is no row to lock yet (e.g. "is this person already known?" before adding them).

On PostgreSQL each name is a transaction-level advisory lock (``pg_advisory_xact_lock``) on a
stable 64-bit hash of the name: two transactions naming the same thing take turns, others do not
wait. A name may be taken *shared*: shared holders of one name do not wait for each other, only
for (and are waited for by) an exclusive holder. Names are taken in one global order (by their
hash), so two transactions taking several never deadlock on them.

Elsewhere there are no advisory locks, so the caller names a row to lock instead (``fallback``,
``SELECT … FOR UPDATE``): coarser — everyone locking that row takes turns. SQLite ignores
``FOR UPDATE`` and needs nothing: it lets one connection write at a time, and a transaction that
read before another's write cannot write after it ("database is locked") — it never goes on to
write on what it read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.transaction import TransactionManagementError


def lock_id(name: str) -> int:
    """A stable signed 64-bit number for a name (the same in every process, unlike ``hash``)."""
    digest = hashlib.blake2b(name.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_names(
    exclusive: Iterable[str],
    shared: Iterable[str] = (),
    *,
    fallback: QuerySet[Model] | None = None,
) -> None:
    """Hold these names until the current transaction ends (see the module's docstring). A name
    both exclusive and shared is taken exclusive. Must be called inside ``transaction.atomic``."""
    model = fallback.model if fallback is not None else None
    alias = router.db_for_write(model) if model is not None else "default"
    connection = connections[alias]
    if not connection.in_atomic_block:
        raise TransactionManagementError("lock_names() holds its locks until a transaction ends.")
    if connection.vendor != "postgresql":
        if fallback is not None:
            list(fallback.select_for_update().values_list("pk", flat=True))
        return
    wanted = {lock_id(name): False for name in shared}
    wanted.update({lock_id(name): True for name in exclusive})
    with connection.cursor() as cursor:
        for key in sorted(wanted):
            function = "pg_advisory_xact_lock" if wanted[key] else "pg_advisory_xact_lock_shared"
            cursor.execute(f"SELECT {function}(%s)", [key])
