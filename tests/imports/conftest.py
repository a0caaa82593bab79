"""Imports: files go to a temporary folder; ``run_import`` uploads, checks and (if asked)
applies a file through the services, as the tasks would."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cls_portal.permissions import Role
from imports.models import ImportJob
from imports.services import import_job_confirm, import_job_run, import_job_upload


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin(make_user):
    return make_user(Role.ADMIN)


def upload_of(content: str | bytes, name: str = "file.csv") -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


@pytest.fixture
def run_import(admin) -> Callable[..., ImportJob]:
    def _run(
        kind: str, content: str | bytes, *, apply: bool = True, name: str = "file.csv", actor=None
    ) -> ImportJob:
        actor = actor or admin
        job = import_job_upload(
            actor=actor, partnership=actor.partnership, kind=kind, upload=upload_of(content, name)
        )
        job = import_job_run(job_id=job.pk, apply=False)
        if apply and job.status == ImportJob.Status.CHECKED:
            import_job_confirm(actor=actor, job=job)
            job = import_job_run(job_id=job.pk, apply=True)
        return job

    return _run


@pytest.fixture(autouse=True)
def _jobs_here(jobs_in_process) -> None:
    """The imports these tests start run here, even when the suite runs with a broker (the real
    worker path is proven by the report tests)."""
