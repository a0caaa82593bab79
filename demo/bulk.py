"""Fast writes for the demo seeders: PostgreSQL ``COPY``, and plain Django elsewhere.

The large scale writes about a million rows. ``bulk_create`` on PostgreSQL spends most of its
time in Python (compiling each batch, dumping every column as an array for ``UNNEST``); ``COPY``
streams rows to the server with none of that, several times faster.

- ``bulk_insert(model, objs)``: like ``bulk_create`` (sets each object's ``pk``). On PostgreSQL
  the ids are taken from the table's own sequence first (``nextval`` for each row), so they are
  the ids the database would have given and later inserts carry on after them.
- ``new(model, **values)``: the same unsaved instance as ``model(**values)``, built in a fifth
  of the time (the seed builds a few million).
- ``bulk_set(model, objs, fields)``: like ``bulk_update``. On PostgreSQL the new values are
  copied into a temporary table and applied with one ``UPDATE … FROM``; elsewhere one
  parameterised ``UPDATE`` per row (``executemany``), which SQLite runs quickly.

The fast paths do not go through the model's manager, so the audit guard's bulk hooks do not
see them: they record what the guard records in ``seed_demo``'s summary mode (one row per
batch, naming the ids). Outside that mode (a test calling a seeder directly) both use the ORM's
own ``bulk_create`` / ``bulk_update``, which the guard records row by row.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

BATCH = 5000  # rows per audit summary entry (and per bulk_create batch off PostgreSQL)
M = TypeVar("M", bound=models.Model)


class _Blueprint:
    """What ``Model.__init__`` works out afresh for every instance, worked out once per model."""

    def __init__(self, model: type[models.Model]) -> None:
        fields = model._meta.concrete_fields
        made = [f for f in fields if f.has_default() and callable(f.default)]  # e.g. uuid4
        self.defaults = {f.attname: f.get_default() for f in fields if f not in made}
        self.made_defaults = [(f.attname, f.get_default) for f in made]
        self.plain = {f.attname for f in fields} | {f.name for f in fields if not f.is_relation}
        # Foreign keys set by object: the id to copy from it. A one-to-one also caches itself on
        # the related object, so it goes through the field's own descriptor.
        self.foreign = {
            f.name: (f.attname, f.target_field.attname)
            for f in fields
            if f.many_to_one and not f.one_to_one
        }
        self.one_to_one = {f.name for f in fields if f.one_to_one}
        self.plain_init = not (pre_init.has_listeners(model) or post_init.has_listeners(model))


@functools.cache
def _blueprint(model: type[models.Model]) -> _Blueprint:
    return _Blueprint(model)


def new(model: type[M], **values: Any) -> M:
    """``model(**values)`` without ``Model.__init__``'s per-instance work: the defaults,
    then the values given (field names or attnames; a foreign key by object or by id)."""
    blueprint = _blueprint(model)
    if not blueprint.plain_init:
        return model(**values)
    obj = model.__new__(model)
    obj._state = ModelState()
    attributes = obj.__dict__
    attributes.update(blueprint.defaults)
    for attname, make in blueprint.made_defaults:
        attributes[attname] = make()
    plain, foreign = blueprint.plain, blueprint.foreign
    for name, value in values.items():
        if name in plain:
            attributes[name] = value
        elif name in foreign:  # a related object: its id, and the object cached as Django does
            attname, target = foreign[name]
            attributes[attname] = None if value is None else getattr(value, target)
            obj._state.fields_cache[name] = value
        elif name in blueprint.one_to_one:
            setattr(obj, name, value)
        else:
            raise TypeError(f"{model.__name__}() got an unexpected keyword argument {name!r}")
    return obj


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _audited(model: type[models.Model]) -> bool:
    return bool(getattr(model, "AUDIT_PERSON", None)) and not model._meta.auto_created


def _unguarded_ok(model: type[models.Model]) -> bool:
    """Rows written here skip the audit guard. That is right only where the guard would write
    a summary anyway (``seed_demo``); anywhere else (a test calling a seeder directly) the
    writes go through the ORM, so the guard records them row by row."""
    from cls_portal.audit.context import SUMMARY, audit_mode

    return not _audited(model) or audit_mode() == SUMMARY


def _record(model: type[models.Model], action: str, pks: Sequence[Any], **extra: Any) -> None:
    """The audit guard's summary rows for rows written here: one per batch, naming the ids."""
    if not _audited(model) or not pks:
        return
    from cls_portal.audit import guard

    for start in range(0, len(pks), BATCH):
        # One insert each: in a multi-row insert Django sends the ids' JSON inside an array
        # that psycopg escapes in Python, five times slower.
        guard._write([guard._summary(model, action, list(pks[start : start + BATCH]), **extra)])


