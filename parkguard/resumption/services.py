"""Writes of work resumption: applications, every step of their lifecycle, inspections, park settings.

Each service is one transaction, checks scope and role, writes its audit event and the transition row,
and notifies the enterprise's contacts inside it (delivery runs on commit). A decision locks the
application's row and compares the state the reviewer saw with the state it is in, so of two reviewers
deciding at once one wins and the other is told (docs/adr/0017).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from parkguard.accounts.models import Assignment, Membership
from parkguard.accounts.roles import Role
from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ServiceError
from parkguard.enterprises.models import Enterprise
from parkguard.hierarchy.choices import AssignmentRole, NodeKind
from parkguard.hierarchy.models import Node
from parkguard.notices.choices import NoticeKind
from parkguard.notices.services import notice_send

from . import workflow
from .choices import CHECKLIST, EDITABLE_STATES, Action, Mode, State
from .models import Application, Inspection, InspectionPhoto, ParkSettings, Transition
from .uploads import IMAGE_TYPES, clean_upload
from .validation import FIELDS, check_fields, check_ready, field_error

NOTICE_KIND = NoticeKind.RESUMPTION
FILE_FIELDS = ("plan_document", "commitment_letter")


def today() -> dt.date:
    return timezone.localdate()


def park_of(node: Node) -> Node:
    return Node.objects.get(path=node.park_path)


def settings_for(park: Node) -> ParkSettings:
    """The park's settings; a park that has set none runs prior approval with the defaults."""
    found = ParkSettings.objects.filter(park=park).first()
    return found or ParkSettings(park=park)


@transaction.atomic
def settings_update(*, actor: Any, park: Node, **values: Any) -> ParkSettings:
    if park.kind != NodeKind.PARK:
        raise ServiceError(_("Resumption settings belong to a park."), code="not_park")
    workflow.check_scope_node(actor, park)
    if not (actor.is_superuser or actor.has_role(Role.PARK_COMMANDER)):
        raise workflow.no_permission()
    if not 0 <= int(values.get("spot_check_percent", 0)) <= 100:
        raise field_error("spot_check_percent", _("Enter a share between 0 and 100."), "percent")
    current, _created = ParkSettings.objects.select_for_update().get_or_create(park=park)
    before = {k: getattr(current, k) for k in values}
    for key, value in values.items():
        setattr(current, key, value)
    current.full_clean(exclude=["park"])
    current.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        node=park,
        changes={k: [before[k], values[k]] for k in values if before[k] != values[k]},
    )
    return current


# --- the application --------------------------------------------------------------------------------


def _store_files(application: Application, files: dict[str, IO[bytes] | None]) -> None:
    for name in FILE_FIELDS:
        upload = files.get(name)
        if upload is not None:
            cleaned = clean_upload(upload)
            getattr(application, name).save(cleaned.name, cleaned, save=False)


@transaction.atomic
def application_create(
    *, actor: Any, enterprise: Enterprise, fields: dict[str, Any], files: dict[str, Any] | None = None
) -> Application:
    """A draft application of ``enterprise``, by its contact (or the command)."""
    workflow.check_scope_node(actor, enterprise.node)
    if not workflow.may(actor, workflow.ENTERPRISE, None):
        raise workflow.no_permission()
    values = {k: fields[k] for k in FIELDS if k in fields}
    check_fields(values, today=today())
    application = Application(enterprise=enterprise, created_by=actor, **values)
    _store_files(application, files or {})
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise ServiceError(
            _("This enterprise already has an application under way."), code="application_exists"
        ) from exc
    _log(application, actor, Action.CREATE, "", State.DRAFT, "")
    audit_record(actor=actor, action=AuditAction.CREATE, obj=application, node=enterprise.node)
    return application


