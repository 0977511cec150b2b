"""Writes of the health app: declarations, risk areas, colour rules (versioned), manual colour changes.

Each service is one transaction, checks scope and capability, writes its audit event inside, and
refreshes the colour statuses it affects (one person at once, a whole park in the background).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ServiceError
from parkguard.core.locks import advisory_xact_lock
from parkguard.core.tasks import enqueue
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.notices.services import notice_send
from parkguard.people.models import Person

from . import clock, workflow
from .choices import TEMPERATURE_MAX, TEMPERATURE_MIN, Colour, ManualStatus, RiskLevel, Symptom
from .divisions import validate_division
from .models import Declaration, ManualChange, ReevaluationJob, RiskArea, Rule, RuleSet, Travel
from .rules import DEFAULT_RULES, clean_params
from .status import ColourStatus, refresh_status

RESIDENCE_KINDS = frozenset({NodeKind.BUILDING, NodeKind.COMPOUND})
# How far back a travel may start: the rules look at 14 days, a month leaves room for corrections.
TRAVEL_DAYS_BACK = 60
# How long a manual colour may be in force at most: a longer override is a rule, not an exception.
MANUAL_MAX_DAYS = 30
REEVALUATE_TASK = "parkguard.health.tasks.reevaluate"
NOTICE_COLOUR_CHANGED = "colour_changed"

# --- declarations ----------------------------------------------------------------------------------


def _temperature(raw: Any) -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace("，", ".").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError(
            _("Enter your temperature as a number, e.g. 36.5."), code="temperature_format"
        ) from None
    if not value.is_finite() or not Decimal(TEMPERATURE_MIN) <= value <= Decimal(TEMPERATURE_MAX):
        raise ValidationError(
            _("A body temperature is between %(low)s and %(high)s °C; check the reading."),
            code="temperature_range",
            params={"low": TEMPERATURE_MIN, "high": TEMPERATURE_MAX},
        )
    return value.quantize(Decimal("0.1"))


def _symptoms(raw: Any) -> list[str]:
    values = [str(v) for v in (raw or [])]
    unknown = [v for v in values if v not in Symptom.values]
    if unknown:
        raise ValidationError(
            _("Unknown symptoms: %(names)s."), code="symptoms_unknown", params={"names": ", ".join(unknown)}
        )
    return sorted(set(values), key=Symptom.values.index)


def _date(raw: Any) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), code="date_format") from None


def _travel(raw: dict[str, Any], today: dt.date) -> tuple[str, dt.date, dt.date]:
    division = validate_division(str(raw.get("division_code", "")))
    start, end = _date(raw.get("date_from")), _date(raw.get("date_to"))
    if start > end:
        raise ValidationError(_("The first day of a travel comes before its last day."), code="travel_order")
    if end > today:
        raise ValidationError(
            _("A travel cannot end in the future: declare the places you have already been."),
            code="travel_future",
        )
    if start < today - dt.timedelta(days=TRAVEL_DAYS_BACK):
        raise ValidationError(
            _("Declare travel of the last %(days)d days only."),
            code="travel_too_old",
            params={"days": TRAVEL_DAYS_BACK},
        )
    return division.code, start, end


def _residence(raw: Any) -> Node | None:
    if raw in (None, ""):
        return None
    node = raw if isinstance(raw, Node) else Node.objects.filter(pk=raw).first()
    if node is None or node.kind not in RESIDENCE_KINDS:
        raise ValidationError(_("Choose your residence: a compound or a building."), code="residence_kind")
    return node


def clean_declaration(data: dict[str, Any], today: dt.date) -> dict[str, Any]:
    """Every answer checked; all errors at once, keyed by field (``travels`` errors say which row)."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[Any]] = {}
    checks = {
        "temperature": lambda: _temperature(data.get("temperature")),
        "symptoms": lambda: _symptoms(data.get("symptoms")),
        "residence": lambda: _residence(data.get("residence")),
    }
    for name, check in checks.items():
        try:
            cleaned[name] = check()
        except ValidationError as error:
            errors[name] = error.error_list
    cleaned["contact"] = bool(data.get("contact"))
    cleaned["under_observation"] = bool(data.get("under_observation"))
    travels = []
    for number, row in enumerate(data.get("travels") or [], start=1):
        try:
            travels.append(_travel(row, today))
        except ValidationError as error:
            for message in error.messages:
                errors.setdefault("travels", []).append(
                    ValidationError(
                        _("Travel %(row)d: %(message)s"),
                        code=error.error_list[0].code,
                        params={"row": number, "message": message},
                    )
                )
    cleaned["travels"] = travels
    if errors:
        raise ServiceError(errors)
    return cleaned


