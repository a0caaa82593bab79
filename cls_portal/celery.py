"""The Celery app. Without CELERY_BROKER_URL, settings make tasks run in-process (eagerly).

Every task is a ``TransactionAwareTask`` (the app's ``task_cls``): a job asked for inside a
database transaction is sent only once that transaction commits, so a worker never looks for a
row that is not there yet, and a rolled-back request sends nothing. Callers just ``.delay()``.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery, Task
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cls_portal.settings")


class TransactionAwareTask(Task):
    """Queue on commit (pretix's ``TransactionAwareTask``): inside an atomic block the job is
    sent when the outermost transaction commits; outside one, at once."""

    def apply_async(self, *args: Any, **kwargs: Any) -> Any:
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(
                lambda: super(TransactionAwareTask, self).apply_async(*args, **kwargs)
            )
            return None
        return super().apply_async(*args, **kwargs)

    def send_now(self, *args: Any, **kwargs: Any) -> Any:
        """Send at once, for a caller that already runs after its commit (an outbox sending
        what a committed transaction queued): inside a test's wrapping transaction
        ``apply_async`` would wait for a commit that never comes."""
        return super().apply_async(*args, **kwargs)


app = Celery("cls_portal", task_cls=TransactionAwareTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each installed app's tasks.py, plus the project package's own (it is not an installed app).
app.autodiscover_tasks()
app.autodiscover_tasks(["cls_portal"])
