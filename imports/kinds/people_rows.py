"""The people of a caseload import as rows, and the check that a new one is not someone
already known (the drop-in form's rules, ``person_duplicate_rules``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from conversations.models import Person
from conversations.selectors.people import person_duplicate_rules
from hubs.models import Locality, Partnership
from imports.kinds.base import Localities, Report


@dataclass
class PersonRow:
    number: int
    external_id: str
    values: dict[str, Any]
    locality: Locality
    portal_id: int | None = None
    confirmed_new: bool = False
    episode: dict[str, Any] | None = None
    person: Person | None = None
    draft: Person | None = None  # the new person, checked, not saved yet
    consent_changed: bool = False  # an update that changes their answer


@dataclass
class Context:
    partnership: Partnership
    actor: Any
    localities: Localities
    seen: dict[str, int] = field(default_factory=dict)  # external id -> row number
    created_rows: dict[int, int] = field(default_factory=dict)  # person pk -> row number


def check_duplicates(context: Context, rows: list[PersonRow], report: Report) -> None:
    """Rows just added that look like someone added before them (in CLS Portal, or
    earlier in this file), by the drop-in form's rules (``person_duplicate_rules``).

    Every rule needs the same number, the same date of birth or (without one) the same
    name. So the people sharing one of those with a row are found first, through their
    indexes; only rows that share one with someone added before them are then put to the
    rules, in one query."""
    people = Person.objects.filter(partnership=context.partnership, is_anonymised=False)
    nearby = list(
        people.filter(_narrowing(rows)).values_list(
            "pk", "date_of_birth", "chi_number", "nhs_number", "last_name"
        )
    )
    keys: dict[Any, int] = {}  # the first (lowest) pk sharing each key
    for pk, born, chi, nhs, last in sorted(nearby):
        for key in (
            ("born", born),
            ("number", chi),
            ("number", nhs),
            ("name", last.casefold()),
        ):
            if key[1]:
                keys.setdefault(key, pk)
    suspect = [row for row in rows if _shares_a_key(row, keys)]
    rules = {row.number: _rules(row) for row in suspect}
    either = Q()
    for rule in rules.values():
        either |= rule
    if not either:
        return
    candidates = people.filter(pk__in=[item[0] for item in nearby])
    if not candidates.filter(either).exists():
        return
    for row in suspect:
        _report_duplicates(candidates, context, row, rules[row.number], report)


def _narrowing(rows: list[PersonRow]) -> Q:
    born = {row.values["date_of_birth"] for row in rows if row.values["date_of_birth"]}
    numbers = {row.values["chi_number"] or row.values["nhs_number"] for row in rows} - {""}
    narrowing = Q(date_of_birth__in=born) | Q(chi_number__in=numbers)
    narrowing |= Q(nhs_number__in=numbers)
    for row in rows:
        if not row.values["date_of_birth"] and row.values["last_name"]:
            narrowing |= Q(last_name__iexact=row.values["last_name"])
    return narrowing


def _shares_a_key(row: PersonRow, keys: dict[Any, int]) -> bool:
    """Does someone added before this row share its number, date of birth or name?"""
    assert row.person is not None  # nosec B101 - narrows the type (checked above)
    values = row.values
    mine = [("number", values["chi_number"] or values["nhs_number"])]
    if values["date_of_birth"]:
        mine.append(("born", values["date_of_birth"]))
    else:
        mine.append(("name", values["last_name"].casefold()))
    return any(
        value and keys.get((kind, value), row.person.pk) < row.person.pk for kind, value in mine
    )


def _rules(row: PersonRow) -> Q:
    values = row.values
    rule = person_duplicate_rules(
        first_name=values["first_name"],
        last_name=values["last_name"],
        date_of_birth=values["date_of_birth"],
        postcode=values["postcode"],
        health_number=values["chi_number"] or values["nhs_number"],
    )
    assert row.person is not None  # nosec B101 - narrows the type (checked above)
    return rule & Q(pk__lt=row.person.pk) if rule else Q()


def _report_duplicates(
    people: Any, context: Context, row: PersonRow, rule: Q, report: Report
) -> None:
    if not rule:
        return
    candidates = list(people.filter(rule).order_by("pk")[:3])
    for candidate in candidates:
        earlier = context.created_rows.get(candidate.pk)
        if earlier is not None:
            who = f"the person on row {earlier}"
        else:
            born = f", born {candidate.date_of_birth:%d/%m/%Y}" if candidate.date_of_birth else ""
            who = (
                f"someone already in CLS Portal: record {candidate.pk}, {candidate.full_name}{born}"
            )
        report.problem(
            row.number,
            "portal_id",
            f"This may be {who}. If it is them, put "
            "their record number in portal_id; if not, put “new”."
            if earlier is None
            else f"This may be {who}. If they are two "
            "people, put “new” in portal_id; if not, remove one of the rows.",
        )
