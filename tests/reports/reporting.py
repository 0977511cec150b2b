"""Helpers of the report tests: a complete set of values, submitting as a persona."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation

from parkguard.reports import services

from .conftest import DAY

GOOD: dict[str, Any] = {
    "roster_headcount": 50,
    "staff_on_site": 40,
    "not_returned": 8,
    "arrivals_today": 3,
    "outsourced_staff": 2,
    "arrivals_from_risk_areas": 1,
    "confirmed": 0,
    "suspected": 0,
    "isolated": 2,
    "close_contacts": 0,
    "fever_cases": 0,
    "fever_destination": "",
    "thermometers": 10,
    "masks_in_stock": 500,
    "mask_days": "7.5",
    "all_temperature_checked": True,
    "key_points_disinfected": True,
    "closed_management": False,
    "ventilation": True,
    "difficulties": "口罩紧缺",
}


def values(**changes: Any) -> dict[str, Any]:
    return {**GOOD, **changes}


def submit(world, who: str = "enterprise_contact", site: str = "enterprise_1", period: str = "day", **kwargs):
    kwargs.setdefault("values", values())
    return services.report_submit(
        actor=world.users[who], site=world.nodes[site], day=kwargs.pop("day", DAY), period=period, **kwargs
    )


def english(error: ValidationError) -> dict[str, list[str]] | list[str]:
    with translation.override("en"):
        if hasattr(error, "error_dict"):
            return {k: [str(m) for m in v] for k, v in error.message_dict.items()}
        return [str(m) for m in error.messages]
