"""Building workbooks for import tests."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

ROSTER_HEADER = ["姓名", "身份证号码", "手机号码", "部门", "岗位", "工作状态", "预计返岗日期", "关键岗位"]


def workbook_bytes(rows: list[list[Any]], *, title: str = "花名册", header: list[str] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header if header is not None else ROSTER_HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "roster.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
