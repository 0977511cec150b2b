"""From an open sheet to clean rows: header mapping and per-cell parsing, kind-independent."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from parkguard.lib.excel import Sheet, SpreadsheetError

from .columns import CellError, Column, _header_key, is_blank


@dataclass
class Issue:
    row: int
    column: str
    value: str
    message: str


@dataclass
class Row:
    """One data row: its spreadsheet row number, the parsed values and the problems found."""

    number: int
    values: dict[str, Any] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.issues

    def fail(self, column: Column | None, value: Any, message: str) -> None:
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # calamine reads every number as a float; show 12, not 12.0
        shown = "" if is_blank(value) else str(value)
        if column is not None and column.mask and shown:
            shown = column.mask(shown)
        self.issues.append(Issue(self.number, column.zh if column else "", shown[:200], message))


@dataclass
class Header:
    columns: dict[int, Column]
    unknown: list[str]


def map_header(cells: Sequence[Any], columns: Sequence[Column]) -> Header:
    by_name = {name: column for column in columns for name in column.names()}
    mapped: dict[int, Column] = {}
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        if is_blank(cell):
            continue
        column = by_name.get(_header_key(cell))
        if column is None or column in mapped.values():
            unknown.append(str(cell).strip())
        else:
            mapped[index] = column
    missing = [c.header for c in columns if c.required and c not in mapped.values()]
    if missing:
        raise SpreadsheetError(
            _("Required columns are missing: %(columns)s. Start from the downloadable template.")
            % {"columns": ", ".join(missing)},
            code="missing_columns",
        )
    return Header(mapped, unknown)


def read_rows(sheet: Sheet, columns: Sequence[Column]) -> tuple[Header, Iterator[Row]]:
    rows = sheet.rows()
    first = next(rows, None)
    if first is None:
        raise SpreadsheetError(_("The file is empty."), code="empty")
    header = map_header(first, columns)
    return header, _parse(rows, header)


def _parse(rows: Iterator[list[Any]], header: Header) -> Iterator[Row]:
    for offset, cells in enumerate(rows, start=2):
        if all(is_blank(c) for c in cells):
            continue
        row = Row(offset)
        for index, column in header.columns.items():
            raw = cells[index] if index < len(cells) else ""
            if column.required and is_blank(raw):
                # Text parsers accept a blank cell; a required column must not (a person with no name).
                row.fail(column, raw, _("Required."))
                continue
            try:
                row.values[column.key] = column.parse(raw)
            except CellError as exc:
                row.fail(column, raw, exc.message)
        yield row
