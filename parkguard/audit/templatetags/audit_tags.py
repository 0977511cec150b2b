"""Showing an audit event's changes as people read them: ``field: before → after``."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


def _value(value: Any) -> str:
    if value is None or value == "":
        return "∅"
    return str(value)


@register.filter
def change_lines(changes: dict[str, Any]) -> list[str]:
    lines = []
    for name, value in (changes or {}).items():
        if name == "fields":
            lines.append(f"{name}: {', '.join(map(str, value))}")
        elif isinstance(value, list) and len(value) == 2:
            lines.append(f"{name}: {_value(value[0])} → {_value(value[1])}")
        else:
            lines.append(f"{name}: {_value(value)}")
    return lines
