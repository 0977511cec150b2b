from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def total(totals: dict[str, Any], key: str) -> Any:
    """A roll-up total, blank when no report gave the figure."""
    value = totals.get(key)
    return "" if value is None else value
