"""Consent, as an imported row states it: the one place the import reads or writes it.

A row's ``consent`` column is the "keep their details" answer in ``Person.Consent``'s words.
The person keeps it as their current answer (``Person.consent``), and each answer given is also
a consent record (``conversations.models.ConsentRecord``), dated the day of the import, written
in bulk with the rest of the import (audited as one). Someone who did not agree to us keeping
their details cannot come in with their details: that row is refused.
"""

from __future__ import annotations

import datetime
from typing import Any

from conversations.models import ConsentRecord, Person
from conversations.services.consent import keep_consent_meaning
from imports.kinds.base import Column, Row, RowError, choice

CONSENT_COLUMN = Column(
    "consent",
    "Whether they agreed we keep their details: given, verbal or not_asked. Blank: not_asked. "
    "Someone who did not agree is left out of the file: we keep no details of theirs.",
    "given",
    format="One of: given, verbal, not_asked",
)


def consent_from_cell(row: Row) -> str:
    """The consent a row states (its code), or ``RowError`` in plain words."""
    answer = choice(
        row, CONSENT_COLUMN.name, Person.Consent.choices, default=Person.Consent.NOT_ASKED
    )
    if answer == Person.Consent.DECLINED:
        raise RowError(
            CONSENT_COLUMN.name,
            "They did not agree to us keeping their details, so their details cannot be "
            "imported: leave this row out.",
        )
    return answer


def consent_values(consent: str) -> dict[str, Any]:
    """The person's fields that hold it."""
    return {"consent": consent}


def consent_records_for(*, actor: Any, answers: list[tuple[Person, str]], on: datetime.date) -> int:
    """One "keep their details" record per answer given (not "not asked yet"), in bulk."""
    records = []
    for person, answer in answers:
        meaning = keep_consent_meaning(answer)
        if meaning is None:
            continue
        agreed, how = meaning
        records.append(
            ConsentRecord(
                person=person,
                kind=ConsentRecord.Kind.KEEP,
                agreed=agreed,
                how=how,
                given_on=on,
                recorded_by_id=getattr(actor, "pk", None),
            )
        )
    ConsentRecord.objects.bulk_create(records)
    return len(records)
