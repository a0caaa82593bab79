"""Reading an uploaded file row by row, CSV or Excel, without holding it all in memory.

CSV through the standard ``csv`` module (UTF-8, with or without the byte-order mark Excel
writes); ``.xlsx`` through openpyxl in read-only mode, which streams the sheet's XML instead of
building every cell. Either way a row is a dict of column name to text (or, from Excel, a date
or number), numbered as the spreadsheet numbers it: the header is row 1, the first data row 2.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError

MAX_COLUMNS = 60


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it (the header is row 1)
    values: dict[str, Any]


def file_format(name: str) -> str:
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return "xlsx"
    if lower.endswith(".csv"):
        return "csv"
    raise ValidationError("Upload a CSV file (.csv) or an Excel workbook (.xlsx).")


def _clean_header(cells: list[Any]) -> list[str]:
    names = [
        str(cell).strip().lower().replace(" ", "_") if cell is not None else "" for cell in cells
    ]
    while names and not names[-1]:
        names.pop()
    if len(names) > MAX_COLUMNS:
        raise ValidationError(f"The first row has more than {MAX_COLUMNS} columns.")
    return names


def _is_blank(values: list[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def _csv_rows(stream: IO[bytes]) -> Iterator[list[Any]]:
    text = codecs.getreader("utf-8-sig")(stream, errors="strict")
    try:
        yield from csv.reader(text)
    except UnicodeDecodeError as error:
        raise ValidationError(
            "The file is not UTF-8 text. In Excel, save it as “CSV UTF-8”, or upload the .xlsx."
        ) from error
    except csv.Error as error:
        raise ValidationError(f"The file is not a readable CSV file ({error}).") from error


def _xlsx_rows(stream: IO[bytes]) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ValidationError("The file is not a readable Excel workbook (.xlsx).") from error
    try:
        sheet = workbook.worksheets[0]
        for cells in sheet.iter_rows(values_only=True):
            yield list(cells)
    finally:
        workbook.close()


def read_rows(stream: IO[bytes], fmt: str) -> Iterator[Row]:
    """Every non-blank data row of the file's first sheet, numbered as the spreadsheet does.
    Raises ``ValidationError`` for a file that cannot be read at all."""
    source = _xlsx_rows(stream) if fmt == "xlsx" else _csv_rows(stream)
    header: list[str] | None = None
    for number, cells in enumerate(source, start=1):
        if header is None:
            header = _clean_header(cells)
            if not any(header):
                raise ValidationError("The first row must name the columns (see the template).")
            continue
        if _is_blank(cells):
            continue
        values = {
            name: _plain(cells[index])
            for index, name in enumerate(header)
            if name and index < len(cells)
        }
        yield Row(number=number, values=values)
    if header is None:
        raise ValidationError("The file is empty.")


def read_header(stream: IO[bytes], fmt: str) -> list[str]:
    source = _xlsx_rows(stream) if fmt == "xlsx" else _csv_rows(stream)
    for cells in source:
        return _clean_header(cells)
    raise ValidationError("The file is empty.")


def count_rows(stream: IO[bytes], fmt: str) -> int:
    """How many data rows (one streaming pass), for the progress bar."""
    return sum(1 for _row in read_rows(stream, fmt))


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # Excel stores 0123 phone-like numbers as numbers: keep digits
    return value


def as_bytes_io(text: str) -> io.BytesIO:
    """A CSV typed in a test or example, as the upload it stands for."""
    return io.BytesIO(text.encode("utf-8"))
