"""Excel exports of the enterprise list, a roster and a ledger at a date: one function per list.

Headers are the import templates' (Chinese), so an export can be corrected and imported again. Personal
data is masked unless the caller asked for, and may see, the full values; rows are streamed from the
database in chunks into openpyxl's write-only workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parkguard.accounts.roles import Capability
from parkguard.lib.codes import mask_id_number, mask_phone
from parkguard.lib.excel import write_workbook

from .choices import CHINESE, Category, WorkStatus
from .imports import registry, roster
from .models import Employment, Enterprise

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000


@dataclass
class Export:
    """An export ready to send: its bytes, its file name and how many rows it holds."""

    content: bytes
    filename: str
    rows: int


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def count(self, rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
        for row in rows:
            self.n += 1
            yield row


def check_unmasked(user: Any, unmasked: bool) -> None:
    """Full id numbers and phones need the reveal permission (the caller audits the export)."""
    if unmasked and not user.has_capability(Capability.REVEAL_PERSONAL):
        raise PermissionDenied(_("You may not export personal data unmasked."))


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def _phone(value: str, unmasked: bool) -> str:
    return value if unmasked else mask_phone(value)


def _stamp(day: dt.date | None = None) -> str:
    return (day or timezone.localdate()).isoformat()


# --- enterprises -----------------------------------------------------------------------------------

ENTERPRISE_HEADER = [c.zh for c in registry.COLUMNS[:13]] + ["在册人数"]


def _enterprise_row(e: Any, node_name: str, place: str, unmasked: bool, roster_count: int | str) -> list[Any]:
    return [
        e.uscc,
        node_name,
        CHINESE.get(e.category, e.category),
        place,
        _yes_no(e.above_scale),
        _yes_no(e.key_enterprise),
        _yes_no(e.epidemic_producer),
        e.epidemic_products,
        e.industry,
        e.legal_representative,
        e.contact_name,
        _phone(e.contact_phone, unmasked),
        e.headcount,
        roster_count,
    ]


def enterprises_xlsx(enterprises: QuerySet[Enterprise], *, unmasked: bool = False) -> Export:
    """The enterprise list as filtered on the page (``selectors.enterprise_list``)."""
    counter = _Counter()
    rows = (
        _enterprise_row(
            e,
            e.node.name,
            e.node.parent.name if e.node.parent else "",
            unmasked,
            getattr(e, "roster_count", ""),
        )
        for e in enterprises.select_related("node__parent").iterator(chunk_size=CHUNK)
    )
    content = write_workbook([(registry.SHEET_NAMES[0], ENTERPRISE_HEADER, counter.count(rows))])
    return Export(content, f"enterprises-{_stamp()}.xlsx", counter.n)


# --- rosters ---------------------------------------------------------------------------------------

ROSTER_HEADER = [c.zh for c in roster.COLUMNS]


def _roster_row(row: Any, unmasked: bool) -> list[Any]:
    person = row.person
    return [
        person.name,
        person.id_number if unmasked else mask_id_number(person.id_number),
        _phone(person.phone, unmasked),
        row.department,
        row.position,
        CHINESE.get(row.work_status, row.work_status),
        row.expected_return_date,
        row.actual_return_date,
        row.dormitory,
        person.origin_code,
        _yes_no(row.key_position),
    ]


def roster_xlsx(enterprise: Enterprise, rows: QuerySet[Employment], *, unmasked: bool = False) -> Export:
    """One enterprise's roster as filtered on the page (``selectors.roster_list``)."""
    counter = _Counter()
    lines = (_roster_row(r, unmasked) for r in rows.select_related("person").iterator(chunk_size=CHUNK))
    content = write_workbook([(roster.SHEET_NAMES[0], ROSTER_HEADER, counter.count(lines))])
    return Export(content, f"roster-{enterprise.uscc}-{_stamp()}.xlsx", counter.n)


# --- the ledger at a date --------------------------------------------------------------------------


def ledger_xlsx(
    enterprise: Enterprise,
    day: dt.date,
    record: Any,
    ledger: Any,
    rows: QuerySet[Any],
    *,
    unmasked: bool = False,
) -> Export:
    """The ledger as it stood at the end of ``day``: the enterprise's record, the figures and the roster."""
    summary: list[list[Any]] = [["日期 Date", day]]
    if record is not None:
        summary += [
            ["企业名称", enterprise.node.name],
            ["统一社会信用代码", record.uscc],
            ["企业类别", CHINESE.get(record.category, record.category)],
            ["规上企业", _yes_no(record.above_scale)],
            ["重点企业", _yes_no(record.key_enterprise)],
            ["防疫物资生产企业", _yes_no(record.epidemic_producer)],
            ["联系人", record.contact_name],
            ["联系电话", _phone(record.contact_phone, unmasked)],
            ["职工人数", record.headcount],
        ]
    summary += [[CHINESE[code], count] for code, _label, count in ledger.status_rows]
    summary += [["已返岗", ledger.returned], ["应返岗", ledger.expected], ["关键岗位", ledger.key_positions]]
    counter = _Counter()
    lines = (
        _roster_row(r, unmasked)
        for r in rows.select_related("person").order_by("department", "id").iterator(chunk_size=CHUNK)
    )
    content = write_workbook(
        [
            ("台账 Ledger", ["项目 Item", "值 Value"], iter(summary)),
            (roster.SHEET_NAMES[0], ROSTER_HEADER, counter.count(lines)),
        ]
    )
    return Export(content, f"ledger-{enterprise.uscc}-{_stamp(day)}.xlsx", counter.n)


# --- import templates ------------------------------------------------------------------------------


# The choice columns of the templates and the choices they accept.
CHOICE_COLUMNS = {"work_status": WorkStatus, "category": Category}


def _allowed_values(column: Any) -> str:
    if column.key in CHOICE_COLUMNS:
        return " / ".join(CHINESE.get(code, code) for code in CHOICE_COLUMNS[column.key].values)
    if column.parse.__name__ == "yes_no":
        return "是 / 否"
    if column.parse.__name__ == "date":
        return "2020-02-10"
    return ""


def import_template_xlsx(kind: str) -> Export:
    """The template of an import: the data sheet (header + one example row) and an instructions sheet."""
    module = roster if kind == "roster" else registry
    columns = module.COLUMNS
    example = [column.example for column in columns]
    instructions = (
        [
            column.zh,
            column.en,
            "必填 Required" if column.required else "选填 Optional",
            _allowed_values(column),
        ]
        for column in columns
    )
    content = write_workbook(
        [
            (module.SHEET_NAMES[0], [column.header for column in columns], iter([example])),
            ("说明 Instructions", ["列名", "Column", "必填 Required", "可选值 Allowed values"], instructions),
        ]
    )
    return Export(content, f"{'roster' if kind == 'roster' else 'enterprises'}-template.xlsx", 1)
