"""The Chinese the tests expect for each message they check, in one place.

The keys are the English msgids of the code; the values are what locale/zh_Hans/LC_MESSAGES/django.po
must hold for them. ``both()`` turns one msgid into the (language, expected text) pair for each
language, for ``pytest.mark.parametrize``.
"""

from __future__ import annotations

from typing import Any

import pytest

ZH: dict[str, str] = {
    # Resident id numbers and phones (lib/codes.py)
    "An id number has 18 characters; this one has %(length)d.": "身份证号码应为18位，此号码为%(length)d位。",
    "An id number has 17 digits and a final digit or X.": "身份证号码应为17位数字加1位数字或X。",
    "The birth date in this id number is impossible.": "身份证号码中的出生日期无效。",
    "The check digit of this id number is wrong.": "身份证号码校验位错误。",
    "The area code is not in the division list for the birth year.": (
        "地址码不在出生年份的行政区划代码表中（仅提示）。"
    ),
    "A mobile number has 11 digits and starts with 13–19.": "手机号码应为11位，以13至19开头。",
    "A division code has 6 digits (GB/T 2260) or 12 digits (statistical code).": (
        "行政区划代码应为6位（GB/T 2260）或12位（统计用区划代码）。"
    ),
    # People (people/services.py)
    "A person with this id number is already registered.": "该身份证号码已登记，不能重复登记。",
    "You may not reveal personal data.": "您无权查看个人信息明文。",
    "You may not change people's records.": "您无权修改人员信息。",
    # The tree (hierarchy/services.py)
    "A node cannot be moved under itself or its own descendant.": "不能将节点移动到其自身或其下级节点之下。",
    "A %(child)s cannot be placed under a %(parent)s.": "“%(child)s”不能设在“%(parent)s”之下。",
    "Division codes change every year: give the year of the code list.": (
        "行政区划代码每年会调整，请填写代码所属年份。"
    ),
    "This part of the hierarchy is outside your scope.": "该节点不在您的管辖范围内。",
    # Node kinds, as they appear inside the messages above (hierarchy/choices.py)
    "Park": "园区",
    "Grid / community": "网格／社区",
    "Area / street": "片区／街道",
    "Checkpoint": "卡口／检查站",
    # Roles (accounts/services.py)
    "You may not grant this role on a node outside your own scope.": (
        "您不能在自己管辖范围以外的节点上授予该角色。"
    ),
    # Log-in lockout (templates/accounts/locked.html)
    "Account locked": "账户已锁定",
    "This account is locked after too many failed log-in attempts. Try again later or ask your park's "
    "administrator.": "登录失败次数过多，账户已被锁定。请稍后再试，或联系园区管理员。",
}

LANGUAGES = ("en", "zh-hans")


def expected(language: str, msgid: str, **params: Any) -> str:
    """The text of ``msgid`` in ``language``; ``params`` may name other msgids (translated too)."""
    text = msgid if language == "en" else ZH[msgid]
    if language != "en":
        params = {
            name: ZH.get(value, value) if isinstance(value, str) else value for name, value in params.items()
        }
    return text % params if params else text


def both(msgid: str, **params: Any) -> list[Any]:
    """``[("en", English), ("zh-hans", Chinese)]`` as parametrize cases, ids ``en`` and ``zh-hans``."""
    return [pytest.param(lang, expected(lang, msgid, **params), id=lang) for lang in LANGUAGES]
