from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.db import models

# Told of every audit row as it is written, inside the writer's transaction: the outcomes
# rollups mark which months a change touches (core code names no app; apps register here).
AuditListener = Callable[[Sequence["AuditEntry"]], None]
_listeners: list[AuditListener] = []


def listen_to_audit(listener: AuditListener) -> AuditListener:
    """Register ``listener(entries)``; it runs in the transaction that wrote them."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def _tell_listeners(entries: Sequence[AuditEntry]) -> None:
    for listener in _listeners:
        listener(entries)


class AuditTrailIsAppendOnly(Exception):
    """Audit rows are written once and never edited or deleted through the app."""


class AuditEntryQuerySet(models.QuerySet):
    """Insert and read only: ``update()``, ``delete()`` and ``bulk_update()`` refuse.

    The sanctioned changes are ``scrub_values`` (erasure and purge replace a person's
    personal values inside ``changes``; the fact of each action stays) and ``relink_person``
    (a merge of two records of one person: the duplicate's history becomes the kept record's,
    so its audit history, subject access and erasure find it; ``object_id`` still says which
    record each row was about)."""

    def update(self, **kwargs: Any) -> int:
        raise AuditTrailIsAppendOnly("Audit rows cannot be changed.")

    def delete(self) -> Any:
        raise AuditTrailIsAppendOnly("Audit rows cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AuditTrailIsAppendOnly("Audit rows cannot be changed.")

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[AuditEntry]:
        created = super().bulk_create(objs, *args, **kwargs)
        _tell_listeners(created)
        return created

    def scrub_values(self, pk: int, changes: dict[str, Any]) -> int:
        """Replace one row's ``changes`` (used only by ``audit.services.audit_scrub_person``)."""
        return models.QuerySet.update(self.filter(pk=pk), changes=changes)

    def relink_person(self, from_person_id: int, to_person_id: int) -> int:
        """Move a person's audit rows to another person (used only by the person merge)."""
        return models.QuerySet.update(self.filter(person_id=from_person_id), person_id=to_person_id)

    update.alters_data = True
    delete.alters_data = True


class AuditEntry(models.Model):
    """Who did what to which record, when, and which fields changed (before and after).

    Rows are written by ``cls_portal.audit.services`` (explicit entries from the services) and
    by the bulk-path guard (``cls_portal.audit.guard``), and never edited afterwards.
    ``object_label`` holds a neutral label such as "Person #12", never a name. ``actor`` empty
    means the system (``via`` says which task or command); ``via`` is ``web``, ``api``,
    ``task:<name>``, ``command:<name>`` or ``system``.
    """

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"
        DOWNLOAD = "download", "Downloaded"
        ERASE = "erase", "Erased on request"
        PURGE = "purge", "Removed after the retention period"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    via = models.CharField(max_length=80, blank=True, default="system")
    partnership = models.ForeignKey(
        "hubs.Partnership", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    model = models.CharField(max_length=60, help_text="app_label.model_name")
    object_id = models.CharField(max_length=40)
    object_label = models.CharField(max_length=120)
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["model", "object_id"]),
            models.Index(fields=["person_id", "-at"], name="audit_person_history"),
        ]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("Audit rows cannot be changed.")
        super().save(*args, **kwargs)
        _tell_listeners([self])

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AuditTrailIsAppendOnly("Audit rows cannot be deleted.")

    @property
    def actor_label(self) -> str:
        if self.actor_id:
            return str(self.actor)
        return "System" if self.via in ("", "system") else f"System ({self.via})"
