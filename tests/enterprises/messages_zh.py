"""The Chinese that the import tests expect for each message of issue #3, for locale/zh_Hans django.po.

Keys are the English msgids of the code (lib/excel.py, lib/codes.py, enterprises/imports/*, enterprises/
services.py); values are what the .po must hold. Messages already expected elsewhere (the id number's,
the phone's, the scope's) come from ``tests/core/messages_zh.py`` so that one text has one translation.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

from tests.core.messages_zh import ZH as CORE_ZH

ZH: dict[str, str] = {
    # The file as a whole (lib/excel.py, imports/reading.py, imports/jobs.py)
    "This file is not an Excel workbook (.xlsx). A CSV file renamed to .xlsx is not one either.": (
        "该文件不是Excel工作簿（.xlsx）。将CSV文件的扩展名改为.xlsx也无法导入。"
    ),
    (
        "This workbook is password-protected or in the old .xls format. "
        "Remove the password and save it as .xlsx."
    ): ("该工作簿设有密码或为旧版.xls格式。请取消密码并另存为.xlsx格式。"),
    "This file is not a readable Excel workbook (.xlsx).": "该文件不是可读取的Excel工作簿（.xlsx）。",
    "The file is empty.": "文件为空。",
    "The file is larger than %(mb)d MB. Split it into smaller files.": (
        "文件超过%(mb)d MB，请拆分为多个较小的文件。"
    ),
    "The workbook inflates to an implausible size.": "该工作簿解压后体积异常，不予导入。",
    "The workbook has no sheet named %(names)s. Start from the downloadable template.": (
        "工作簿中没有名为“%(names)s”的工作表。请使用下载的模板填写。"
    ),
    "Cells %(cells)s hold formulas. Paste them as values and upload again.": (
        "单元格%(cells)s含有公式。请将其粘贴为数值后重新上传。"
    ),
    "Cells %(cells)s are merged. Unmerge them so that every row holds its own values.": (
        "单元格%(cells)s为合并单元格。请取消合并，使每一行填写各自的数据。"
    ),
    "The sheet has more than %(rows)d rows. Split it into smaller files.": (
        "工作表超过%(rows)d行，请拆分为多个较小的文件。"
    ),
    "Required columns are missing: %(columns)s. Start from the downloadable template.": (
        "缺少必填列：%(columns)s。请使用下载的模板填写。"
    ),
    "The sheet has a header but no rows.": "工作表只有表头，没有数据行。",
    "Some rows are invalid, so nothing was written. Fix them, or commit the valid rows only.": (
        "部分行数据有误，未写入任何数据。请修改后重新上传，或仅提交有效行。"
    ),
    # One cell (imports/columns.py)
    "Required.": "必填。",
    "At most %(n)d characters.": "最多%(n)d个字符。",
    "This %(what)s is stored as a number and has lost digits. Format the column as text.": (
        "该%(what)s以数字格式存储，已丢失部分位数。请将该列设置为文本格式。"
    ),
    "id number": "身份证号码",
    "phone number": "手机号码",
    "credit code": "统一社会信用代码",
    "division code": "行政区划代码",
    "Not a date.": "不是有效日期。",
    "Not a date; write it as 2020-02-10.": "不是有效日期，请按2020-02-10的格式填写。",
    "This date does not exist.": "该日期不存在。",
    "Write 是 or 否 (yes or no).": "请填写“是”或“否”。",
    "Not a number.": "不是数字。",
    "A whole number, zero or more.": "应为大于或等于0的整数。",
    "Choose one of: %(options)s": "请从以下选项中选择：%(options)s",
    # Rows against the database (imports/roster.py, imports/registry.py)
    "The same id number is already on row %(row)d.": "该身份证号码与第%(row)d行重复。",
    "This person is employed by another enterprise. That enterprise must record them as left first.": (
        "此人在其他企业在职，须由该企业先将其登记为离职。"
    ),
    "The same credit code is already on row %(row)d.": "该统一社会信用代码与第%(row)d行重复。",
    "No grid or area of this name in your part of the park.": "您管辖的园区范围内没有该名称的网格或片区。",
    "Enterprises are registered under a grid or an area.": "企业须登记在网格或片区之下。",
    "No department of this name in the park.": "园区内没有该名称的部门。",
    "This enterprise is registered in another part of the park.": "该企业登记在园区的其他区域。",
    # Credit codes (lib/codes.py)
    "A unified social credit code has 18 characters; this one has %(length)d.": (
        "统一社会信用代码应为18位，此代码为%(length)d位。"
    ),
    "This unified social credit code contains characters the standard does not use.": (
        "该统一社会信用代码含有国家标准未使用的字符。"
    ),
    "The check character of this unified social credit code is wrong.": "统一社会信用代码校验位错误。",
    # Starting and committing (enterprises/services.py)
    "Upload an Excel workbook (.xlsx).": "请上传Excel工作簿（.xlsx）。",
    "An import is already running here. Wait until it has finished.": "此处已有导入正在进行，请等待其完成。",
    "Invalid rows: %(n)d. Fix them, or commit the valid rows only.": (
        "有%(n)d行数据有误。请修改后重新上传，或仅提交有效行。"
    ),
    "Only a validated import can be committed.": "只能提交已完成校验的导入。",
    "Only an import waiting for commit can be cancelled.": "只能取消等待提交的导入。",
}


def chinese(msgid: str) -> str:
    return ZH[msgid] if msgid in ZH else CORE_ZH[msgid]


def expected(language: str, msgid: str, **params: Any) -> str:
    """``msgid`` in ``language`` with ``params``; a parameter that is itself a msgid is translated too."""
    if language == "en":
        return msgid % params if params else msgid
    params = {
        k: chinese(v) if isinstance(v, str) and (v in ZH or v in CORE_ZH) else v for k, v in params.items()
    }
    return chinese(msgid) % params if params else chinese(msgid)


def translated(msgid: str) -> bool:
    """Whether the zh-hans catalogue has ``msgid`` at all (the lead adds the import messages to the .po)."""
    with translation.override("zh-hans"):
        return translation.gettext(msgid) != msgid