def _columns(model: type[models.Model]) -> tuple[list[models.Field], Callable[[Any], tuple]]:
    """The columns to copy (the id first) and one C-level getter reading them all from an
    object. psycopg writes dates, decimals, UUIDs and choices members as Django would; JSON
    is the one type that needs Django's own conversion, and no seeded model has it."""
    fields = [model._meta.pk] + [f for f in model._meta.concrete_fields if not f.primary_key]
    if any(isinstance(field, models.JSONField) for field in fields):
        raise NotImplementedError(f"{model._meta.label}: JSON columns are not copied here.")
    return fields, operator.attrgetter(*(field.attname for field in fields))


def _stamp(objs: Sequence[models.Model], fields: Sequence[models.Field]) -> None:
    """auto_now / auto_now_add columns: the time of the insert, as ``save()`` would set."""
    stamped = [
        field
        for field in fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    if stamped:
        now = timezone.now()
        for obj in objs:
            for field in stamped:
                setattr(obj, field.attname, now)


def _reserve_ids(cursor: Any, model: type[models.Model], count: int) -> list[int]:
    meta = model._meta
    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [meta.db_table, meta.pk.column])
    (sequence,) = cursor.fetchone()
    # The sequence by name, not looked up inside the series: that look-up ran once per row and
    # took ten times as long as the nextval itself.
    cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
    return [row[0] for row in cursor.fetchall()]


def _copy(cursor: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


@transaction.atomic
def bulk_insert(model: type[models.Model], objs: Iterable[models.Model]) -> list[models.Model]:
    """Insert new objects (auto-increment primary key) and set their ids; see the module."""
    objs = list(objs)
    if not objs:
        return objs
    if not _is_postgres() or not _unguarded_ok(model):
        return model.objects.bulk_create(objs, batch_size=BATCH)
    meta = model._meta
    if meta.parents:
        raise NotImplementedError(f"{meta.label}: inherited tables are not copied here.")
    fields, read = _columns(model)
    _stamp(objs, fields)
    pk_attname, alias = meta.pk.attname, connection.alias
    # A related object saved after this one was built: its new id (as bulk_create takes it).
    late_keys = [(field.attname, field.name) for field in fields if field.is_relation]
    with connection.cursor() as cursor:
        ids = _reserve_ids(cursor, model, len(objs))
        for obj, pk in zip(objs, ids, strict=True):
            values, state = obj.__dict__, obj._state
            values[pk_attname] = pk
            for attname, name in late_keys:
                if values[attname] is None:
                    related = state.fields_cache.get(name)
                    if related is not None:
                        values[attname] = related.pk
        _copy(cursor, meta.db_table, [field.column for field in fields], map(read, objs))
    for obj in objs:
        state = obj._state
        state.adding, state.db = False, alias
    _record(model, "create", ids)
    return objs


def bulk_insert_rows(model: type[models.Model], columns: Sequence[str], rows: list[tuple]) -> None:
    """Insert plain tuples into a table with no ids to hand back (e.g. many-to-many links)."""
    if not rows:
        return
    if not _is_postgres():
        fields = [model._meta.get_field(name) for name in columns]
        model.objects.bulk_create(
            (
                model(**{f.attname: value for f, value in zip(fields, row, strict=True)})
                for row in rows
            ),
            batch_size=BATCH,
        )
        return
    fields = [model._meta.get_field(name) for name in columns]
    with connection.cursor() as cursor:
        _copy(cursor, model._meta.db_table, [field.column for field in fields], rows)


@transaction.atomic
def bulk_set(model: type[models.Model], objs: Sequence[models.Model], names: Sequence[str]) -> None:
    """Write these fields of these saved objects back to the database; see the module."""
    if not objs:
        return
    if not _unguarded_ok(model):
        model.objects.bulk_update(objs, names, batch_size=500)
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    # SQL built from the model's own table and column names (quoted); values go as parameters.
    with connection.cursor() as cursor:
        if _is_postgres():
            cursor.execute(
                f"CREATE TEMPORARY TABLE demo_bulk_set ON COMMIT DROP AS "  # noqa: S608  # nosec B608
                f"SELECT {pk}, {', '.join(quote(f.column) for f in fields)} FROM {table} LIMIT 0"
            )
            _copy(
                cursor,
                "demo_bulk_set",
                [meta.pk.column] + [field.column for field in fields],
                ([obj.pk] + [getattr(obj, field.attname) for field in fields] for obj in objs),
            )
            assignments = ", ".join(f"{quote(f.column)} = s.{quote(f.column)}" for f in fields)
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM demo_bulk_set s "  # noqa: S608  # nosec B608
                f"WHERE {table}.{pk} = s.{pk}"
            )
            cursor.execute("DROP TABLE demo_bulk_set")
        else:
            assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
            cursor.executemany(
                f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608  # nosec B608
                [
                    [
                        field.get_db_prep_save(getattr(obj, field.attname), connection)
                        for field in fields
                    ]
                    + [obj.pk]
                    for obj in objs
                ],
            )
    _record(model, "update", [obj.pk for obj in objs], fields=[f.attname for f in fields])
