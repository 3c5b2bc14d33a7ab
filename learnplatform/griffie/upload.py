"""Read a member list (CSV or XLSX) into lines to invite, with every bad line and its reason.

Pure parsing and validation: no database (the caller passes the e-mail addresses that already
have an account). Nothing is imported here; the caller imports only when the whole file is valid
or the griffier explicitly chose to import the valid lines.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from openpyxl import load_workbook

from learnplatform.griffie import roles

MAX_BYTES = 1_000_000
MAX_LINES = 500
FORMULA_STARTS = ("=", "+", "-", "@")
HEADERS = {
    "name": {"naam", "name", "volledige naam"},
    "email": {"e-mail", "email", "e-mailadres", "emailadres", "mail"},
    "role": {"rol", "role", "functie"},
}


@dataclass(frozen=True)
class Line:
    """A valid line: a person to invite."""

    number: int
    name: str
    email: str
    office_role: str


@dataclass(frozen=True)
class LineError:
    """A line that cannot be imported, with the reasons (translated)."""

    number: int
    text: str
    reasons: tuple[str, ...]


@dataclass
class ParsedFile:
    """The outcome of reading a file: valid lines, bad lines, or one error for the whole file."""

    lines: list[Line] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    file_error: str | None = None

    @property
    def valid(self) -> bool:
        """True when the whole file can be imported as it is."""
        return self.file_error is None and not self.errors and bool(self.lines)


def _decode_lines(data: bytes) -> tuple[list[tuple[int, str]], list[LineError]]:
    """Decode line by line, so a line with bytes that are not UTF-8 is reported by number."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    texts, errors = [], []
    for number, raw in enumerate(data.replace(b"\r\n", b"\n").split(b"\n"), start=1):
        try:
            texts.append((number, raw.decode("utf-8").rstrip("\r")))
        except UnicodeDecodeError:
            errors.append(LineError(number, raw.decode("utf-8", "replace")[:120], (
                _("deze regel is geen UTF-8-tekst; sla het bestand op als \"CSV UTF-8\" of "
                  "upload het als XLSX"),)))
    return texts, errors


def _csv_rows(data: bytes) -> tuple[list[tuple[int, list[str]]], list[LineError]]:
    texts, errors = _decode_lines(data)
    sample = next((text for _n, text in texts if text.strip()), "")
    delimiter = max(";,\t", key=sample.count) if sample else ";"
    rows = []
    for number, text in texts:
        cells = next(csv.reader([text], delimiter=delimiter), [])
        rows.append((number, cells))
    return rows, errors


def _xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    sheet = workbook.worksheets[0]
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_LINES + 1:
            break
        rows.append((number, ["" if v is None else str(v) for v in values]))
    workbook.close()
    return rows


def _columns(header: Sequence[str]) -> dict[str, int] | None:
    """Column index per field when the first row is a header, else None."""
    names = [" ".join(cell.strip().lower().split()) for cell in header]
    found = {key: next((i for i, n in enumerate(names) if n in aliases), -1)
             for key, aliases in HEADERS.items()}
    if all(index < 0 for index in found.values()):
        return None
    return found


def _cell(cells: Sequence[str], index: int) -> str:
    return cells[index].strip() if 0 <= index < len(cells) else ""


def _check(number: int, cells: Sequence[str], columns: dict[str, int], seen: dict[str, int],
           existing: set[str]) -> Line | LineError:
    name, email = _cell(cells, columns["name"]), _cell(cells, columns["email"])
    raw_role = _cell(cells, columns["role"])
    reasons = []
    if any(c.strip().startswith(FORMULA_STARTS) for c in cells):
        reasons.append(_("een cel begint met =, +, - of @ (een formule); haal dat teken weg"))
    if not name:
        reasons.append(_("de naam ontbreekt"))
    if not email:
        reasons.append(_("het e-mailadres ontbreekt"))
    else:
        try:
            email = validate_email(email, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            reasons.append(_("\"%(email)s\" is geen geldig e-mailadres", email=email[:80]))
        else:
            if email in seen:
                reasons.append(_("dit e-mailadres staat ook op regel %(line)s", line=seen[email]))
            elif email in existing:
                reasons.append(_("er is al een account met dit e-mailadres"))
            seen.setdefault(email, number)
    role = roles.normalise(raw_role) if raw_role else None
    if not raw_role:
        reasons.append(_("de rol ontbreekt"))
    elif role is None:
        reasons.append(_("onbekende rol \"%(role)s\"; kies uit: %(roles)s", role=raw_role[:40],
                         roles=", ".join(str(r) for r in roles.OFFICE_ROLES.values())))
    if reasons:
        return LineError(number, " · ".join(cells)[:200], tuple(reasons))
    return Line(number, name, email, role or "")


def validate_rows(rows: Iterable[tuple[int, Sequence[str]]], existing: set[str],
                  result: ParsedFile | None = None) -> ParsedFile:
    """Check every non-empty row; the first row may be a header (naam, e-mail, rol)."""
    result = result or ParsedFile()
    rows = [(n, cells) for n, cells in rows if any(c.strip() for c in cells)]
    columns = {"name": 0, "email": 1, "role": 2}
    if rows and (header := _columns(rows[0][1])) is not None:
        columns = header
        rows = rows[1:]
        missing = [key for key, index in header.items() if index < 0]
        if missing:
            result.file_error = _("De kopregel mist een kolom: naam, e-mail en rol zijn nodig.")
            return result
    if len(rows) > MAX_LINES:
        result.file_error = _("Het bestand heeft meer dan %(max)s regels.", max=MAX_LINES)
        return result
    seen: dict[str, int] = {}
    for number, cells in rows:
        checked = _check(number, cells, columns, seen, existing)
        if isinstance(checked, Line):
            result.lines.append(checked)
        else:
            result.errors.append(checked)
    result.errors.sort(key=lambda e: e.number)
    if not result.lines and not result.errors:
        result.file_error = _("Het bestand bevat geen regels.")
    return result


def parse_upload(filename: str, data: bytes, existing: set[str]) -> ParsedFile:
    """Read an uploaded CSV or XLSX file and check every line."""
    if len(data) > MAX_BYTES:
        return ParsedFile(file_error=_("Het bestand is groter dan 1 MB."))
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix in {"csv", "txt"}:
        rows, errors = _csv_rows(data)
        return validate_rows(rows, existing, ParsedFile(errors=errors))
    if suffix == "xlsx":
        try:
            return validate_rows(_xlsx_rows(data), existing)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            return ParsedFile(file_error=_("Dit is geen leesbaar XLSX-bestand."))
    return ParsedFile(file_error=_("Kies een CSV- of XLSX-bestand."))
