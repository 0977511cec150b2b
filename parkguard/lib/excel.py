"""Reading and writing spreadsheets safely.

Reading uses python-calamine (Rust): it is several times faster than openpyxl and streams without
building a cell object per value. Before a byte is parsed as a workbook, the file is checked: its size,
that it is a zip (a CSV renamed to .xlsx is not; an encrypted, password-protected workbook is an OLE
container instead), that it does not inflate beyond a limit (zip bombs), and which cells hold formulas
or are merged — both are refused, because a formula's cached value is not what the user typed and a
merged cell hides which row a value belongs to. Writing uses openpyxl's write-only mode.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from python_calamine import CalamineWorkbook

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_FORMULA = re.compile(rb'<c r="([A-Z]{1,3}[0-9]+)"[^>]*>(?:<v>[^<]*</v>)?<f[ >/]')
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class SpreadsheetError(ValidationError):
    """The file as a whole cannot be read; nothing was imported."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    # A roster xlsx inflates ~5-10x; more than this is a zip bomb, not a roster.
    max_inflated_bytes: int = 1024 * 1024 * 1024


def _check_container(head: bytes) -> None:
    if head.startswith(OLE_MAGIC):
        raise SpreadsheetError(
            _(
                "This workbook is password-protected or in the old .xls format. Remove the password and save it as .xlsx."
            ),
            code="encrypted",
        )
    if not head.startswith(ZIP_MAGIC):
        raise SpreadsheetError(
            _("This file is not an Excel workbook (.xlsx). A CSV file renamed to .xlsx is not one either."),
            code="not_xlsx",
        )


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """Path inside the zip of the worksheet called ``sheet_name``."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.findall("rel:Relationship", _NS)}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _NS):
        if sheet.get("name") == sheet_name:
            target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
            return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    return None


def formula_cells(archive: zipfile.ZipFile, part: str, limit: int = 20) -> list[str]:
    """References of cells holding a formula, scanning the sheet's XML without parsing it."""
    found: list[str] = []
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            found.extend(m.decode() for m in _FORMULA.findall(data))
            if len(found) >= limit:
                return found[:limit]
            tail = data[-512:]
    return list(dict.fromkeys(found))[:limit]


@dataclass
class Sheet:
    """One worksheet, opened and checked, ready to stream rows of plain Python values."""

    name: str
    height: int
    _sheet: Any

    def rows(self) -> Iterator[list[Any]]:
        yield from self._sheet.iter_rows()


def open_sheet(file: IO[bytes], *, sheet_names: tuple[str, ...], limits: Limits) -> Sheet:
    """Open the first of ``sheet_names`` found (Chinese or English template name) after every check."""
    data = file.read(limits.max_bytes + 1)
    if not data:
        raise SpreadsheetError(_("The file is empty."), code="empty")
    if len(data) > limits.max_bytes:
        raise SpreadsheetError(
            _("The file is larger than %(mb)d MB. Split it into smaller files."),
            code="too_large",
            params={"mb": limits.max_bytes // (1024 * 1024)},
        )
    _check_container(data[:8])
    buffer = io.BytesIO(data)
    try:
        archive = zipfile.ZipFile(buffer)
        if sum(info.file_size for info in archive.infolist()) > limits.max_inflated_bytes:
            raise SpreadsheetError(_("The workbook inflates to an implausible size."), code="zip_bomb")
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except SpreadsheetError:
        raise  # the zip-bomb refusal, not to be reported as an unreadable file below
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SpreadsheetError(
            _("This file is not a readable Excel workbook (.xlsx)."), code="not_xlsx"
        ) from exc
    except Exception as exc:  # calamine raises its own error types for broken workbooks
        raise SpreadsheetError(
            _("This file is not a readable Excel workbook (.xlsx)."), code="not_xlsx"
        ) from exc
    name = next((n for n in sheet_names if n in workbook.sheet_names), None)
    if name is None:
        raise SpreadsheetError(
            _("The workbook has no sheet named %(names)s. Start from the downloadable template."),
            code="no_sheet",
            params={"names": " / ".join(sheet_names)},
        )
    part = _sheet_part(archive, name)
    formulas = formula_cells(archive, part) if part else []
    if formulas:
        raise SpreadsheetError(
            _("Cells %(cells)s hold formulas. Paste them as values and upload again."),
            code="formulas",
            params={"cells": ", ".join(formulas)},
        )
    sheet = workbook.get_sheet_by_name(name)
    merged = sheet.merged_cell_ranges or []
    if merged:
        cells = ", ".join(_range_ref(r) for r in merged[:10])
        raise SpreadsheetError(
            _("Cells %(cells)s are merged. Unmerge them so that every row holds its own values."),
            code="merged",
            params={"cells": cells},
        )
    if sheet.height - 1 > limits.max_rows:
        raise SpreadsheetError(
            _("The sheet has more than %(rows)d rows. Split it into smaller files."),
            code="too_many_rows",
            params={"rows": limits.max_rows},
        )
    return Sheet(name=name, height=sheet.height, _sheet=sheet)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _range_ref(merged: Any) -> str:
    (r1, c1), (r2, c2) = merged
    return f"{column_letter(c1)}{r1 + 1}:{column_letter(c2)}{r2 + 1}"


def excel_serial_to_date(value: float) -> dt.date:
    return _EXCEL_EPOCH + dt.timedelta(days=int(value))


def write_workbook(sheets: list[tuple[str, list[str], Iterator[list[Any]]]]) -> bytes:
    """Write ``(title, header, rows)`` sheets with openpyxl's streaming writer; returns the xlsx bytes."""
    book = Workbook(write_only=True)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E8F1EC")
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.freeze_panes = "A2"
        cells = []
        for text in header:
            cell = _header_cell(sheet, text, bold, fill)
            cells.append(cell)
        sheet.append(cells)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header_cell(sheet: Any, text: str, bold: Font, fill: PatternFill) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.font, cell.fill = bold, fill
    return cell
