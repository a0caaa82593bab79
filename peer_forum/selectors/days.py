"""Whole days between two dates, computed in the database the same way on SQLite and
PostgreSQL (the realised ledger and how long escalations have waited read it)."""

from __future__ import annotations

from typing import Any

from django.db.models import Func, IntegerField


class DaysBetween(Func):
    """``end − start`` in whole days (negative when ``end`` is before ``start``)."""

    arity = 2
    output_field = IntegerField()

    def _sql(self, compiler: Any, template: str) -> Any:
        end, start = (compiler.compile(expression) for expression in self.source_expressions)
        return template.format(end=end[0], start=start[0]), (*end[1], *start[1])

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        # PostgreSQL: date − date is an integer number of days.
        return self._sql(compiler, "(({end})::date - ({start})::date)")

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self._sql(compiler, "CAST(ROUND(julianday({end}) - julianday({start})) AS INTEGER)")
