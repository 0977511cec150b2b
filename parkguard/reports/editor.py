"""The command's template editor, beyond fields: frequency, windows and deadline, consistency rules.

Like the field services in services.py, every change goes into tomorrow's version (created on the first
change of the day), so a form being filled today never changes under its filler. Each service is one
transaction, checks the actor (the command), validates with messages in zh and en, and is audited.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ServiceError

from .choices import NUMERIC_TYPES, Frequency, Operator
from .models import ReportRule, ReportTemplate
from .services import pending_version

SETTINGS = (
    "name",
    "frequency",
    "opens_at",
    "deadline",
    "morning_opens_at",
    "morning_deadline",
    "evening_opens_at",
    "evening_deadline",
    "drop_share",
)
# (opens, deadline) of each window, with the frequencies that use it.
WINDOWS = (
    ("opens_at", "deadline", (Frequency.DAILY,)),
    ("morning_opens_at", "morning_deadline", (Frequency.TWICE_DAILY,)),
    ("evening_opens_at", "evening_deadline", (Frequency.TWICE_DAILY,)),
)


def _error(key: str, message: Any, code: str, **params: Any) -> ServiceError:
    return ServiceError({key: [ValidationError(message, code=code, params=params or None)]})


def _settings_errors(version: ReportTemplate) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    if version.frequency not in Frequency.values:
        errors["frequency"] = [ValidationError(_("Choose how often the site reports."), code="frequency")]
        return errors
    for opens, deadline, frequencies in WINDOWS:
        if version.frequency in frequencies and getattr(version, opens) >= getattr(version, deadline):
            errors.setdefault(deadline, []).append(
                ValidationError(_("The deadline must come after the window opens."), code="window_order")
            )
    if version.frequency == Frequency.TWICE_DAILY and version.morning_deadline > version.evening_opens_at:
        errors.setdefault("evening_opens_at", []).append(
            ValidationError(
                _("The evening window cannot open before the morning deadline."), code="windows_overlap"
            )
        )
    if not Decimal("0") < Decimal(str(version.drop_share)) <= Decimal("1"):
        errors["drop_share"] = [
            ValidationError(_("The share of a drop must be above 0 and at most 1."), code="drop_share")
        ]
    if not str(version.name).strip():
        errors["name"] = [ValidationError(_("The form needs a name."), code="name_required")]
    return errors


@transaction.atomic
def template_settings_update(*, actor: Any, template: ReportTemplate, **settings: Any) -> ReportTemplate:
    """Change how often and when the sites report (frequency, windows, deadline), from tomorrow."""
    unknown = set(settings) - set(SETTINGS)
    if unknown:
        raise ServiceError(
            _("These fields cannot be changed here: %(names)s"), params={"names": ", ".join(sorted(unknown))}
        )
    version = pending_version(actor, template)
    before = {name: getattr(version, name) for name in settings}
    for name, value in settings.items():
        setattr(version, name, value)
    errors = _settings_errors(version)
    if errors:
        raise ServiceError(errors)
    version.save(update_fields=list(settings))
    changes = {n: [_plain(before[n]), _plain(v)] for n, v in settings.items() if before[n] != v}
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=version, node=version.park, changes=changes)
    return version


def _plain(value: Any) -> Any:
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return str(value)
    return value


@transaction.atomic
def template_rule_add(
    *,
    actor: Any,
    template: ReportTemplate,
    left: str,
    operator: str,
    right: str,
    message_zh: str,
    message_en: str,
) -> ReportRule:
    """Add a consistency rule between two number fields (e.g. in isolation ≤ staff), from tomorrow."""
    version = pending_version(actor, template)
    numeric = {f.key for f in version.fields.all() if f.type in NUMERIC_TYPES}
    for key, value in (("left", left), ("right", right)):
        if value not in numeric:
            raise _error(key, _("A rule compares two number fields of the form."), "rule_field")
    if left == right:
        raise _error("right", _("A rule compares two different fields."), "rule_same_field")
    if operator not in Operator.values:
        raise _error("operator", _("Choose how the two fields compare."), "rule_operator")
    if not message_zh.strip() or not message_en.strip():
        raise _error("message_en", _("A rule needs its message in Chinese and in English."), "rule_message")
    if version.rules.filter(left=left, operator=operator, right=right).exists():
        raise _error("left", _("The form already has this rule."), "rule_duplicate")
    rule = ReportRule.objects.create(
        template=version,
        left=left,
        operator=operator,
        right=right,
        message_zh=message_zh.strip(),
        message_en=message_en.strip(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=version,
        node=version.park,
        changes={"rules": [None, str(rule)]},
    )
    return rule


@transaction.atomic
def template_rule_remove(
    *, actor: Any, template: ReportTemplate, left: str, operator: str, right: str
) -> ReportTemplate:
    """Remove a rule from tomorrow's version. Rules are named by what they compare: a version's copy
    of a rule is a new row."""
    version = pending_version(actor, template)
    deleted, _rows = version.rules.filter(left=left, operator=operator, right=right).delete()
    if not deleted:
        raise ServiceError(_("This form has no such rule."), code="unknown_rule")
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=version,
        node=version.park,
        changes={"rules": [f"{left} {operator} {right}", None]},
    )
    return version