@transaction.atomic
def application_update(
    *, actor: Any, application: Application, fields: dict[str, Any], files: dict[str, Any] | None = None
) -> Application:
    """Change a draft (or an application returned for revision)."""
    current = _locked(application, None)
    workflow.check_scope_node(actor, current.enterprise.node)
    if not workflow.may(actor, workflow.ENTERPRISE, current):
        raise workflow.no_permission()
    if current.state not in EDITABLE_STATES:
        raise ServiceError(
            _("Only a draft or an application returned for revision can be changed."), code="not_editable"
        )
    values = {k: fields[k] for k in FIELDS if k in fields}
    before = {k: getattr(current, k) for k in values}
    merged = {k: getattr(current, k) for k in FIELDS} | values
    check_fields(merged, today=today())
    for key, value in values.items():
        setattr(current, key, value)
    _store_files(current, files or {})
    current.save()
    changes = {k: [str(before[k]), str(values[k])] for k in values if before[k] != values[k]}
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=current, node=current.enterprise.node, changes=changes
    )
    return current


def _locked(application: Application, expected_state: str | None) -> Application:
    """The row, locked for this transaction; refused when someone changed its state meanwhile."""
    current = (
        Application.objects.select_for_update(of=("self",))
        .select_related("enterprise__node__supervising_department")
        .get(pk=application.pk)
    )
    if expected_state and current.state != expected_state:
        raise ServiceError(
            _(
                "Someone else has just changed this application: it is now “%(state)s”. Reload the page "
                "and decide again."
            ),
            code="stale_state",
            params={"state": State(current.state).label},
        )
    return current


def _log(
    application: Application,
    actor: Any,
    action: str,
    source: str,
    target: str,
    reason: str,
    effective_on: dt.date | None = None,
) -> Transition:
    return Transition.objects.create(
        application=application,
        action=action,
        from_state=source,
        to_state=target,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason,
        effective_on=effective_on or today(),
    )


def contacts_of(enterprise: Enterprise) -> list[Any]:
    memberships = Membership.objects.filter(
        node_id=enterprise.node_id, role=Role.ENTERPRISE_CONTACT, user__is_active=True
    ).select_related("user")
    return [m.user for m in memberships]


def _notify(application: Application, action: str, reason: str) -> None:
    recipients: Iterable[Any] = [*contacts_of(application.enterprise), application.created_by]
    title = gettext_now("Resumption application of %(name)s: %(state)s") % {
        "name": application.enterprise.name,
        "state": State(application.state).label,
    }
    notice_send(
        recipients=recipients,
        node=application.enterprise.node,
        kind=NOTICE_KIND,
        title=title[:200],
        body=reason,
        link=reverse("resumption:application_detail", args=[application.pk]),
    )


def _move(
    application: Application,
    actor: Any,
    action: str,
    target: str,
    reason: str,
    effective_on: dt.date | None = None,
) -> Application:
    source = application.state
    application.state = target
    application.save()
    _log(application, actor, action, source, target, reason, effective_on)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=application,
        node=application.enterprise.node,
        changes={"state": [source, target]},
    )
    _notify(application, action, reason)
    return application


# --- coverage ---------------------------------------------------------------------------------------


def coverage_gaps_of(node: Node) -> list[str]:
    """What an enterprise lacks before it may resume: a supervising department, a responsible official."""
    gaps = []
    if node.supervising_department_id is None:
        gaps.append(gettext_now("a supervising department"))
    if not Assignment.objects.filter(node=node, role=AssignmentRole.RESPONSIBLE).exists():
        gaps.append(gettext_now("a responsible official"))
    return gaps


def check_coverage(node: Node) -> None:
    gaps = coverage_gaps_of(node)
    if gaps:
        raise ServiceError(
            _("Resumption cannot be approved before the enterprise has %(missing)s."),
            code="no_supervision",
            params={"missing": gettext_now(" and ").join(gaps)},
        )


# --- the steps --------------------------------------------------------------------------------------


def _check_step(actor: Any, application: Application, action: str, reason: str) -> workflow.Step:
    step = workflow.check_allowed(action, application.state)
    workflow.check_may(actor, action, application)
    if step.needs_reason and not reason.strip():
        raise field_error("reason", _("Give the reason for this step."), "reason_required")
    return step


