"""Consent, as an imported row states it: the one place the import reads or writes it.

Today consent is a field of ``Person`` (``Person.consent``). When it becomes a record of its own,
only this module changes: the import calls ``consent_column`` for the column's meaning,
``consent_from_cell`` to read a cell, and ``consent_values`` for what to set on the person.
"""

from __future__ import annotations

from typing import Any

from conversations.models import Person
from imports.kinds.base import Column, Row, choice

CONSENT_COLUMN = Column(
    "consent",
    "Whether they agreed we keep their details: given, verbal, not_asked or declined. "
    "Blank: not_asked.",
    "given",
    format="One of: given, verbal, not_asked, declined",
)


def consent_from_cell(row: Row) -> str:
    """The consent a row states (its code), or ``RowError`` in plain words."""
    return choice(
        row, CONSENT_COLUMN.name, Person.Consent.choices, default=Person.Consent.NOT_ASKED
    )


def consent_values(consent: str) -> dict[str, Any]:
    """The person's fields that hold it."""
    return {"consent": consent}
