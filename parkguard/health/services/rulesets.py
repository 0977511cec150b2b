"""Colour rules as data: the defaults, and every change as a new version that re-evaluates the park."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ServiceError
from parkguard.core.locks import advisory_xact_lock
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node

from .. import workflow
from ..choices import Colour
from ..models import Rule, RuleSet
from ..rules import DEFAULT_RULES, clean_params
from .common import _user, reevaluation_start


def _ruleset_lock(park: Node) -> None:
    advisory_xact_lock(f"health.ruleset.{park.pk}")


@transaction.atomic
def ruleset_install_defaults(*, park: Node, actor: Any = None) -> RuleSet | None:
    """Version 1 of a park's rules, the 2020 defaults; nothing when the park already has rules."""
    if park.kind != NodeKind.PARK:
        raise ServiceError(_("Colour rules belong to a park."), code="ruleset_park")
    _ruleset_lock(park)
    if RuleSet.objects.filter(park=park).exists():
        return None
    ruleset = RuleSet.objects.create(park=park, version=1, note="defaults", created_by=_user(actor))
    Rule.objects.bulk_create(
        Rule(
            ruleset=ruleset,
            order=10 * i,
            kind=k,
            params=p,
            colour=c,
            reason_code=code,
            message_en=en,
            message_zh=zh,
        )
        for i, (k, p, c, code, en, zh) in enumerate(DEFAULT_RULES, start=1)
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=ruleset, node=park)
    return ruleset


def _next_version(actor: Any, park: Node, note: str) -> tuple[RuleSet, list[Rule]]:
    """A new version copied from the latest (the defaults when there is none); its rules unsaved."""
    workflow.check_can_manage_rules(actor, park)
    _ruleset_lock(park)
    latest = RuleSet.objects.latest_for(park.pk)
    if latest is None:
        latest = ruleset_install_defaults(park=park, actor=actor)
    rules = latest.ordered_rules()
    ruleset = RuleSet.objects.create(park=park, version=latest.version + 1, note=note[:200], created_by=actor)
    for rule in rules:
        rule.pk = None
        rule.ruleset = ruleset
    return ruleset, rules


def _clean_rule(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[Any]] = {}
    cleaned: dict[str, Any] = {"kind": data.get("kind")}
    try:
        cleaned["params"] = clean_params(str(data.get("kind")), dict(data.get("params") or {}))
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, messages in error.error_dict.items():
                errors[f"params.{name}"] = messages
        else:
            errors["kind" if error.code == "unknown_kind" else "params"] = error.error_list
    if data.get("colour") not in Colour.values:
        errors["colour"] = [ValidationError(_("Choose a colour: green, yellow or red."), code="colour")]
    cleaned["colour"] = data.get("colour")
    code = str(data.get("reason_code", "")).strip()
    if not code or not all(c.isalnum() or c in "_-" for c in code) or len(code) > 40:
        errors["reason_code"] = [
            ValidationError(
                _("A reason code is a short name of letters, digits, - and _ (e.g. high_risk_travel)."),
                code="reason_code",
            )
        ]
    cleaned["reason_code"] = code
    for name in ("message_en", "message_zh"):
        text = str(data.get(name, "")).strip()
        if not text or len(text) > 200:
            errors[name] = [
                ValidationError(
                    _("Every rule says why, in Chinese and in English (200 characters at most)."),
                    code="message",
                )
            ]
        cleaned[name] = text
    if errors:
        raise ServiceError(errors)
    return cleaned


def _finish_version(actor: Any, park: Node, ruleset: RuleSet, rules: list[Rule], change: str) -> RuleSet:
    for i, rule in enumerate(rules, start=1):
        rule.order = 10 * i
    Rule.objects.bulk_create(rules)
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=ruleset, node=park, changes={"rules": [None, change]}
    )
    reevaluation_start(park=park, actor=actor, ruleset=ruleset, cause=ruleset.note)
    return ruleset


@transaction.atomic
def rule_add(*, actor: Any, park: Node, data: dict[str, Any], position: int | None = None) -> RuleSet:
    """A new version with one more rule (at the end, or at 1-based ``position``)."""
    cleaned = _clean_rule(data)
    note = gettext("Rule added: %(code)s") % {"code": cleaned["reason_code"]}
    ruleset, rules = _next_version(actor, park, note)
    if any(r.reason_code == cleaned["reason_code"] for r in rules):
        raise ServiceError(
            {
                "reason_code": [
                    ValidationError(
                        _("Another rule already gives this reason code."), code="duplicate_reason"
                    )
                ]
            }
        )
    rule = Rule(ruleset=ruleset, **cleaned)
    index = len(rules) if position is None else max(0, min(len(rules), position - 1))
    rules.insert(index, rule)
    return _finish_version(actor, park, ruleset, rules, cleaned["reason_code"])


@transaction.atomic
def rule_update(*, actor: Any, park: Node, reason_code: str, data: dict[str, Any]) -> RuleSet:
    cleaned = _clean_rule(data)
    note = gettext("Rule changed: %(code)s") % {"code": reason_code}
    ruleset, rules = _next_version(actor, park, note)
    rule = _rule_of(rules, reason_code)
    if cleaned["reason_code"] != reason_code and any(r.reason_code == cleaned["reason_code"] for r in rules):
        raise ServiceError(
            {
                "reason_code": [
                    ValidationError(
                        _("Another rule already gives this reason code."), code="duplicate_reason"
                    )
                ]
            }
        )
    for name, value in cleaned.items():
        setattr(rule, name, value)
    return _finish_version(actor, park, ruleset, rules, reason_code)


@transaction.atomic
def rule_remove(*, actor: Any, park: Node, reason_code: str) -> RuleSet:
    note = gettext("Rule removed: %(code)s") % {"code": reason_code}
    ruleset, rules = _next_version(actor, park, note)
    rules.remove(_rule_of(rules, reason_code))
    return _finish_version(actor, park, ruleset, rules, reason_code)


@transaction.atomic
def rule_move(*, actor: Any, park: Node, reason_code: str, up: bool) -> RuleSet:
    """Move a rule one place up or down: the order of the reasons a status gives."""
    note = gettext("Rule moved: %(code)s") % {"code": reason_code}
    ruleset, rules = _next_version(actor, park, note)
    index = rules.index(_rule_of(rules, reason_code))
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rules):
        raise ServiceError(_("This rule cannot move further."), code="cannot_move")
    rules[index], rules[other] = rules[other], rules[index]
    return _finish_version(actor, park, ruleset, rules, reason_code)


def _rule_of(rules: list[Rule], reason_code: str) -> Rule:
    for rule in rules:
        if rule.reason_code == reason_code:
            return rule
    raise ServiceError(_("This rule set has no rule with that reason code."), code="unknown_rule")
