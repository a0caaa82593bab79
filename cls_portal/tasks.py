from celery import shared_task
from django.core.management import call_command


@shared_task(name="cls_portal.healthcheck")
def healthcheck() -> str:
    """Answers "ok" from a worker: used by docker compose and the tests to prove a worker runs."""
    return "ok"


@shared_task(name="cls_portal.clear_sessions")
def clear_sessions() -> None:
    """Delete expired sessions (beat, nightly): they sign no one in, and each holds a user id."""
    call_command("clearsessions")
