"""A bulk import of one file: what it holds, how far it has got, and what the check found."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from cls_portal.permissions import ScopedQuerySet
from hubs.models import Partnership


def _upload_to(job: ImportJob, filename: str) -> str:
    """A name nobody can guess or choose (the original name is kept in ``file_name``)."""
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    return f"imports/{uuid.uuid4().hex}{suffix}"


class ImportJob(models.Model):
    """One uploaded file: checked (a dry run), then, once confirmed, applied — all or nothing."""

    class Kind(models.TextChoices):
        PEOPLE = "people", "People and their open episodes"
        WAITING_LIST = "waiting_list", "Waiting-list entries"
        DIRECTORY = "directory", "Directory entries"
        USERS = "users", "Users"

    class Status(models.TextChoices):
        CHECKING = "checking", "Being checked"
        CHECKED = "checked", "Checked: ready to import"
        HAS_PROBLEMS = "has_problems", "Has problems: nothing imported"
        APPLYING = "applying", "Being imported"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=_upload_to, max_length=200)
    file_name = models.CharField("name of the uploaded file", max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CHECKING)
    rows = models.PositiveIntegerField(default=0, help_text="Rows of data in the file.")
    rows_done = models.PositiveIntegerField(default=0, help_text="Rows worked through so far.")
    to_create = models.PositiveIntegerField(default=0)
    to_update = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    # Every problem found (row, column, message), up to ``MAX_PROBLEMS``; ``problem_count`` is
    # all of them. Notes say what else the import does (e.g. a waiting list it will add).
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    notes = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    MAX_PROBLEMS = 1000
    SCOPE_PARTNERSHIP = "partnership"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["partnership", "created_at"])]

    def __str__(self) -> str:
        return f"Import #{self.pk}: {self.file_name}"

    @property
    def scope_partnership_id(self) -> int:
        return self.partnership_id

    @property
    def is_working(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.APPLYING)

    @property
    def can_apply(self) -> bool:
        return self.status == self.Status.CHECKED

    @property
    def percent_done(self) -> int:
        return min(100, round(100 * self.rows_done / self.rows)) if self.rows else 0
