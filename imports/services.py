"""Bulk imports: upload a file, check it, then apply it — all or nothing, audited as one import.

**The check is the import itself, rolled back.** Both run the same code (``_run``) over the
file, a batch of rows at a time, in one transaction: the check rolls it back and keeps the
report (every row's problems, with row number and column, and what would be created, updated
or left as it is); the import commits it if, and only if, the file still has no problem. So
the check's counts are exactly what the import does, and a problem the import meets (someone
changed a record in between) leaves everything as it was.

The file is read as a stream (``imports.reading``), so a 50,000-row caseload never sits in
memory; the work runs in a Celery task (``imports.tasks``), and its progress goes to the cache
(the transaction hides the job's own row until it commits) for the page's progress bar.
Writes inside are recorded once, as one audit entry for the job with its counts and the ids it
touched, instead of one per person (the bulk paths run under ``audit_explicit``).
"""

from __future__ import annotations

from itertools import islice
from typing import IO, TYPE_CHECKING, Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from cls_portal.audit.context import audit_explicit
from cls_portal.audit.models import AuditEntry
from cls_portal.audit.services import audit_create, audit_record
from hubs.models import Partnership
from imports.kinds import KINDS
from imports.kinds.base import Report
from imports.models import ImportJob
from imports.reading import count_rows, file_format, read_header, read_rows

if TYPE_CHECKING:
    from cls_portal.accounts.models import User

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
PROGRESS_SECONDS = 6 * 60 * 60
_XLSX_MAGIC = b"PK\x03\x04"


# ---- upload ------------------------------------------------------------------------------


def _check_upload(upload: UploadedFile) -> str:
    fmt = file_format(upload.name or "")
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB: split it in two."
        )
    upload.seek(0)
    start = upload.read(4)
    upload.seek(0)
    if fmt == "xlsx" and start != _XLSX_MAGIC:
        raise ValidationError("The file is not an Excel workbook (.xlsx), whatever its name.")
    if fmt == "csv" and (start == _XLSX_MAGIC or b"\x00" in start):
        raise ValidationError("The file is not a CSV text file, whatever its name.")
    return fmt