def own_person(actor: Any) -> Person:
    person = Person.objects.filter(user=actor).select_related("residence", "employer").first()
    if person is None:
        raise ServiceError(
            _("Your login is not linked to a person record; ask your grid official."), code="no_person"
        )
    return person


_TRACKED = ("temperature", "symptoms", "contact", "under_observation", "residence_id")


def _snapshot(declaration: Declaration) -> dict[str, Any]:
    data = {name: getattr(declaration, name) for name in _TRACKED}
    data["temperature"] = str(data["temperature"])
    data["travels"] = [
        f"{t.division_code} {t.date_from}/{t.date_to}"
        for t in declaration.travels.order_by("date_from", "id")
    ]
    return data


@transaction.atomic
def declaration_submit(*, actor: Any, data: dict[str, Any]) -> Declaration:
    """Today's declaration of the actor's own person; on the same day a second one replaces the first."""
    person = own_person(actor)
    today = clock.today()
    cleaned = clean_declaration(data, today)
    travels = cleaned.pop("travels")
    declaration = Declaration.objects.select_for_update().filter(person=person, date=today).first()
    if declaration is None:
        try:
            with transaction.atomic():
                declaration = Declaration.objects.create(
                    person=person, date=today, declared_by=actor, **cleaned
                )
        except IntegrityError:  # a second tap of "submit" a moment ago: correct that one
            declaration = Declaration.objects.select_for_update().get(person=person, date=today)
        else:
            _save_travels(declaration, travels)
            audit_record(actor=actor, action=AuditAction.CREATE, obj=declaration, node=_node_of(person))
            refresh_status(person)
            return declaration
    before = _snapshot(declaration)
    for name, value in cleaned.items():
        setattr(declaration, name, value)
    declaration.declared_by = actor
    declaration.corrections += 1
    declaration.save()
    declaration.travels.all().delete()
    _save_travels(declaration, travels)
    after = _snapshot(declaration)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=declaration, node=_node_of(person), changes=changes
    )
    refresh_status(person)
    return declaration


def _save_travels(declaration: Declaration, travels: list[tuple[str, dt.date, dt.date]]) -> None:
    Travel.objects.bulk_create(
        Travel(declaration=declaration, division_code=code, date_from=start, date_to=end)
        for code, start, end in travels
    )


def _node_of(person: Person) -> Node | None:
    return person.residence or person.employer


# --- risk areas ------------------------------------------------------------------------------------


def clean_risk_area(data: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[Any]] = {}
    try:
        division = validate_division(str(data.get("division_code", "")))
        cleaned["division_code"], cleaned["name"] = division.code, division.full_name
    except ValidationError as error:
        errors["division_code"] = error.error_list
    level = data.get("level")
    if level not in RiskLevel.values:
        errors["level"] = [ValidationError(_("Choose the risk level: medium or high."), code="level")]
    cleaned["level"] = level
    for name in ("valid_from", "valid_to"):
        raw = data.get(name)
        if raw in (None, "") and name == "valid_to":
            cleaned[name] = None
            continue
        try:
            cleaned[name] = _date(raw)
        except ValidationError as error:
            errors[name] = error.error_list
    if not errors and cleaned["valid_to"] and cleaned["valid_to"] < cleaned["valid_from"]:
        errors["valid_to"] = [
            ValidationError(_("A risk area ends on or after its first day."), code="area_order")
        ]
    if errors:
        raise ServiceError(errors)
    return cleaned


