"""What every kind of import shares: its columns, how a cell is read, and the report of a run.

A kind (people, waiting-list entries, directory entries, users) says which columns it reads
(``Column``: required or not, the format, an example, what it means — the template and the
columns page are made from these) and works through the file a batch of rows at a time
(``Kind.run_batch``), writing what it would write. The check and the import are the same run:
the check's transaction is rolled back, the import's committed (``imports.services``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from imports.reading import Row

if TYPE_CHECKING:
    from cls_portal.accounts.models import User
    from hubs.models import Locality, Partnership

MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    example: str
    required: bool = False
    format: str = "Text"


@dataclass
class Problem:
    row: int  # 1 is the header; 0 is the file as a whole
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Report:
    """What a run found and did."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problem_count: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    record_ids: list[Any] = field(default_factory=list)  # created or changed, for the audit

    def problem(self, row: int, column: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, column, message))

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


class RowError(Exception):
    """A cell that cannot be read: the message says why, in plain words."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


class Kind:
    slug: str
    label: str
    columns: tuple[Column, ...]
    batch_size = 500

    def start(self, *, partnership: Partnership, actor: User | None, report: Report) -> Any:
        raise NotImplementedError

    def run_batch(self, context: Any, rows: list[Row], report: Report) -> None:
        raise NotImplementedError

    def finish(self, context: Any, report: Report) -> None:
        """After the last batch (nothing by default)."""

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.required]


# ---- reading cells ----------------------------------------------------------------------

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DATE_FORMAT = "Date: 31/01/2026 or 2026-01-31 (or an Excel date)"


def text(row: Row, name: str, *, max_length: int, required: bool = False) -> str:
    value = row.values.get(name)
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise RowError(name, "This must be filled in.")
    if len(value) > max_length:
        raise RowError(name, f"This is too long: at most {max_length} characters.")
    return value


def date(
    row: Row,
    name: str,
    *,
    required: bool = False,
    not_future: bool = True,
    earliest: datetime.date | None = None,
) -> datetime.date | None:
    value = row.values.get(name)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        raw = "" if value is None else str(value).strip()
        if not raw:
            if required:
                raise RowError(name, "This must be filled in (a date, e.g. 31/01/2026).")
            return None
        value = _parse_date(raw)
        if value is None:
            raise RowError(name, f"“{raw}” is not a date: write it as 31/01/2026 or 2026-01-31.")
    if not_future and value > timezone.localdate():
        raise RowError(name, f"{value:%d/%m/%Y} is in the future.")
    if earliest and value < earliest:
        raise RowError(name, f"{value:%d/%m/%Y} is too early (before {earliest:%d/%m/%Y}).")
    return value


def _parse_date(raw: str) -> datetime.date | None:
    match = _DMY.match(raw) or _ISO.match(raw)
    if not match:
        return None
    first, second, third = (int(part) for part in match.groups())
    day, month, year = (first, second, third) if _DMY.match(raw) else (third, second, first)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def choice(row: Row, name: str, choices: Iterable[tuple[str, str]], *, default: str = "") -> str:
    """A choice by its code or its label, ignoring case and spaces vs underscores."""
    raw = text(row, name, max_length=120)
    if not raw:
        return default
    wanted = raw.casefold().replace(" ", "_")
    options = list(choices)
    for code, label in options:
        if wanted in (code.casefold(), label.casefold().replace(" ", "_")):
            return code
    allowed = ", ".join(code for code, _label in options)
    raise RowError(name, f"“{raw}” is not one of: {allowed}.")


def yes_no(row: Row, name: str, *, default: bool) -> bool:
    raw = text(row, name, max_length=10).casefold()
    if not raw:
        return default
    if raw in ("yes", "y", "true", "1"):
        return True
    if raw in ("no", "n", "false", "0"):
        return False
    raise RowError(name, f"“{raw}” is not yes or no.")


class Localities:
    """A partnership's localities, found by name or slug (ignoring case)."""

    def __init__(self, partnership: Partnership) -> None:
        from hubs.models import Locality

        self.by_key: dict[str, Locality] = {}
        for locality in Locality.objects.filter(partnership=partnership):
            self.by_key[locality.name.casefold()] = locality
            self.by_key[locality.slug.casefold()] = locality
        self.names = sorted({loc.name for loc in self.by_key.values()})

    def find(self, name: str, raw: str) -> Locality:
        found = self.by_key.get(raw.strip().casefold())
        if found is None:
            known = ", ".join(self.names) or "none yet: add them first"
            raise RowError(name, f"There is no locality called “{raw}” (yours: {known}).")
        return found

    def many(self, row: Row, name: str) -> list[Locality]:
        raw = text(row, name, max_length=1000)
        return [self.find(name, part) for part in re.split(r"[;|]", raw) if part.strip()]