@transaction.atomic
def import_job_upload(
    *, actor: User | None, partnership: Partnership, kind: str, upload: UploadedFile
) -> ImportJob:
    """Keep the file and queue its check (a dry run) as a task."""
    if kind not in KINDS:
        raise ValidationError({"kind": "Choose what the file holds."})
    _check_upload(upload)
    job = ImportJob(
        partnership=partnership,
        kind=kind,
        file_name=(upload.name or "upload")[:200],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    job.file.save(upload.name or "upload.csv", upload, save=False)
    job.save()
    audit_create(actor=actor, obj=job)
    from imports.tasks import import_job_run_task

    import_job_run_task.delay(job.pk, apply=False)
    return job


@transaction.atomic
def import_job_confirm(*, actor: User | None, job: ImportJob) -> ImportJob:
    """The administrator confirmed a checked file: queue the import itself."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.Status.CHECKED:
        raise ValidationError("Only a file checked without problems can be imported.")
    job.status = ImportJob.Status.APPLYING
    job.rows_done = 0
    job.save(update_fields=["status", "rows_done"])
    set_progress(job.pk, 0)
    from imports.tasks import import_job_run_task

    import_job_run_task.delay(job.pk, apply=True)
    return job


# ---- the run (check or import) --------------------------------------------------------------


def import_job_run(*, job_id: int, apply: bool, actor: User | None = None) -> ImportJob:
    """Check (``apply=False``) or import (``apply=True``) the job's file. Idempotent: a job
    already past the step is left alone, so a task delivered twice does nothing the second
    time."""
    job = ImportJob.objects.select_related("partnership", "created_by").get(pk=job_id)
    wanted = ImportJob.Status.APPLYING if apply else ImportJob.Status.CHECKING
    if job.status != wanted:
        return job
    actor = actor or job.created_by
    if actor is not None and actor.partnership_id not in (None, job.partnership_id):
        raise PermissionDenied("This import belongs to another partnership.")
    report = _run(job, actor=actor, apply=apply)
    _save_report(job, report, apply=apply)
    return job


def _run(job: ImportJob, *, actor: User | None, apply: bool) -> Report:
    kind = KINDS[job.kind]
    report = Report()
    fmt = file_format(job.file.name or "")
    try:
        with job.file.open("rb") as stream:
            report.rows = count_rows(stream, fmt)
        set_progress(job.pk, 0, total=report.rows)
        with transaction.atomic(), audit_explicit(), job.file.open("rb") as stream:
            if _columns_ok(kind, stream, fmt, report):
                stream.seek(0)
                _work_through(job, kind, stream, fmt, actor, report)
            if apply and report.ok:
                _audit_job(job, actor, report)
            else:
                transaction.set_rollback(True)
    except ValidationError as error:  # a file that cannot be read at all
        report.problem(0, "", " ".join(error.messages))
    return report


def _columns_ok(kind: Any, stream: IO[bytes], fmt: str, report: Report) -> bool:
    header = read_header(stream, fmt)
    missing = [name for name in kind.required_columns if name not in header]
    unknown = [name for name in header if name and name not in kind.column_names]
    for name in missing:
        report.problem(1, name, "This column is missing (see the template).")
    for name in unknown:
        report.problem(
            1,
            name,
            "This column is not one we read: check its name against the template, or remove it.",
        )
    return not missing and not unknown


def _work_through(
    job: ImportJob, kind: Any, stream: IO[bytes], fmt: str, actor: User | None, report: Report
) -> None:
    context = kind.start(partnership=job.partnership, actor=actor, report=report)
    rows = read_rows(stream, fmt)
    done = 0
    while batch := list(islice(rows, kind.batch_size)):
        kind.run_batch(context, batch, report)
        done += len(batch)
        set_progress(job.pk, done, total=report.rows)
    kind.finish(context, report)


def _audit_job(job: ImportJob, actor: User | None, report: Report) -> None:
    """One entry for the whole import: what, how many, and which records (ids only)."""
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=job,
        changes={
            "status": [ImportJob.Status.APPLYING, ImportJob.Status.DONE],
            "kind": job.kind,
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "ids": [str(pk) for pk in report.record_ids],
        },
    )


def _save_report(job: ImportJob, report: Report, *, apply: bool) -> None:
    now = timezone.now()
    job.rows, job.rows_done = report.rows, report.rows
    job.to_create, job.to_update, job.unchanged = report.created, report.updated, report.unchanged
    job.problems = [problem.as_dict() for problem in report.problems]
    job.problem_count = report.problem_count
    job.notes = report.notes
    if not report.ok:
        job.status = ImportJob.Status.FAILED if apply else ImportJob.Status.HAS_PROBLEMS
    else:
        job.status = ImportJob.Status.DONE if apply else ImportJob.Status.CHECKED
    if apply:
        job.applied_at = now
    else:
        job.checked_at = now
    job.save()


def import_job_fail(*, job_id: int, message: str) -> None:
    """A run that crashed: say so on the page rather than leave the bar spinning."""
    ImportJob.objects.filter(
        pk=job_id, status__in=[ImportJob.Status.CHECKING, ImportJob.Status.APPLYING]
    ).update(
        status=ImportJob.Status.FAILED,
        problems=[{"row": 0, "column": "", "message": message}],
        problem_count=1,
    )


# ---- progress ------------------------------------------------------------------------------


def _progress_key(job_id: int) -> str:
    return f"imports:progress:{job_id}"


def set_progress(job_id: int, done: int, *, total: int | None = None) -> None:
    value = {"done": done, "total": total}
    if total is None:
        value["total"] = (cache.get(_progress_key(job_id)) or {}).get("total")
    cache.set(_progress_key(job_id), value, PROGRESS_SECONDS)


def import_job_progress(job: ImportJob) -> tuple[int, int]:
    """(rows done, rows in all) of a running job, as the worker last said."""
    if not job.is_working:
        return job.rows_done, job.rows
    value = cache.get(_progress_key(job.pk)) or {}
    return int(value.get("done") or 0), int(value.get("total") or 0)
