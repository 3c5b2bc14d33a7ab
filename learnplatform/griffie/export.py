"""The overview as a spreadsheet: XLSX (openpyxl) and CSV for Dutch Excel (`;`, UTF-8 BOM).

Every text cell is neutralised against formula injection: a value starting with `=`, `+`, `-`,
`@`, a tab or a carriage return gets a leading apostrophe, so a name like `=HYPERLINK(...)` is
shown as text and never run by a spreadsheet program.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from learnplatform.content.schema import Track
from learnplatform.griffie import roles
from learnplatform.griffie.labels import CERTIFICATE_LABELS, STATUS_LABELS
from learnplatform.griffie.overview import MemberRow, Status

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LOCAL = ZoneInfo("Europe/Amsterdam")


def neutralise(value: str) -> str:
    """A text cell that no spreadsheet program will read as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _date(moment: datetime | None) -> str:
    return moment.astimezone(LOCAL).strftime("%d-%m-%Y") if moment else ""


def table(track: Track, rows: Sequence[MemberRow], titles: Mapping[str, str]) -> list[list[str]]:
    """Header plus one line per member: completion facts only."""
    header = [_("Naam"), _("E-mailadres"), _("Rol"), _("Traject"), _("Status"),
              _("Modules afgerond"), _("Afgerond op"), _("Certificaat"), _("Geldig tot")]
    header += [titles.get(step.module, step.module) for step in track.steps]
    lines = [[str(h) for h in header]]
    for row in rows:
        line = [
            row.member.name, row.member.email, roles.label(row.member.office_role), track.title,
            str(STATUS_LABELS[row.status]), f"{row.done}/{len(row.modules)}",
            _date(row.completed_at), str(CERTIFICATE_LABELS[row.certificate]),
            _date(row.valid_until),
        ]
        for cell in row.modules:
            text = str(STATUS_LABELS[cell.status])
            if cell.status is Status.COMPLETED and cell.completed_at:
                text = f"{text} {_date(cell.completed_at)}"
            line.append(text)
        lines.append([neutralise(value) for value in line])
    return lines


def to_csv(lines: Sequence[Sequence[str]]) -> bytes:
    """CSV that Dutch Excel opens correctly: `;` between fields, UTF-8 with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(lines)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(lines: Sequence[Sequence[str]], sheet_title: str) -> bytes:
    """An XLSX workbook with one sheet, a bold frozen header and readable column widths."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has an active sheet
    title = "".join(ch for ch in sheet_title if ch not in "[]:*?/\\'")[:31].strip()
    sheet.title = title or "Overzicht"
    for line in lines:
        sheet.append(list(line))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    for index, column in enumerate(sheet.columns, start=1):
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 40)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
