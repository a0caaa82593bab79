"""The daily digest: beat fans out one job per user who opted in; each job calls the service,
which sends at most once a user a day (a sent-log row under a unique constraint)."""

from __future__ import annotations

import datetime
from typing import Any

from celery import shared_task
from django.utils import timezone

from today.selectors import digest_recipient_ids
from today.services import digest_send


@shared_task(name="today.send_daily_digests")
def send_daily_digests() -> int:
    """Queue today's digest for every user who asked for one; returns how many were queued."""
    day = timezone.localdate().isoformat()
    queued = 0
    for user_id in digest_recipient_ids():
        send_digest.delay(user_id, day)
        queued += 1
    return queued


@shared_task(
    bind=True, name="today.send_digest", acks_late=True, max_retries=3, default_retry_delay=300
)
def send_digest(self, user_id: int, day: str) -> Any:
    try:
        return digest_send(user_id=user_id, today=datetime.date.fromisoformat(day))
    except OSError as exc:  # the mail server is down or refused: try again later
        raise self.retry(exc=exc) from exc
