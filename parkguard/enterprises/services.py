"""Writes to enterprises, rosters and import jobs: one transaction each, scope-checked, audited."""

from __future__ import annotations

from typing import Any

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from parkguard.accounts.roles import Capability
from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record, diff, snapshot
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.core.scoping import scope_of
from parkguard.core.tasks import enqueue
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node

from .choices import NODE_KIND_OF, Category, CommitMode, ImportKind, ImportStatus, WorkStatus
from .models import EMPLOYMENT_FIELDS, ENTERPRISE_FIELDS, Employment, Enterprise, ImportJob


def _require_editor(actor: Any, node: Node) -> None:
    scope = scope_of(actor)
    if not scope.covers_path(node.path):
        raise ScopeError(_("This part of the hierarchy is outside your scope."), code="out_of_scope")
    if not (scope.everything or actor.has_capability(Capability.EDIT_PEOPLE)):
        raise ScopeError(_("You may not change this enterprise's records."), code="no_permission")


@transaction.atomic
def enterprise_update(*, actor: Any, enterprise: Enterprise, **fields: Any) -> Enterprise:
    unknown = set(fields) - set(ENTERPRISE_FIELDS)
    if unknown:
        raise ServiceError(
            _("These fields cannot be changed here: %(names)s"), params={"names": ", ".join(unknown)}
        )
    _require_editor(actor, enterprise.node)
    before = snapshot(enterprise, ENTERPRISE_FIELDS)
    for name, value in fields.items():
        setattr(enterprise, name, value)
    enterprise._history_user = actor
    enterprise.save()
    changes = diff(before, snapshot(enterprise, ENTERPRISE_FIELDS))
    if changes:
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=enterprise, node=enterprise.node, changes=changes
        )
    return enterprise


@transaction.atomic
def employment_update(*, actor: Any, employment: Employment, **fields: Any) -> Employment:
    unknown = set(fields) - set(EMPLOYMENT_FIELDS)
    if unknown:
        raise ServiceError(
            _("These fields cannot be changed here: %(names)s"), params={"names": ", ".join(unknown)}
        )
    _require_editor(actor, employment.enterprise.node)
    before = snapshot(employment, EMPLOYMENT_FIELDS)
    for name, value in fields.items():
        setattr(employment, name, value)
    if employment.actual_return_date and employment.expected_return_date is None:
        employment.expected_return_date = employment.actual_return_date
    employment._history_user = actor
    try:
        with transaction.atomic():
            employment.save()
    except IntegrityError as exc:
        raise ServiceError(
            _(
                "This person is employed by another enterprise. That enterprise must record them as left first."
            ),
            code="employed_elsewhere",
        ) from exc
    changes = diff(before, snapshot(employment, EMPLOYMENT_FIELDS))
    if changes:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=employment,
            node=employment.enterprise.node,
            changes=changes,
        )
    return employment


def _check_upload_name(name: str) -> None:
    if not name.lower().endswith(".xlsx"):
        raise ServiceError(_("Upload an Excel workbook (.xlsx)."), code="not_xlsx")


@transaction.atomic
def import_start(
    *, actor: Any, kind: str, file: File, node: Node | None = None, enterprise: Enterprise | None = None
) -> ImportJob:
    """Store the upload and queue its validation. One active import per node and kind at a time."""
    if kind == ImportKind.ROSTER:
        if enterprise is None:
            raise ServiceError(_("Choose the enterprise whose roster this is."), code="enterprise_required")
        node = enterprise.node
    if node is None:
        raise ServiceError(_("Choose where the enterprises are registered."), code="node_required")
    _require_editor(actor, node)
    _check_upload_name(file.name or "")
    if ImportJob.objects.filter(node=node, kind=kind, status__in=_active()).exists():
        raise ServiceError(
            _("An import is already running here. Wait until it has finished."), code="import_running"
        )
    job = ImportJob(
        kind=kind, node=node, enterprise=enterprise, original_name=file.name[:200], created_by=actor
    )
    job.file.save(f"{kind}.xlsx", file, save=False)
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError as exc:
        raise ServiceError(
            _("An import is already running here. Wait until it has finished."), code="import_running"
        ) from exc
    enqueue("parkguard.enterprises.imports.jobs.validate_job", job.pk, translation.get_language())
    return job