@transaction.atomic
def application_submit(
    *, actor: Any, application: Application, expected_state: str | None = None
) -> Application:
    """Submit for review, or — in a filing park — file it: the enterprise may resume at once."""
    current = _locked(application, expected_state)
    _check_step(actor, current, Action.SUBMIT, "")
    check_ready(current, today=today())
    park_settings = settings_for(park_of(current.enterprise.node))
    current.mode = park_settings.mode
    current.submitted_at = timezone.now()
    if current.mode == Mode.FILING:
        check_coverage(current.enterprise.node)
        current.spot_check = secrets.randbelow(100) < park_settings.spot_check_percent
        if current.spot_check:
            current.spot_check_due = today() + dt.timedelta(days=park_settings.spot_check_days)
        current.due_at = None
    else:
        hours = park_settings.green_channel_hours if current.green_channel else park_settings.review_hours
        current.due_at = current.submitted_at + dt.timedelta(hours=hours)
    return _move(current, actor, Action.SUBMIT, workflow.target_of(Action.SUBMIT, current.mode), "")


@transaction.atomic
def application_decide(
    *,
    actor: Any,
    application: Application,
    action: str,
    expected_state: str | None = None,
    reason: str = "",
    effective_on: dt.date | None = None,
    conditions: str = "",
) -> Application:
    """Approve, return, reject, mark resumed, suspend or lift: one step of the table in workflow.py."""
    if action in (Action.SUBMIT, Action.INSPECT):
        raise ServiceError(_("Use the form of this step."), code="wrong_service")
    current = _locked(application, expected_state)
    step = _check_step(actor, current, action, reason)
    if action == Action.APPROVE:
        check_coverage(current.enterprise.node)
    if action in (Action.APPROVE, Action.RETURN, Action.REJECT):
        current.decided_at = timezone.now()
    if action == Action.RESUME:
        effective_on = _resumption_day(current, effective_on)
        current.resumed_on = effective_on
    if action == Action.SUSPEND:
        if not conditions.strip():
            raise field_error(
                "conditions", _("State the conditions to lift the suspension."), "conditions_required"
            )
        current.suspension_conditions = conditions.strip()
    return _move(current, actor, action, step.target, reason.strip(), effective_on)


def _resumption_day(application: Application, day: dt.date | None) -> dt.date:
    day = day or today()
    if day > today():
        raise field_error(
            "effective_on", _("The actual resumption date cannot be in the future."), "future_date"
        )
    if application.submitted_at and day < timezone.localdate(application.submitted_at):
        raise field_error(
            "effective_on", _("The enterprise cannot have resumed before it applied."), "before_application"
        )
    return day


@transaction.atomic
def application_inspect(
    *,
    actor: Any,
    application: Application,
    expected_state: str | None = None,
    checklist: dict[str, bool],
    findings: str = "",
    passed: bool,
    photos: Iterable[IO[bytes]] = (),
) -> Inspection:
    """The grid official's site inspection: passes (→ inspected) or returns the application with its
    findings; after filing, the sampled spot check (the state stays; a failed check leads to suspension).
    """
    current = _locked(application, expected_state)
    spot = workflow.may_spot_check(actor, current)
    if not spot:
        _check_step(actor, current, Action.INSPECT, "")
    if not passed and not findings.strip():
        raise field_error("findings", _("Write down what was found."), "findings_required")
    unknown = set(checklist) - set(CHECKLIST)
    if unknown:
        raise ServiceError(_("Unknown checklist item."), code="checklist")
    inspection = Inspection.objects.create(
        application=current,
        inspector=actor,
        checklist={k: bool(checklist.get(k)) for k in CHECKLIST},
        findings=findings.strip(),
        passed=passed,
    )
    for photo in photos:
        cleaned = clean_upload(photo, allowed=IMAGE_TYPES)
        InspectionPhoto(inspection=inspection).image.save(cleaned.name, cleaned, save=True)
    if spot:
        current.spot_checked_at = timezone.now()
        _move(current, actor, Action.SPOT_CHECK, current.state, findings.strip())
    elif passed:
        _move(current, actor, Action.INSPECT, State.INSPECTED, findings.strip())
    else:
        _move(current, actor, Action.RETURN, State.RETURNED, findings.strip())
    return inspection
