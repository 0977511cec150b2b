"""Writes of the daily cycle: templates (versioned), drafts, submissions, corrections.

Each service is one transaction, checks scope and role, and writes its audit event inside.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ServiceError
from parkguard.core.locks import advisory_xact_lock
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node

from . import clock, workflow
from .choices import REPORTING_KINDS, FieldType, ReportStatus
from .defaults import DEFAULTS
from .flags import flags_raise
from .models import DailyReport, ReportField, ReportRule, ReportTemplate
from .prefill import prefill_values
from .rollup import rollup_report_changed
from .values import clean_values, rule_errors

FIELD_ATTRIBUTES = (
    "label_zh",
    "label_en",
    "type",
    "required",
    "unit",
    "aggregate",
    "choices",
    "prefill",
    "flag_when",
    "order",
)

# --- templates --------------------------------------------------------------------------------------


def _template_lock(park: Node, site_kind: str) -> None:
    advisory_xact_lock(f"reports.template.{park.pk}.{site_kind}")


@transaction.atomic
def template_install_defaults(
    *, park: Node, actor: Any = None, valid_from: dt.date | None = None
) -> list[ReportTemplate]:
    """Install the default templates (enterprise, construction project, isolation site) where a park has
    none yet."""
    if park.kind != NodeKind.PARK:
        raise ServiceError(_("Report templates belong to a park."), code="template_park")
    installed = []
    for site_kind, spec in DEFAULTS.items():
        _template_lock(park, site_kind)
        if ReportTemplate.objects.filter(park=park, site_kind=site_kind).exists():
            continue
        template = _create_default(park, site_kind, spec, actor, valid_from or clock.today())
        audit_record(actor=actor, action=AuditAction.CREATE, obj=template, node=park)
        installed.append(template)
    return installed


def _create_default(
    park: Node, site_kind: str, spec: dict[str, Any], actor: Any, valid_from: dt.date
) -> ReportTemplate:
    options = {k: v for k, v in spec.items() if k not in ("fields", "rules")}
    template = ReportTemplate.objects.create(
        park=park,
        site_kind=site_kind,
        valid_from=valid_from,
        created_by=actor if getattr(actor, "pk", None) else None,
        **options,
    )
    ReportField.objects.bulk_create(
        ReportField(template=template, key=key, label_zh=zh, label_en=en, type=type_, order=10 * i, **extra)
        for i, (key, zh, en, type_, extra) in enumerate(spec["fields"], start=1)
    )
    ReportRule.objects.bulk_create(
        ReportRule(template=template, left=left, operator=op, right=right, message_zh=zh, message_en=en)
        for left, op, right, zh, en in spec["rules"]
    )
    return template


def pending_version(actor: Any, template: ReportTemplate) -> ReportTemplate:
    """The version that a change goes into: tomorrow's, created as a copy of the latest when needed.

    Reports are made today on today's version, so a change never alters a form being filled.
    """
    workflow.check_can_edit_templates(actor, template.park)
    _template_lock(template.park, template.site_kind)
    tomorrow = clock.today() + dt.timedelta(days=1)
    latest = (
        ReportTemplate.objects.filter(park=template.park_id, site_kind=template.site_kind)
        .order_by("-version")
        .first()
    )
    if latest.valid_from >= tomorrow:
        return latest
    fields = list(latest.fields.all())
    rules = list(latest.rules.all())
    latest.pk = None
    latest._state.adding = True
    latest.version += 1
    latest.valid_from = tomorrow
    latest.created_by = actor
    latest.save()
    for row in (*fields, *rules):
        row.pk = None
        row.template = latest
    ReportField.objects.bulk_create(fields)
    ReportRule.objects.bulk_create(rules)
    return latest


def _clean_field(attributes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(attributes) - set(FIELD_ATTRIBUTES)
    if unknown:
        raise ServiceError(
            _("These fields cannot be changed here: %(names)s"), params={"names": ", ".join(sorted(unknown))}
        )
    if attributes.get("type") == FieldType.CHOICE and not attributes.get("choices"):
        raise ServiceError(_("A choice field needs its options."), code="choices_required")
    return attributes


@transaction.atomic
def template_field_add(*, actor: Any, template: ReportTemplate, key: str, **attributes: Any) -> ReportField:
    version = pending_version(actor, template)
    if version.fields.filter(key=key).exists():
        raise ServiceError(_("This template already has a field with that key."), code="duplicate_key")
    attributes = _clean_field(attributes)
    attributes.setdefault("order", 10 * (version.fields.count() + 1))
    field = ReportField.objects.create(template=version, key=key, **attributes)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=version,
        node=version.park,
        changes={"fields": [None, key]},
    )
    return field


@transaction.atomic
def template_field_update(
    *, actor: Any, template: ReportTemplate, key: str, **attributes: Any
) -> ReportField:
    version = pending_version(actor, template)
    field = _field_of(version, key)
    attributes = _clean_field(attributes)
    before = {name: getattr(field, name) for name in attributes}
    for name, value in attributes.items():
        setattr(field, name, value)
    field.save()
    changes = {f"{key}.{n}": [before[n], v] for n, v in attributes.items() if before[n] != v}
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=version, node=version.park, changes=changes)
    return field


@transaction.atomic
def template_field_remove(*, actor: Any, template: ReportTemplate, key: str) -> ReportTemplate:
    """Remove a field from tomorrow's version; reports already made keep it on their own version."""
    version = pending_version(actor, template)
    _field_of(version, key).delete()
    version.rules.filter(left=key).delete()
    version.rules.filter(right=key).delete()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=version,
        node=version.park,
        changes={"fields": [key, None]},
    )
    return version


