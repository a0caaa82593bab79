"""Directory entries (community solutions), from a spreadsheet rather than an HSDS file.

Each row is written through the directory's own services (``solution_create`` and
``solution_update``, which keep one HSDS organisation id per organisation and change nothing
for an unchanged entry); an entry is found again by its ``id`` (``CommunitySolution.external_id``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from hubs.models import CommunitySolution, Partnership, SolutionCategory
from hubs.services.directory import solution_create, solution_update
from imports.kinds.base import (
    DATE_FORMAT,
    Column,
    Kind,
    Localities,
    Report,
    RowError,
    date,
    text,
    yes_no,
)
from imports.reading import Row

TEXT_COLUMNS = {
    "description": 4000,
    "contact_name": 120,
    "phone": 30,
    "email": 254,
    "website": 200,
    "address": 250,
    "town": 80,
    "postcode": 10,
    "schedule": 250,
    "cost_to_person": 120,
}


@dataclass
class Context:
    partnership: Partnership
    actor: Any
    localities: Localities
    categories: dict[str, SolutionCategory]
    seen: dict[str, int] = field(default_factory=dict)


class DirectoryKind(Kind):
    slug = "directory"
    label = "Directory entries"
    batch_size = 200
    columns = (
        Column("id", "The entry's identifier in your previous directory.", "D-042", required=True),
        Column("name", "What it is called.", "Tuesday lunch club", required=True),
        Column("organisation", "Who runs it.", "Riverside Lunch Club", required=True),
        Column(
            "category",
            "Its category (name or slug, from the list on this page).",
            "Lunch clubs",
            required=True,
        ),
        Column(
            "localities",
            "Where it is available: locality names separated by “;”. Blank: the whole partnership.",
            "Riverside North; Glenburn",
        ),
        Column(
            "description",
            "What it offers, in a sentence or two.",
            "A hot two-course lunch and company.",
        ),
        Column("contact_name", "Who to ask for.", "Jean"),
        Column("phone", "Phone number.", "01234 560123"),
        Column("email", "E-mail address.", "hello@example.org"),
        Column("website", "Web address, starting https://.", "https://example.org"),
        Column("address", "Street address.", "12 Kirk Wynd"),
        Column("town", "Town.", "Riverside"),
        Column("postcode", "Postcode.", "RV1 4JT"),
        Column("schedule", "When it runs.", "Tuesdays 12–2"),
        Column("cost_to_person", "What it costs the person.", "£3.50 a meal"),
        Column(
            "last_verified",
            "The day someone last checked the entry is right.",
            "01/11/2026",
            format=DATE_FORMAT,
        ),
        Column("active", "Is it running? Blank: yes.", "yes", format="yes or no"),
    )

    def start(self, *, partnership: Partnership, actor: Any, report: Report) -> Context:
        categories: dict[str, SolutionCategory] = {}
        for category in SolutionCategory.objects.all():
            categories[category.name.casefold()] = category
            categories[category.slug.casefold()] = category
        return Context(partnership, actor, Localities(partnership), categories)

    def run_batch(self, context: Context, rows: list[Row], report: Report) -> None:
        known = {
            solution.external_id: solution
            for solution in CommunitySolution.objects.filter(
                partnership=context.partnership,
                external_id__in=[str(row.values.get("id") or "").strip() for row in rows],
            )
        }
        for row in rows:
            try:
                external_id, values, localities = self._parse(context, row)
            except RowError as error:
                report.problem(row.number, error.column, error.message)
                continue
            try:
                self._write(
                    context, known.get(external_id), external_id, values, localities, report
                )
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    for message in messages:
                        report.problem(row.number, name if name != "__all__" else "", message)

    def _parse(self, context: Context, row: Row) -> tuple[str, dict[str, Any], list[Any]]:
        external_id = text(row, "id", max_length=64, required=True)
        earlier = context.seen.setdefault(external_id, row.number)
        if earlier != row.number:
            raise RowError("id", f"The id “{external_id}” is also on row {earlier}.")
        raw_category = text(row, "category", max_length=80, required=True)
        category = context.categories.get(raw_category.casefold())
        if category is None:
            raise RowError(
                "category", f"There is no category “{raw_category}” (see the list of categories)."
            )
        values: dict[str, Any] = {
            "name": text(row, "name", max_length=150, required=True),
            "organisation": text(row, "organisation", max_length=150, required=True),
            "category": category,
            "last_verified": date(row, "last_verified"),
            "is_active": yes_no(row, "active", default=True),
        }
        for name, length in TEXT_COLUMNS.items():
            values[name] = text(row, name, max_length=length)
        return external_id, values, context.localities.many(row, "localities")

    def _write(
        self,
        context: Context,
        solution: CommunitySolution | None,
        external_id: str,
        values: dict[str, Any],
        localities: list[Any],
        report: Report,
    ) -> None:
        if solution is None:
            created = solution_create(
                actor=context.actor,
                partnership=context.partnership,
                external_id=external_id,
                localities=localities,
                **values,
            )
            report.created += 1
            report.record_ids.append(created.pk)
            return
        stamp = solution.updated_at
        updated = solution_update(
            actor=context.actor, solution=solution, localities=localities, **values
        )
        if updated.updated_at != stamp:
            report.updated += 1
            report.record_ids.append(updated.pk)
        else:
            report.unchanged += 1
