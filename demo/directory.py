"""The demo directory: community solutions whose name, organisation, category, cost and
schedule agree (a lunch club run by a lunch club, at the price of a meal).

The catalogue (``demo/directory.csv``) is also the example directory import,
``docs/examples/directory.xlsx`` (``python manage.py shell -c "from demo.directory import
write_example; write_example()"`` writes it again; a test checks the file matches): each
entry's ``id`` is kept on the seeded entry as its ``external_id``, so importing the example
into the demo partnership finds the entries already there.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

# The catalogue, one entry a row: (id, name, organisation, category slug, cost to the person,
# schedule, description).
CATALOGUE_FILE = Path(__file__).resolve().parent / "directory.csv"
with CATALOGUE_FILE.open(encoding="utf-8", newline="") as _file:
    CATALOGUE: list[tuple[str, ...]] = [tuple(row) for row in list(csv.reader(_file))[1:]]

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "directory.xlsx"


def entry(index: int, locality: str) -> dict[str, Any]:
    """The catalogue's entry for the ``index``-th demo solution (a larger demo repeats the
    catalogue, each repeat named for a locality and given its own id)."""
    key, name, organisation, slug, cost, schedule, description = CATALOGUE[index % len(CATALOGUE)]
    repeat = index // len(CATALOGUE)
    return {
        "id": key if not repeat else f"{key}-{repeat + 1}",
        "name": name if not repeat else f"{name}, {locality} ({repeat + 1})",
        "organisation": organisation,
        "category": slug,
        "cost_to_person": cost,
        "schedule": schedule,
        "description": description,
    }


def write_example(path: Path = EXAMPLE) -> None:
    """The example directory import: the catalogue, open to the whole partnership."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Directory")
    columns = [
        "id",
        "name",
        "organisation",
        "category",
        "cost_to_person",
        "schedule",
        "description",
    ]
    sheet.append(columns)
    for index in range(len(CATALOGUE)):
        values = entry(index, "")
        sheet.append([values[column] for column in columns])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
