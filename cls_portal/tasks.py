from celery import shared_task


@shared_task(name="cls_portal.healthcheck")
def healthcheck() -> str:
    """Answers "ok" from a worker: used by docker compose and the tests to prove a worker runs."""
    return "ok"