def _active() -> tuple[str, ...]:
    from .choices import ACTIVE_IMPORT_STATUSES

    return ACTIVE_IMPORT_STATUSES


@transaction.atomic
def import_commit(*, actor: Any, job: ImportJob, mode: str) -> ImportJob:
    """Commit a validated import: all rows or nothing, or the valid rows only when chosen explicitly."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    _require_editor(actor, job.node)
    if mode not in CommitMode.values:
        raise ServiceError(_("Choose how to commit."), code="mode")
    if job.status != ImportStatus.VALIDATED:
        raise ServiceError(_("Only a validated import can be committed."), code="import_state")
    if mode == CommitMode.ALL_OR_NOTHING and job.counts.get("invalid"):
        raise ServiceError(
            _("Invalid rows: %(n)d. Fix them, or commit the valid rows only."),
            code="invalid_rows",
            params={"n": job.counts["invalid"]},
        )
    if (
        ImportJob.objects.filter(node=job.node, kind=job.kind, status__in=_active())
        .exclude(pk=job.pk)
        .exists()
    ):
        raise ServiceError(
            _("An import is already running here. Wait until it has finished."), code="import_running"
        )
    job.mode, job.status, job.message = mode, ImportStatus.COMMITTING, ""
    job.save(update_fields=["mode", "status", "message", "updated_at"])
    enqueue("parkguard.enterprises.imports.jobs.commit_job", job.pk, translation.get_language())
    return job


@transaction.atomic
def import_cancel(*, actor: Any, job: ImportJob) -> ImportJob:
    _require_editor(actor, job.node)
    if job.status != ImportStatus.VALIDATED:
        raise ServiceError(_("Only an import waiting for commit can be cancelled."), code="import_state")
    job.status = ImportStatus.CANCELLED
    job.save(update_fields=["status", "updated_at"])
    return job


def employment_left(*, actor: Any, employment: Employment) -> Employment:
    return employment_update(actor=actor, employment=employment, work_status=WorkStatus.LEFT)


@transaction.atomic
def enterprise_create(
    *, actor: Any, parent: Node, name: str, uscc: str, category: str = Category.OTHER, **fields: Any
) -> Enterprise:
    """Register an enterprise under a park, area or grid: its site node, then its record."""
    from parkguard.hierarchy.services import node_create
    from parkguard.lib.codes import validate_uscc

    unknown = set(fields) - set(ENTERPRISE_FIELDS)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ServiceError(_("These fields cannot be set here: %(names)s"), params={"names": names})
    _require_editor(actor, parent)
    code = validate_uscc(uscc)
    if Enterprise.objects.filter(uscc=code).exists():
        raise ServiceError(_("An enterprise with this credit code is already registered."), code="uscc_taken")
    if category not in Category.values:
        raise ServiceError(_("Choose a category."), code="category")
    kind = NODE_KIND_OF.get(category, NodeKind.ENTERPRISE)
    node = node_create(actor=actor, parent=parent, kind=kind, name=name)
    enterprise = Enterprise(node=node, uscc=code, category=category, **fields)
    enterprise._history_user = actor
    enterprise.save()
    # The contact's phone is personal data: the audit event records the other fields only.
    shown = [name for name in ("uscc", *ENTERPRISE_FIELDS) if name != "contact_phone"]
    changes = diff({}, snapshot(enterprise, shown))
    audit_record(actor=actor, action=AuditAction.CREATE, obj=enterprise, node=node, changes=changes)
    return enterprise


def export_record(*, actor: Any, obj: Any, node: Node | None, export: str, rows: int) -> None:
    """An unmasked export revealed personal data: who, what and how many rows (no values)."""
    changes = {"export": export, "rows": rows}
    audit_record(actor=actor, action=AuditAction.REVEAL, obj=obj, node=node, changes=changes)
