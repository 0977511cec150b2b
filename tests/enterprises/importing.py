"""Helpers of the import tests: start an import as a persona, preview a file, count what is stored."""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation

from parkguard.audit.models import AuditEvent
from parkguard.enterprises.choices import CommitMode, ImportKind
from parkguard.enterprises.imports.jobs import Outcome, run_pipeline
from parkguard.enterprises.imports.roster import RosterImport
from parkguard.enterprises.models import Employment, Enterprise, ImportJob
from parkguard.enterprises.services import import_commit, import_start
from parkguard.hierarchy.models import Node
from parkguard.people.models import Person
from tests.factories import make_id_number
from tests.personas import World

from .factories import EnterpriseFactory
from .xlsx import upload, workbook_bytes

REGISTRY_HEADER = ["统一社会信用代码", "企业名称", "企业类别", "所属网格或片区"]


def db_state() -> dict[str, int]:
    """Everything an import could write: people, rosters, enterprises, their nodes and history, audit."""
    return {
        "people": Person.objects.count(),
        "employments": Employment.objects.count(),
        "enterprises": Enterprise.objects.count(),
        "nodes": Node.objects.count(),
        "employment_history": Employment.history.count(),
        "enterprise_history": Enterprise.history.count(),
        "audit_events": AuditEvent.objects.count(),
    }


def roster_enterprise(world: World, key: str = "enterprise_1") -> Enterprise:
    return EnterpriseFactory(node=world.nodes[key])


def roster_row(
    name: str = "张三",
    id_number: Any = None,
    *,
    phone: Any = "13800138000",
    status: Any = "在岗",
    expected: Any = "2020-02-10",
    key_position: Any = "否",
    department: Any = "生产部",
) -> list[Any]:
    """A row under ``xlsx.ROSTER_HEADER``.

    姓名 身份证号码 手机号码 部门 岗位 工作状态 预计返岗日期 关键岗位.
    """
    return [name, id_number or make_id_number(), phone, department, "操作工", status, expected, key_position]


def start_roster(
    world: World,
    enterprise: Enterprise,
    data: bytes,
    *,
    name: str = "roster.xlsx",
    actor: str = "enterprise_contact",
    language: str = "en",
) -> ImportJob:
    """Upload ``data`` as ``actor`` (tasks run at once in tests) and return the job as validated."""
    with translation.override(language):
        job = import_start(
            actor=world.users[actor], kind=ImportKind.ROSTER, enterprise=enterprise, file=upload(data, name)
        )
    job.refresh_from_db()
    return job


def start_registry(
    world: World, data: bytes, *, node: str = "grid_1", actor: str = "grid_official", language: str = "en"
) -> ImportJob:
    with translation.override(language):
        job = import_start(
            actor=world.users[actor],
            kind=ImportKind.ENTERPRISES,
            node=world.nodes[node],
            file=upload(data, "enterprises.xlsx"),
        )
    job.refresh_from_db()
    return job


def commit(world: World, job: ImportJob, mode: str, *, actor: str = "enterprise_contact") -> ImportJob:
    with translation.override("en"):
        import_commit(actor=world.users[actor], job=job, mode=mode)
    job.refresh_from_db()
    return job


def preview(enterprise: Enterprise, rows: list[list[Any]], **book: Any) -> Outcome:
    """The roster pipeline's preview of ``rows`` (nothing written), messages in English."""
    with translation.override("en"):
        return run_pipeline(RosterImport(enterprise), io.BytesIO(workbook_bytes(rows, **book)), commit=False)


def write(enterprise: Enterprise, rows: list[list[Any]], **book: Any) -> Outcome:
    """The roster pipeline committing the valid rows of ``rows``."""
    with translation.override("en"):
        return run_pipeline(
            RosterImport(enterprise),
            io.BytesIO(workbook_bytes(rows, **book)),
            commit=True,
            mode=CommitMode.VALID_ONLY,
            reason="test",
        )


def english(error: ValidationError) -> list[str]:
    """The messages of a service's error in English (they are lazy: rendered when read)."""
    with translation.override("en"):
        return list(error.messages)


def messages(job: ImportJob) -> list[tuple[int, str, str]]:
    return [(issue.row, issue.column, issue.message) for issue in job.issues.all()]