@transaction.atomic
def risk_area_create(*, actor: Any, park: Node, data: dict[str, Any]) -> RiskArea:
    workflow.check_can_manage_rules(actor, park)
    area = RiskArea.objects.create(park=park, created_by=_user(actor), **clean_risk_area(data))
    audit_record(actor=actor, action=AuditAction.CREATE, obj=area, node=park)
    reevaluation_start(
        park=park, actor=actor, cause=gettext("Risk area added: %(name)s") % {"name": area.name}
    )
    return area


@transaction.atomic
def risk_area_end(*, actor: Any, area: RiskArea, day: dt.date | None = None) -> RiskArea:
    """End a risk area (the last day it counts; today when not given)."""
    workflow.check_can_manage_rules(actor, area.park)
    area = RiskArea.objects.select_for_update().get(pk=area.pk)
    day = day or clock.today()
    if area.valid_to is not None and area.valid_to <= day:
        raise ServiceError(_("This risk area has already ended."), code="already_ended")
    if day < area.valid_from:
        raise ServiceError(_("A risk area ends on or after its first day."), code="area_order")
    before = area.valid_to
    area.valid_to = day
    area.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=area,
        node=area.park,
        changes={"valid_to": [str(before) if before else None, str(day)]},
    )
    reevaluation_start(
        park=area.park, actor=actor, cause=gettext("Risk area ended: %(name)s") % {"name": area.name}
    )
    return area


@transaction.atomic
def risk_areas_import(*, actor: Any, park: Node, rows: list[dict[str, Any]]) -> list[RiskArea]:
    """Create every row or none: the errors of all rows are raised together, each with its row number."""
    workflow.check_can_manage_rules(actor, park)
    cleaned, problems = [], []
    for number, row in rows:
        try:
            cleaned.append(clean_risk_area(row))
        except ValidationError as error:
            for message in error.messages:
                problems.append(
                    ValidationError(
                        _("Row %(row)d: %(message)s"),
                        code="import_row",
                        params={"row": number, "message": message},
                    )
                )
    if problems:
        raise ServiceError(problems)
    if not cleaned:
        raise ServiceError(_("The file holds no risk area."), code="import_empty")
    # One save per row (not bulk_create) so that simple-history records each; a list is hundreds at most.
    areas = [RiskArea.objects.create(park=park, created_by=_user(actor), **values) for values in cleaned]
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=park,
        node=park,
        label=gettext("%(count)d risk areas imported") % {"count": len(areas)},
        changes={"risk_areas": [None, len(areas)]},
    )
    reevaluation_start(
        park=park, actor=actor, cause=gettext("%(count)d risk areas imported") % {"count": len(areas)}
    )
    return areas


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


# --- colour rules ----------------------------------------------------------------------------------


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


def reevaluation_start(
    *, park: Node, actor: Any = None, ruleset: RuleSet | None = None, cause: str = ""
) -> ReevaluationJob:
    """A job that re-evaluates every person of the park, run in the background after commit."""
    job = ReevaluationJob.objects.create(park=park, ruleset=ruleset, cause=cause[:200])
    enqueue(REEVALUATE_TASK, job.pk)
    return job


def people_of_park(park: Node):  # type: ignore[no-untyped-def]
    """Everyone living or employed in the park (scoped by the park's subtree, not by a user)."""
    from django.db.models import Q

    return Person.objects.filter(
        Q(residence__path__startswith=park.path) | Q(employer__path__startswith=park.path)
    ).select_related("residence", "employer")


# --- manual colour changes -------------------------------------------------------------------------


def _clean_until(until: Any, now: dt.datetime) -> dt.datetime:
    if isinstance(until, str):
        try:
            until = dt.datetime.fromisoformat(until.strip())
        except ValueError:
            raise ServiceError(
                {"until": [ValidationError(_("Enter the end as a date and time."), code="until_format")]}
            ) from None
    if isinstance(until, dt.date) and not isinstance(until, dt.datetime):
        until = dt.datetime.combine(until, dt.time(23, 59))
    if not isinstance(until, dt.datetime):
        raise ServiceError(
            {"until": [ValidationError(_("Enter the end as a date and time."), code="until_format")]}
        )
    if timezone.is_naive(until):
        until = timezone.make_aware(until)
    if until <= now:
        raise ServiceError(
            {"until": [ValidationError(_("A manual colour ends in the future."), code="until_past")]}
        )
    if until > now + dt.timedelta(days=MANUAL_MAX_DAYS):
        raise ServiceError(
            {
                "until": [
                    ValidationError(
                        _("A manual colour lasts %(days)d days at most."),
                        code="until_too_far",
                        params={"days": MANUAL_MAX_DAYS},
                    )
                ]
            }
        )
    return until


