"""Checking what a site typed, field by field (its type) and across fields (the template's rules)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .choices import FieldType, Operator
from .models import ReportField, ReportRule

TEXT_MAX = 1000
TRUE = {"1", "true", "yes", "on", "是"}
FALSE = {"0", "false", "no", "off", "否"}
# Labels and rule messages are read in the language of whoever reads the error, not of the submitter.
_label = lazy(lambda field: field.label, str)
_message = lazy(lambda rule: rule.message, str)
COMPARE = {
    Operator.LE: lambda a, b: a <= b,
    Operator.LT: lambda a, b: a < b,
    Operator.EQ: lambda a, b: a == b,
    Operator.GE: lambda a, b: a >= b,
}


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(field: ReportField, value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValidationError(_("%(label)s: enter a number."), code="not_a_number")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValidationError(_("%(label)s: enter a number."), code="not_a_number")
    if number < 0:
        raise ValidationError(_("%(label)s cannot be negative."), code="negative")
    return number


def _integer(field: ReportField, value: Any) -> int:
    number = _number(field, value)
    if number != number.to_integral_value():
        raise ValidationError(_("%(label)s: enter a whole number."), code="not_whole")
    return int(number)


def _decimal(field: ReportField, value: Any) -> str:
    # Stored as text so that no binary rounding creeps in; the roll-up casts it to numeric.
    return str(_number(field, value).normalize())


def _boolean(field: ReportField, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE | FALSE:
        return text in TRUE
    raise ValidationError(_("%(label)s: answer yes or no."), code="not_boolean")


def _choice(field: ReportField, value: Any) -> str:
    text = str(value).strip()
    if text not in [str(c) for c in field.choices]:
        raise ValidationError(_("%(label)s: choose one of the options."), code="not_a_choice")
    return text


def _text(field: ReportField, value: Any) -> str:
    text = str(value).strip()
    if len(text) > TEXT_MAX:
        raise ValidationError(_("%(label)s is too long."), code="too_long")
    return text


CLEANERS = {
    FieldType.INTEGER: _integer,
    FieldType.DECIMAL: _decimal,
    FieldType.BOOLEAN: _boolean,
    FieldType.CHOICE: _choice,
    FieldType.TEXT: _text,
}


def clean_value(field: ReportField, value: Any) -> Any:
    try:
        return CLEANERS[field.type](field, value)
    except ValidationError as error:
        raise ValidationError(error.message, code=error.code, params={"label": _label(field)}) from None


def clean_values(
    fields: list[ReportField], raw: dict[str, Any], *, require: bool
) -> tuple[dict[str, Any], dict[str, list[ValidationError]]]:
    """Typed values of the fields present in ``raw`` and the errors, keyed by field key."""
    clean: dict[str, Any] = {}
    errors: dict[str, list[ValidationError]] = {}
    for field in fields:
        value = raw.get(field.key)
        if is_blank(value) and not (field.type == FieldType.BOOLEAN and require):
            if require and field.required:
                errors[field.key] = [
                    ValidationError(
                        _("%(label)s is required."), code="required", params={"label": _label(field)}
                    )
                ]
            continue
        try:
            clean[field.key] = clean_value(field, False if is_blank(value) else value)
        except ValidationError as error:
            errors[field.key] = [error]
    return clean, errors


def rule_errors(rules: list[ReportRule], values: dict[str, Any]) -> dict[str, list[ValidationError]]:
    """Consistency rules between two present numbers (e.g. in isolation ≤ headcount)."""
    errors: dict[str, list[ValidationError]] = {}
    for rule in rules:
        left, right = values.get(rule.left), values.get(rule.right)
        if left is None or right is None or (isinstance(left, bool | str) and not _numeric_text(left)):
            continue
        if not COMPARE[rule.operator](Decimal(str(left)), Decimal(str(right))):
            errors.setdefault(rule.left, []).append(ValidationError(_message(rule), code="inconsistent"))
    return errors


def _numeric_text(value: Any) -> bool:
    try:
        Decimal(str(value))
    except InvalidOperation:
        return False
    return True
