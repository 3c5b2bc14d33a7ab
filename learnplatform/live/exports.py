"""Spreadsheet exports of session records: CSV for Dutch Excel and XLSX with a sheet per table.

A `Table` is a sheet name, translated column headers and rows. CSV is UTF-8 with a byte-order
mark and `;` as separator (what Dutch Excel expects); several tables follow each other with an
empty line between. Text cells that a spreadsheet would read as a formula are neutralised in
both formats.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font

Cell = str | int | float | None
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    """One table of an export: a sheet in XLSX, a block in CSV."""

    name: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]


def neutralise(value: Cell) -> Cell:
    """Numbers as they are; text starting like a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(tables: Sequence[Table]) -> bytes:
    """The tables as one CSV file for Dutch Excel: UTF-8 with BOM, `;` separated."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([neutralise(h) for h in table.headers])
        for row in table.rows:
            writer.writerow([neutralise(c) for c in row])
    return out.getvalue().encode("utf-8-sig")


def _sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique worksheet title (31 characters, none of []:*?/\\)."""
    clean = "".join(c for c in name if c not in "[]:*?/\\")[:31] or "Blad"
    title, n = clean, 2
    while title in used:
        title = f"{clean[:28]} {n}"
        n += 1
    used.add(title)
    return title


def to_xlsx(tables: Sequence[Table]) -> bytes:
    """The tables as an XLSX workbook, one sheet per table, bold headers, sensible widths."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.name, used))
        sheet.append([neutralise(h) for h in table.headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([neutralise(c) for c in row])
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            letter = column[0].column_letter
            sheet.column_dimensions[letter].width = min(max(10, width + 2), 80)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
