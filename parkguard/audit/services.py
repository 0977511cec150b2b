"""Writing audit events. Called by services inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from . import context
from .models import AuditAction, AuditEvent

# Field names whose values are personal data: an audit event records that they changed, never the value.
SECRET_FIELDS = frozenset({"id_number", "phone", "contact_phone", "password"})


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """Field values for a before/after comparison (foreign keys as ids)."""
    data = {}
    for name in fields:
        field = instance._meta.get_field(name)
        data[name] = getattr(instance, field.attname)
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    changes = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if name in SECRET_FIELDS:
            changes[name] = ["***", "***"]
        else:
            changes[name] = [_plain(old), _plain(new)]
    return changes


def audit_record(
    *,
    actor: Any,
    action: AuditAction,
    obj: models.Model,
    node: Any = None,
    changes: dict[str, Any] | None = None,
    label: str | None = None,
) -> AuditEvent:
    ctx = context.current()
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        node=node,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=(label or str(obj))[:200],
        changes=changes or {},
        request_id=ctx.request_id if ctx else "",
        address=ctx.address if ctx else None,
    )