def _field_of(version: ReportTemplate, key: str) -> ReportField:
    field = version.fields.filter(key=key).first()
    if field is None:
        raise ServiceError(_("This template has no field with that key."), code="unknown_field")
    return field


# --- reports ----------------------------------------------------------------------------------------


def template_for_site(site: Node, day: dt.date) -> ReportTemplate:
    """The template version in force for ``site`` on ``day``."""
    template = None
    if site.kind in REPORTING_KINDS and site.park_path:
        park = Node.objects.filter(path=site.park_path).values_list("pk", flat=True).first()
        template = ReportTemplate.objects.current_for(park_id=park, site_kind=site.kind, day=day)
    if template is None:
        raise ServiceError(_("No report is asked of this site on that date."), code="no_template")
    return template


def _existing(site: Node, day: dt.date, period: str) -> DailyReport | None:
    return (
        DailyReport.objects.select_for_update()
        .select_related("template")
        .filter(site=site, date=day, period=period)
        .first()
    )


def _new_report(site: Node, day: dt.date, period: str) -> DailyReport:
    template = template_for_site(site, day)
    workflow.check_period(template, period)
    workflow.check_window_open(template, day, period, clock.now())
    return DailyReport(site=site, template=template, date=day, period=period)


def _save_new(report: DailyReport) -> None:
    """Insert the report; if another submission of the same site and period won the race, say so."""
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ServiceError(
            _("This report was filed by someone else a moment ago. Reload the page to see it."),
            code="already_filed",
        ) from None


def _checked_values(report: DailyReport, raw: dict[str, Any], *, require: bool) -> dict[str, Any]:
    fields = report.template.ordered_fields()
    derived = prefill_values(report.site, fields)
    typed = {k: v for k, v in raw.items() if k not in derived}
    values, errors = clean_values(fields, {**typed, **derived}, require=require)
    if require:
        for key, problems in rule_errors(list(report.template.rules.all()), values).items():
            errors.setdefault(key, []).extend(problems)
    if errors:
        raise ServiceError(errors)
    return values


@transaction.atomic
def report_save_draft(
    *, actor: Any, site: Node, day: dt.date, period: str, values: dict[str, Any]
) -> DailyReport:
    """Keep what was typed so far; types are checked, required fields and rules wait for the submission."""
    workflow.check_can_report(actor, site)
    report = _existing(site, day, period) or _new_report(site, day, period)
    if report.is_submitted:
        raise ServiceError(
            _("This report is already submitted; change it by submitting it again."), code="already_submitted"
        )
    report.values = _checked_values(report, values, require=False)
    if report.pk is None:
        _save_new(report)
    else:
        report.save(update_fields=["values", "updated_at"])
    return report


@transaction.atomic
def report_submit(
    *,
    actor: Any,
    site: Node,
    day: dt.date,
    period: str,
    values: dict[str, Any],
    zero_report: bool = False,
    reason: str = "",
) -> DailyReport:
    """Submit (or correct) the report of ``site`` for ``day`` and ``period``.

    A first submission after the deadline is marked late. A submitted report may be changed until its
    deadline; after it, only as a correction with a reason, audited with what changed.
    """
    workflow.check_can_report(actor, site)
    now = clock.now()
    report = _existing(site, day, period) or _new_report(site, day, period)
    correcting = report.is_submitted and workflow.is_past_deadline(report, now)
    if correcting and not reason.strip():
        raise ServiceError(
            {
                "reason": [
                    ValidationError(
                        _("After the deadline, a correction needs a reason."), code="reason_required"
                    )
                ]
            }
        )
    before = dict(report.values) if report.is_submitted else None
    report.values = _checked_values(report, {} if zero_report else values, require=not zero_report)
    report.zero_report = zero_report
    if not report.is_submitted:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at, report.submitted_by = now, actor
        report.late = workflow.is_past_deadline(report, now)
    if correcting:
        report.correction_reason = reason.strip()
    if report.pk is None:
        _save_new(report)
    else:
        report.save()
    rollup_report_changed(report)  # the roll-up's kept totals that counted it (the signal does it too)
    _audit_submission(actor, report, before, reason.strip() if correcting else "")
    flags_raise(report)
    return report


def _audit_submission(actor: Any, report: DailyReport, before: dict[str, Any] | None, reason: str) -> None:
    if before is None:
        audit_record(actor=actor, action=AuditAction.CREATE, obj=report, node=report.site)
        return
    changes: dict[str, Any] = {
        key: [before.get(key), report.values.get(key)]
        for key in sorted(set(before) | set(report.values))
        if before.get(key) != report.values.get(key)
    }
    if reason:
        changes["correction_reason"] = [None, reason]
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=report, node=report.site, changes=changes)
