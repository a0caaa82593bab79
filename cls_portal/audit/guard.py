"""The guard on the bulk paths: nothing that changes a person's records goes unrecorded.

Services write explicit audit entries (``cls_portal.audit.services``) around ``save()``, which
carry the actor and the meaning of the change. The bulk paths skip ``save()``, so every model
linked to a person uses ``AuditedQuerySet`` (its manager) and ``AuditedModel`` (its base),
whose

- ``update()`` writes one row per affected row with the before and after of the changed fields
  (``bulk_update()`` runs through it, batch by batch);
- ``delete()`` — on a queryset or an instance — writes one row per deleted row, cascades
  included, and one per row whose link was set to null;
- ``bulk_create()`` writes one create row per new row with its values.

The actor and ``via`` come from ``cls_portal.audit.context`` (request, API, task, command or
system). Services never use these paths for something they record themselves, so there are no
double entries; a service that does (erasure, purge) wraps the call in ``audit_explicit()``
and writes its own entry. ``seed_demo`` runs under ``audit_summarised()``: one row per batch.

Not covered (documented in the README): raw SQL, and the rows of auto-created many-to-many
link tables (the parent record's entry lists the linked ids).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import models, router, transaction
from django.db.models import F
from django.db.models.deletion import Collector

from cls_portal.audit.context import (
    EXPLICIT,
    SUMMARY,
    _in_mode,
    audit_mode,
)
from cls_portal.permissions import ScopedQuerySet

CHUNK = 500  # ids per ``IN (…)`` list, well under SQLite's limit on query parameters
PERSON_REF, PARTNERSHIP_REF = "audit_person_ref", "audit_partnership_ref"


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _refs(model: type[models.Model]) -> dict[str, F]:
    """Expressions for the person and partnership a row belongs to (for ``values()``)."""
    refs = {}
    if getattr(model, "AUDIT_PERSON", None):
        refs[PERSON_REF] = F(model.AUDIT_PERSON)
    if getattr(model, "SCOPE_PARTNERSHIP", None):
        refs[PARTNERSHIP_REF] = F(model.SCOPE_PARTNERSHIP)
    return refs


def _rows(queryset: models.QuerySet, attnames: Sequence[str] = ()) -> list[dict[str, Any]]:
    """pk, person, partnership and the given columns of every row of a queryset."""
    refs = _refs(queryset.model)
    return list(queryset.order_by().values("pk", *attnames, **refs))


def _rows_by_pk(
    model: type[models.Model], pks: Sequence[Any], using: str, attnames: Sequence[str] = ()
) -> dict[Any, dict[str, Any]]:
    found: dict[Any, dict[str, Any]] = {}
    for chunk in _chunks(list(pks)):
        for row in _rows(model._base_manager.using(using).filter(pk__in=chunk), attnames):
            found[row["pk"]] = row
    return found


def _entry(
    model: type[models.Model],
    action: str,
    pk: Any,
    row: dict[str, Any] | None,
    changes: dict[str, Any] | None = None,
) -> Any:
    from cls_portal.audit.models import AuditEntry
    from cls_portal.audit.services import entry_for

    row = row or {}
    return entry_for(
        action=action,
        model_label=model._meta.label_lower,
        object_id=pk,
        object_label=f"{model._meta.verbose_name.capitalize()} #{pk}",
        person_id=row.get(PERSON_REF),
        partnership_id=row.get(PARTNERSHIP_REF),
        changes=changes or {},
        entry_class=AuditEntry,
    )


def _summary(model: type[models.Model], action: str, pks: Sequence[Any], **extra: Any) -> Any:
    from cls_portal.audit.models import AuditEntry
    from cls_portal.audit.services import entry_for

    verb = {"create": "Created", "update": "Changed", "delete": "Deleted"}[action]
    return entry_for(
        action=action,
        model_label=model._meta.label_lower,
        object_id="",
        object_label=f"{verb} {len(pks)} {model._meta.verbose_name_plural}"[:120],
        person_id=None,
        partnership_id=None,
        changes={"rows": len(pks), "ids": [str(pk) for pk in pks], **extra},
        entry_class=AuditEntry,
    )


def _write(entries: list[Any]) -> None:
    from cls_portal.audit.models import AuditEntry

    if entries:
        AuditEntry.objects.bulk_create(entries, batch_size=CHUNK)


def _plain(value: Any) -> Any:
    from cls_portal.audit.services import plain

    return plain(value)


# ---- delete (querysets, instances, cascades) ------------------------------------------------


def _is_audited(model: type[models.Model]) -> bool:
    return bool(getattr(model, "AUDIT_PERSON", None)) and not model._meta.auto_created


def _doomed_rows(collector: Collector) -> dict[type[models.Model], dict[Any, dict[str, Any]]]:
    """Every audited row the collector is about to delete, with its person and partnership."""
    doomed: dict[type[models.Model], dict[Any, dict[str, Any]]] = {}
    for model, instances in collector.data.items():
        if _is_audited(model) and instances:
            pks = [obj.pk for obj in instances]
            doomed.setdefault(model, {}).update(_rows_by_pk(model, pks, collector.using))
    for queryset in collector.fast_deletes:
        model = queryset.model
        if _is_audited(model):
            rows = _rows(queryset)
            doomed.setdefault(model, {}).update({row["pk"]: row for row in rows})
    return doomed


def _nulled_rows(
    collector: Collector, doomed: dict[type[models.Model], dict[Any, Any]]
) -> list[tuple[type[models.Model], dict[str, Any], str, Any]]:
    """Rows that survive but lose a link (``on_delete=SET_NULL``): (model, row, attname, new)."""
    nulled = []
    for (field, value), instances_list in collector.field_updates.items():
        model = field.model._meta.concrete_model
        if not _is_audited(model):
            continue
        for instances in instances_list:
            if isinstance(instances, models.QuerySet):
                rows = _rows(instances, [field.attname])
            else:
                pks = [obj.pk for obj in instances]
                rows = list(_rows_by_pk(model, pks, collector.using, [field.attname]).values())
            gone = doomed.get(model, {})
            nulled += [(model, row, field.attname, value) for row in rows if row["pk"] not in gone]
    return nulled


def audited_delete(
    objs: Any, *, using: str, origin: Any, keep_parents: bool = False
) -> tuple[int, dict[str, int]]:
    """Delete like Django does (same collector, same cascades), recording every row."""
    collector = Collector(using=using, origin=origin)
    collector.collect(objs, keep_parents=keep_parents)
    with transaction.atomic(using=using, savepoint=False):
        doomed = _doomed_rows(collector)
        nulled = _nulled_rows(collector, doomed)
        with _in_mode(EXPLICIT):
            result = collector.delete()
        entries = []
        for model, rows in doomed.items():
            if audit_mode() == SUMMARY:
                entries.append(_summary(model, "delete", list(rows)))
            else:
                entries += [_entry(model, "delete", pk, row) for pk, row in rows.items()]
        for model, row, attname, value in nulled:
            changes = {attname: [_plain(row[attname]), _plain(value)]}
            entries.append(_entry(model, "update", row["pk"], row, changes))
        _write(entries)
    return result


class AuditedModel(models.Model):
    """Base of every model linked to a person: deleting one instance is recorded (with the
    rows its deletion cascades to), exactly as a queryset ``delete()`` is."""

    class Meta:
        abstract = True

    def delete(self, using: str | None = None, keep_parents: bool = False) -> Any:
        if audit_mode() == EXPLICIT or self.pk is None:
            return super().delete(using=using, keep_parents=keep_parents)
        using = using or router.db_for_write(type(self), instance=self)
        return audited_delete([self], using=using, origin=self, keep_parents=keep_parents)

    delete.alters_data = True

    @classmethod
    def from_db(cls, db: str, field_names: Any, values: Any) -> Any:
        instance = super().from_db(db, field_names, values)
        instance._row_read = (field_names, values)  # what the database held (clean_fields)
        return instance

    def clean_fields(self, exclude: Any = None) -> None:
        """As Django's, without a query to prove that a foreign key's object exists when that
        is already known: the instance holds the object (read or saved), or the key is the one
        read from the database with this row, whose foreign-key constraint held it then (a
        service builds a conversation from the episode it has just locked, and saves the episode
        it read: a drop-in's save asked for a dozen of them). The constraint still holds on
        saving; a key changed since it was read, or with ``limit_choices_to``, is still
        checked."""
        exclude = set(exclude or ())
        names, values = getattr(self, "_row_read", ((), ()))
        read = dict(zip(names, values, strict=False))
        for field in self._meta.concrete_fields:
            if not field.many_to_one or field.remote_field.limit_choices_to:
                continue
            key = getattr(self, field.attname)
            held = field.get_cached_value(self, default=None)
            if (
                held is not None
                and not held._state.adding
                and held.pk is not None
                and held.pk == key
            ) or (key is not None and read.get(field.attname) == key):
                exclude.add(field.name)
        super().clean_fields(exclude=exclude)


_M = TypeVar("_M", bound=models.Model)


class AuditedQuerySet(ScopedQuerySet[_M]):
    """The manager of every model linked to a person (see the module docstring)."""

    def update(self, **kwargs: Any) -> int:
        mode = audit_mode()
        if mode == EXPLICIT or not kwargs or self.query.is_sliced:
            return super().update(**kwargs)
        meta = self.model._meta
        attnames = sorted({meta.get_field(name).attname for name in kwargs})
        with transaction.atomic(using=self.db, savepoint=False):
            before = {row["pk"]: row for row in _rows(self, attnames)}
            count = super().update(**kwargs)
            if not before:
                return count
            if mode == SUMMARY:
                _write([_summary(self.model, "update", list(before), fields=attnames)])
                return count
            after = _rows_by_pk(self.model, list(before), self.db, attnames)
            entries = []
            for pk, old in before.items():
                new = after.get(pk, old)
                changes = {
                    name: [_plain(old[name]), _plain(new[name])]
                    for name in attnames
                    if _plain(old[name]) != _plain(new[name])
                }
                if changes:
                    entries.append(_entry(self.model, "update", pk, old, changes))
            _write(entries)
        return count

    update.alters_data = True

    def delete(self) -> tuple[int, dict[str, int]]:
        if audit_mode() == EXPLICIT:
            return super().delete()
        # The same preparation as QuerySet.delete(), then the recording collector.
        self._not_support_combined_queries("delete")
        if self.query.is_sliced or self.query.distinct_fields or self._fields is not None:
            return super().delete()  # Django raises the right error
        query = self._chain()
        query._for_write = True
        query.query.select_for_update = False
        query.query.select_related = False
        query.query.clear_ordering(force=True)
        result = audited_delete(query, using=query.db, origin=self)
        self._result_cache = None
        return result

    delete.alters_data = True
    delete.queryset_only = True

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        mode = audit_mode()
        if mode == EXPLICIT:
            return super().bulk_create(objs, *args, **kwargs)
        from cls_portal.audit.services import audit_snapshot

        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            with_pk = [obj for obj in created if obj.pk is not None]
            without_pk = len(created) - len(with_pk)
            entries = []
            if mode == SUMMARY:
                size = kwargs.get("batch_size") or len(with_pk) or 1
                for batch in _chunks([obj.pk for obj in with_pk], size):
                    entries.append(_summary(self.model, "create", batch))
            else:
                refs = _rows_by_pk(self.model, [obj.pk for obj in with_pk], self.db)
                for obj in with_pk:
                    changes = {name: [None, value] for name, value in audit_snapshot(obj).items()}
                    entries.append(_entry(self.model, "create", obj.pk, refs.get(obj.pk), changes))
            if without_pk:  # e.g. ignore_conflicts: the database did not say which ids
                entries.append(_summary(self.model, "create", [], unidentified_rows=without_pk))
            _write(entries)
        return created
