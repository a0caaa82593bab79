"""Lists that read only the columns their rows show."""

from __future__ import annotations

from typing import Any

# The columns of a person's name (``str(person)``): through an episode, or an episode's own.
NAMES = ("episode__person__first_name", "episode__person__last_name")
OWN_NAMES = ("person__first_name", "person__last_name")


def slim(queryset: Any, *fields: str) -> Any:
    """``queryset`` reading only the columns a row shows (``fields``, e.g.
    ``"episode__person__first_name"``), joined to only the tables they come from.

    On the busiest pages, compiling, reading and building every column of each joined table cost
    more than running the queries. A row that reads a column not named here costs a query of
    its own, which the pages' query-count tests catch."""
    related = {name.rsplit("__", 1)[0] for name in fields if "__" in name}
    return queryset.select_related(None).select_related(*related).only(*fields)
