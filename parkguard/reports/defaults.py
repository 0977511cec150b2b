"""The default report templates: what the 2020 enterprise and construction-site reports asked.

Each field is (key, label_zh, label_en, type, options); options override ReportField's defaults.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from parkguard.hierarchy.choices import NodeKind

from .choices import Aggregate, FieldType, FlagWhen, Frequency, Prefill

INT, DEC, BOOL, TEXT = FieldType.INTEGER, FieldType.DECIMAL, FieldType.BOOLEAN, FieldType.TEXT
PEOPLE = {"unit": "人"}
OPTIONAL_TEXT = {"required": False, "aggregate": Aggregate.NONE}
YES_NO = {"aggregate": Aggregate.ANY}

ENTERPRISE_FIELDS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    (
        "roster_headcount",
        "在册职工",
        "Staff on the roster",
        INT,
        {**PEOPLE, "prefill": Prefill.ROSTER_HEADCOUNT},
    ),
    (
        "staff_on_site",
        "在岗人数",
        "Staff on site",
        INT,
        {**PEOPLE, "prefill": Prefill.ROSTER_ON_SITE, "flag_when": FlagWhen.DROP},
    ),
    (
        "not_returned",
        "未返岗人数",
        "Not yet returned",
        INT,
        {**PEOPLE, "prefill": Prefill.ROSTER_NOT_RETURNED},
    ),
    ("arrivals_today", "今日返岗人数", "Arrivals today", INT, PEOPLE),
    ("outsourced_staff", "外包（劳务派遣）人员", "Outsourced staff", INT, PEOPLE),
    ("arrivals_from_risk_areas", "来自重点地区人数", "Arrivals from risk areas", INT, PEOPLE),
    ("confirmed", "确诊病例", "Confirmed cases", INT, {**PEOPLE, "flag_when": FlagWhen.POSITIVE}),
    ("suspected", "疑似病例", "Suspected cases", INT, {**PEOPLE, "flag_when": FlagWhen.POSITIVE}),
    ("isolated", "隔离观察人数", "In isolation", INT, {**PEOPLE, "prefill": Prefill.ROSTER_IN_ISOLATION}),
    ("close_contacts", "密切接触者", "Close contacts", INT, PEOPLE),
    ("fever_cases", "发热人数", "Fever cases", INT, {**PEOPLE, "flag_when": FlagWhen.POSITIVE}),
    ("fever_destination", "发热人员去向", "Where the fever cases went", TEXT, OPTIONAL_TEXT),
    ("thermometers", "体温计库存", "Thermometers in stock", INT, {"unit": "支"}),
    ("masks_in_stock", "口罩库存", "Masks in stock", INT, {"unit": "只"}),
    (
        "mask_days",
        "口罩可用天数",
        "Days of use of the masks",
        DEC,
        {"unit": "天", "aggregate": Aggregate.NONE},
    ),
    ("all_temperature_checked", "全员测温", "All staff temperature-checked", BOOL, YES_NO),
    ("key_points_disinfected", "重点部位消毒", "Key points disinfected", BOOL, YES_NO),
    ("closed_management", "封闭式管理", "Closed management", BOOL, YES_NO),
    ("ventilation", "通风换气", "Ventilation", BOOL, YES_NO),
    ("difficulties", "困难和诉求", "Difficulties", TEXT, OPTIONAL_TEXT),
]

ENTERPRISE_RULES = [
    (
        "staff_on_site",
        "<=",
        "roster_headcount",
        "在岗人数不能超过在册职工。",
        "Staff on site cannot exceed the staff on the roster.",
    ),
    (
        "isolated",
        "<=",
        "roster_headcount",
        "隔离观察人数不能超过在册职工。",
        "People in isolation cannot exceed the staff on the roster.",
    ),
    (
        "arrivals_from_risk_areas",
        "<=",
        "arrivals_today",
        "来自重点地区人数不能超过今日返岗人数。",
        "Arrivals from risk areas cannot exceed the arrivals today.",
    ),
]

CONSTRUCTION_FIELDS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    (
        "roster_headcount",
        "在册工人",
        "Workers on the roster",
        INT,
        {**PEOPLE, "prefill": Prefill.ROSTER_HEADCOUNT},
    ),
    (
        "staff_on_site",
        "在场工人",
        "Workers on site",
        INT,
        {**PEOPLE, "prefill": Prefill.ROSTER_ON_SITE, "flag_when": FlagWhen.DROP},
    ),
    ("arrivals_today", "今日进场人数", "Arrivals today", INT, PEOPLE),
    ("arrivals_from_risk_areas", "来自重点地区人数", "Arrivals from risk areas", INT, PEOPLE),
    ("suspected", "疑似病例", "Suspected cases", INT, {**PEOPLE, "flag_when": FlagWhen.POSITIVE}),
    ("isolated", "隔离观察人数", "In isolation", INT, {**PEOPLE, "prefill": Prefill.ROSTER_IN_ISOLATION}),
    ("fever_cases", "发热人数", "Fever cases", INT, {**PEOPLE, "flag_when": FlagWhen.POSITIVE}),
    ("fever_destination", "发热人员去向", "Where the fever cases went", TEXT, OPTIONAL_TEXT),
    ("all_temperature_checked", "全员测温", "All workers temperature-checked", BOOL, YES_NO),
    ("key_points_disinfected", "重点部位消毒", "Key points disinfected", BOOL, YES_NO),
    ("closed_management", "封闭式管理", "Closed management", BOOL, YES_NO),
    ("difficulties", "困难和诉求", "Difficulties", TEXT, OPTIONAL_TEXT),
]

CONSTRUCTION_RULES = [ENTERPRISE_RULES[0], ENTERPRISE_RULES[2]]

# A central isolation site's day (issue #7): its figures come from the stays, not typed again.
ISOLATION_SITE_FIELDS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    (
        "in_isolation",
        "在观察人数",
        "People under observation",
        INT,
        {**PEOPLE, "prefill": Prefill.ISOLATION_OCCUPIED},
    ),
    ("free_beds", "空余床位", "Free beds", INT, {"unit": "张", "prefill": Prefill.ISOLATION_FREE_BEDS}),
    (
        "check_ins",
        "今日入住人数",
        "Checked in today",
        INT,
        {**PEOPLE, "prefill": Prefill.ISOLATION_CHECK_INS},
    ),
    (
        "releases",
        "今日解除观察人数",
        "Released today",
        INT,
        {**PEOPLE, "prefill": Prefill.ISOLATION_RELEASES},
    ),
    ("fever_cases", "发热人数", "Fever cases", INT, {**PEOPLE, "flag_when": FlagWhen.POSITIVE}),
    ("positive_tests", "核酸检测阳性人数", "Positive tests", INT, {**PEOPLE, "flag_when": FlagWhen.POSITIVE}),
    ("staff_on_duty", "值守工作人员", "Staff on duty", INT, PEOPLE),
    ("disinfected", "按规定消毒", "Disinfected as required", BOOL, YES_NO),
    ("medical_waste_handled", "医疗废物规范处置", "Medical waste handled as required", BOOL, YES_NO),
    ("difficulties", "困难和诉求", "Difficulties", TEXT, OPTIONAL_TEXT),
]

DEFAULTS: dict[str, dict[str, Any]] = {
    NodeKind.ENTERPRISE: {
        "name": "企业疫情防控日报",
        "frequency": Frequency.DAILY,
        "deadline": dt.time(12, 0),
        "fields": ENTERPRISE_FIELDS,
        "rules": ENTERPRISE_RULES,
    },
    # 无锡's 双报告制度: construction projects report in the morning and in the evening.
    NodeKind.CONSTRUCTION: {
        "name": "在建项目疫情防控早晚报",
        "frequency": Frequency.TWICE_DAILY,
        "fields": CONSTRUCTION_FIELDS,
        "rules": CONSTRUCTION_RULES,
    },
    NodeKind.ISOLATION_SITE: {
        "name": "集中隔离观察点日报",
        "frequency": Frequency.DAILY,
        "deadline": dt.time(12, 0),
        "fields": ISOLATION_SITE_FIELDS,
        "rules": [],
    },
}