@transaction.atomic
def manual_change_request(
    *, actor: Any, person: Person, colour: str, reason: str, until: Any
) -> ManualChange:
    workflow.check_can_change_colour(actor, person)
    errors: dict[str, list[Any]] = {}
    if colour not in Colour.values:
        errors["colour"] = [ValidationError(_("Choose a colour: green, yellow or red."), code="colour")]
    if not (reason or "").strip():
        errors["reason"] = [
            ValidationError(_("Give the reason for changing the colour by hand."), code="reason_required")
        ]
    if errors:
        raise ServiceError(errors)
    change = ManualChange.objects.create(
        person=person,
        colour=colour,
        reason=reason.strip(),
        until=_clean_until(until, clock.now()),
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=change,
        node=_node_of(person),
        changes={
            "colour": [None, colour],
            "reason": [None, change.reason],
            "until": [None, str(change.until)],
        },
    )
    return change


def _decide(actor: Any, change: ManualChange, status: str, note: str) -> ManualChange:
    change = ManualChange.objects.select_for_update().select_related("person").get(pk=change.pk)
    workflow.check_pending(change)
    workflow.check_can_change_colour(actor, change.person)
    workflow.check_not_own_request(actor, change)
    now = clock.now()
    change.status, change.decided_by, change.decided_at = status, actor, now
    change.decision_note = (note or "").strip()[:200]
    if status == ManualStatus.APPROVED:
        change.starts_at = now
    change.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=change,
        node=_node_of(change.person),
        changes={"status": [ManualStatus.PENDING, status], "note": [None, change.decision_note]},
    )
    return change


@transaction.atomic
def manual_change_approve(*, actor: Any, change: ManualChange, note: str = "") -> ManualChange:
    """A second official approves: the colour is in force now, the person is told."""
    change = _decide(actor, change, ManualStatus.APPROVED, note)
    status = refresh_status(change.person, at=change.starts_at)
    _notify(change.person, status)
    return change


@transaction.atomic
def manual_change_refuse(*, actor: Any, change: ManualChange, note: str = "") -> ManualChange:
    return _decide(actor, change, ManualStatus.REFUSED, note)


@transaction.atomic
def manual_change_revoke(*, actor: Any, change: ManualChange) -> ManualChange:
    """End an approved change early; the rules decide the colour again."""
    change = ManualChange.objects.select_for_update().select_related("person").get(pk=change.pk)
    workflow.check_can_change_colour(actor, change.person)
    now = clock.now()
    if not change.is_in_force(now):
        raise ServiceError(_("Only a manual colour in force can be revoked."), code="not_in_force")
    change.status, change.revoked_by, change.revoked_at = ManualStatus.REVOKED, actor, now
    change.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=change,
        node=_node_of(change.person),
        changes={"status": [ManualStatus.APPROVED, ManualStatus.REVOKED]},
    )
    status = refresh_status(change.person, at=now)
    _notify(change.person, status)
    return change


def _notify(person: Person, status: ColourStatus) -> None:
    if person.user_id is None:
        return
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        colour = str(Colour(status.colour).label)
        title = gettext("Your colour is now %(colour)s") % {"colour": colour}
        language = "zh" if settings.LANGUAGE_CODE == "zh-hans" else "en"
        body = "\n".join(r.get(language, r.get("en", "")) for r in status.stored_reasons)
    notice_send(
        recipients=[person.user],
        node=_node_of(person),
        kind=NOTICE_COLOUR_CHANGED,
        title=title,
        body=body,
        link=reverse("health:declare"),
    )
