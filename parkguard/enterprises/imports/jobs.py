"""Running an import job: validate into a preview, or commit. The same pipeline does both.

Validation never writes domain data. Commit re-reads and re-validates the file (the database may have
changed since the preview) and writes everything in one transaction: all rows or nothing, or, when the
user chose it explicitly, only the valid rows. Progress goes to the cache every chunk, where the page and
the CLI read it: rows written inside the still-open transaction are invisible to them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.enterprises.choices import CommitMode, ImportKind, ImportStatus
from parkguard.enterprises.models import ImportIssue, ImportJob
from parkguard.lib.excel import Limits, SpreadsheetError, open_sheet

from .reading import Issue, read_rows
from .registry import RegistryImport
from .roster import RosterImport, chunks

CHUNK_ROWS = 5000
ISSUE_LIMIT = 10_000


class ImportRefused(Exception):
    """All-or-nothing commit found invalid rows: nothing was written."""


@dataclass
class Outcome:
    counts: dict[str, int] = field(
        default_factory=lambda: {"new": 0, "changed": 0, "unchanged": 0, "invalid": 0}
    )
    issues: list[Issue] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    total_rows: int = 0


def importer_for(job: ImportJob) -> RosterImport | RegistryImport:
    if job.kind == ImportKind.ROSTER:
        return RosterImport(job.enterprise)
    return RegistryImport(job.node)


def run_pipeline(
    importer: RosterImport | RegistryImport,
    file: Any,
    *,
    commit: bool,
    mode: str = CommitMode.ALL_OR_NOTHING,
    actor: Any = None,
    reason: str = "",
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> Outcome:
    """Read, validate, plan and (when ``commit``) write. Raises ``SpreadsheetError`` for a bad file."""
    limits = Limits(max_bytes=settings.IMPORT_MAX_BYTES, max_rows=settings.IMPORT_MAX_ROWS)
    sheet = open_sheet(file, sheet_names=importer.sheet_names, limits=limits)
    header, rows = read_rows(sheet, importer.columns)
    outcome = Outcome(unknown_columns=header.unknown, total_rows=max(sheet.height - 1, 0))
    done = 0
    for chunk in chunks(rows, CHUNK_ROWS):
        plan = importer.plan(chunk)
        for key, value in plan.counts.items():
            outcome.counts[key] += value
        outcome.issues.extend(issue for row in chunk for issue in row.issues)
        if commit and plan.counts["invalid"] and mode == CommitMode.ALL_OR_NOTHING:
            raise ImportRefused(outcome)
        if commit:
            importer.write(plan, actor=actor, reason=reason)
        done += len(chunk)
        progress(done, outcome.total_rows)
    if outcome.total_rows == 0 or sum(outcome.counts.values()) == 0:
        raise SpreadsheetError(_("The sheet has a header but no rows."), code="no_rows")
    return outcome


def progress_key(job_id: int) -> str:
    return f"import-progress:{job_id}"


def _reporter(job: ImportJob) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        cache.set(progress_key(job.pk), (done, total), timeout=3600)

    return report


def _save_outcome(job: ImportJob, outcome: Outcome, status: str) -> None:
    job.counts = {**outcome.counts, "unknown_columns": outcome.unknown_columns}
    job.total_rows = outcome.total_rows
    job.processed_rows = outcome.total_rows
    job.status = status
    job.save()
    job.issues.all().delete()
    ImportIssue.objects.bulk_create(
        [
            ImportIssue(job=job, row=i.row, column=i.column, value=i.value, message=i.message)
            for i in outcome.issues[:ISSUE_LIMIT]
        ],
        batch_size=1000,
    )


def _fail(job: ImportJob, message: str) -> None:
    job.status = ImportStatus.FAILED
    job.message = message
    job.save(update_fields=["status", "message", "updated_at"])


def validate_job(job_id: int, language: str = "zh-hans") -> None:
    """Task: build the preview (counts and issues) of an uploaded file."""
    job = ImportJob.objects.select_related("node", "enterprise__node").get(pk=job_id)
    with translation.override(language):
        job.status = ImportStatus.VALIDATING
        job.save(update_fields=["status", "updated_at"])
        try:
            with job.file.open("rb") as file:
                outcome = run_pipeline(importer_for(job), file, commit=False, progress=_reporter(job))
        except SpreadsheetError as exc:
            _fail(job, " ".join(exc.messages))
            return
        _save_outcome(job, outcome, ImportStatus.VALIDATED)


def commit_job(job_id: int, language: str = "zh-hans") -> None:
    """Task: write the rows of a validated file (mode chosen by the user)."""
    job = ImportJob.objects.select_related("node", "enterprise__node", "created_by").get(pk=job_id)
    with translation.override(language):
        try:
            with transaction.atomic():
                with job.file.open("rb") as file:
                    outcome = run_pipeline(
                        importer_for(job),
                        file,
                        commit=True,
                        mode=job.mode,
                        actor=job.created_by,
                        reason=f"import #{job.pk}",
                        progress=_reporter(job),
                    )
                audit_record(
                    actor=job.created_by,
                    action=AuditAction.CREATE,
                    obj=job,
                    node=job.node,
                    changes={"import": job.kind, **outcome.counts},
                )
        except ImportRefused as refused:
            job.message = _(
                "Some rows are invalid, so nothing was written. Fix them, or commit the valid rows only."
            )
            _save_outcome(job, refused.args[0], ImportStatus.VALIDATED)
            return
        except SpreadsheetError as exc:
            _fail(job, " ".join(exc.messages))
            return
        _save_outcome(job, outcome, ImportStatus.COMMITTED)
