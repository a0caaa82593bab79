"""Celery tasks for imports: they call one service (no business logic here)."""

from __future__ import annotations

import logging

from celery import shared_task

from imports.services import import_job_fail, import_job_run

logger = logging.getLogger(__name__)


@shared_task(name="imports.run")
def import_job_run_task(job_id: int, apply: bool = False) -> str:
    """Check (a dry run) or apply one uploaded file. Running it twice does nothing the second
    time (the job has moved on); a crash marks the job as not imported, with nothing changed."""
    try:
        return import_job_run(job_id=job_id, apply=apply).status
    except Exception:
        # The file's rows are not logged (personal data): the job id says which file it was.
        logger.exception("Import job %s stopped", job_id)
        import_job_fail(
            job_id=job_id,
            message="The import stopped unexpectedly and nothing was changed. Try again, or "
            "ask for help with the job number.",
        )
        raise
