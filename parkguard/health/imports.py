"""Reading a risk-area list from an xlsx (through parkguard.lib.excel, with its checks) or a CSV file.

Columns, Chinese or English headers: 区划代码 / division_code, 风险等级 / level (高、中 or high, medium),
起始日期 / valid_from, 结束日期 / valid_to (optional). The services import every row or none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from parkguard.core.errors import ServiceError
from parkguard.lib.excel import Limits, excel_serial_to_date, open_sheet

SHEET_NAMES = ("风险地区", "risk areas", "Sheet1")
HEADERS = {
    "division_code": ("区划代码", "行政区划代码", "division_code", "division code", "code"),
    "level": ("风险等级", "等级", "level", "risk level"),
    "valid_from": ("起始日期", "开始日期", "valid_from", "from"),
    "valid_to": ("结束日期", "valid_to", "to"),
}
LEVELS = {
    "高": "high",
    "高风险": "high",
    "high": "high",
    "中": "medium",
    "中风险": "medium",
    "medium": "medium",
}
MAX_ROWS = 5000


def _columns(header: list[Any]) -> dict[str, int]:
    names = [str(h or "").strip().lower() for h in header]
    columns = {}
    for field, aliases in HEADERS.items():
        for alias in aliases:
            if alias.lower() in names:
                columns[field] = names.index(alias.lower())
                break
    missing = [HEADERS[f][0] for f in ("division_code", "level", "valid_from") if f not in columns]
    if missing:
        raise ServiceError(
            _("The file needs the columns %(names)s in its first row."),
            code="import_columns",
            params={"names": "、".join(missing)},
        )
    return columns


def _cell_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return excel_serial_to_date(value)
    text = str(value or "").strip().replace("/", "-").replace(".", "-")
    if text:
        parts = text.split(" ")[0].split("-")
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            return f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"
    return text


def _code(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value or "").strip()


def _rows(table: list[list[Any]]) -> list[tuple[int, dict[str, Any]]]:
    if not table:
        raise ServiceError(_("The file is empty."), code="import_empty")
    columns = _columns(table[0])
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        if not any(str(c or "").strip() for c in raw):
            continue
        cell = {f: (raw[i] if i < len(raw) else "") for f, i in columns.items()}
        level = str(cell.get("level") or "").strip().lower()
        rows.append(
            (
                number,
                {
                    "division_code": _code(cell["division_code"]),
                    "level": LEVELS.get(level, level),
                    "valid_from": _cell_date(cell["valid_from"]),
                    "valid_to": _cell_date(cell.get("valid_to"))
                    if cell.get("valid_to") not in (None, "")
                    else None,
                },
            )
        )
    if len(rows) > MAX_ROWS:
        raise ServiceError(
            _("The file has more than %(rows)d rows. Split it into smaller files."),
            code="import_too_many",
            params={"rows": MAX_ROWS},
        )
    return rows


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ServiceError(_("The CSV file is neither UTF-8 nor GB18030 text."), code="import_encoding")


def read_rows(file: IO[bytes], filename: str) -> list[tuple[int, dict[str, Any]]]:
    """(row number, values) of every non-empty row; the file is refused as a whole when unreadable."""
    if filename.lower().endswith(".csv"):
        data = file.read(settings.IMPORT_MAX_BYTES + 1)
        if len(data) > settings.IMPORT_MAX_BYTES:
            raise ServiceError(_("The file is too large."), code="import_too_large")
        return _rows(list(csv.reader(io.StringIO(_decode(data)))))
    limits = Limits(max_bytes=settings.IMPORT_MAX_BYTES, max_rows=MAX_ROWS)
    sheet = open_sheet(file, sheet_names=SHEET_NAMES, limits=limits)
    return _rows(list(sheet.rows()))
