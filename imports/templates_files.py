"""Downloadable templates for each kind of import: the columns, one example row, and (in the
Excel file) a second sheet saying what each column means."""

from __future__ import annotations

import csv
import io

from imports.kinds.base import Kind


def template_csv(kind: Kind) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(kind.column_names)
    writer.writerow([column.example for column in kind.columns])
    return out.getvalue().encode("utf-8-sig")  # the byte-order mark Excel looks for


def template_xlsx(kind: Kind) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(kind.label[:31])
    bold = Font(bold=True)
    header = []
    for name in kind.column_names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    sheet.append([column.example for column in kind.columns])
    about = workbook.create_sheet("What the columns mean")
    about.append(["column", "required", "format", "meaning", "example"])
    for column in kind.columns:
        about.append(
            [
                column.name,
                "yes" if column.required else "no",
                column.format,
                column.meaning,
                column.example,
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
