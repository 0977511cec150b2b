"""``manage.py import_roster FILE --enterprise USCC``: the page's roster import, from a terminal.

The same pipeline as the background job, in one transaction: with invalid rows nothing is written
(exit code 1) unless ``--valid-only`` says to skip them. ``--dry-run`` validates and rolls back.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.enterprises.choices import CommitMode
from parkguard.enterprises.imports.jobs import ImportRefused, Outcome, run_pipeline
from parkguard.enterprises.imports.roster import RosterImport
from parkguard.enterprises.models import Enterprise
from parkguard.lib.excel import SpreadsheetError

SHOWN_ISSUES = 20


class DryRun(Exception):
    """Raised inside the transaction to roll back a dry run."""


class Command(BaseCommand):
    help = "Import an enterprise's roster (花名册) from an xlsx file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--enterprise", required=True, help="unified social credit code of the enterprise"
        )
        parser.add_argument(
            "--valid-only", action="store_true", help="write the valid rows, skip the invalid ones"
        )
        parser.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")
        parser.add_argument("--user", help="username recorded as the author of the changes")

    def handle(self, *args: Any, **options: Any) -> None:
        enterprise = (
            Enterprise.objects.select_related("node").filter(uscc=options["enterprise"].upper()).first()
        )
        if enterprise is None:
            raise CommandError(f"No enterprise with credit code {options['enterprise']}.")
        actor = self._actor(options["user"])
        mode = CommitMode.VALID_ONLY if options["valid_only"] else CommitMode.ALL_OR_NOTHING
        try:
            outcome = self._run(options["file"], enterprise, actor, mode, dry_run=options["dry_run"])
        except ImportRefused as refused:
            self._report(refused.args[0])
            self.stderr.write("Invalid rows: nothing was written. Fix them, or run again with --valid-only.")
            sys.exit(1)
        except SpreadsheetError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self._report(outcome)
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
            if outcome.counts["invalid"] and not options["valid_only"]:
                sys.exit(1)

    def _actor(self, username: str | None) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username}.")
        return user

    def _run(self, path: Path, enterprise: Enterprise, actor: Any, mode: str, *, dry_run: bool) -> Outcome:
        if not path.exists():
            raise CommandError(f"No file {path}.")
        result: list[Outcome] = []
        try:
            with transaction.atomic(), path.open("rb") as file:
                outcome = run_pipeline(
                    RosterImport(enterprise),
                    file,
                    commit=not dry_run,
                    mode=mode,
                    actor=actor,
                    reason=f"import_roster {path.name}",
                    progress=self._progress(),
                )
                self.stderr.write("")
                result.append(outcome)
                if dry_run:
                    raise DryRun
                audit_record(
                    actor=actor,
                    action=AuditAction.CREATE,
                    obj=enterprise,
                    node=enterprise.node,
                    changes={"import": "roster", "file": path.name, "mode": mode, **outcome.counts},
                )
        except DryRun:
            pass
        return result[0]

    def _progress(self) -> Any:
        last = [0.0]

        def report(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] < 0.5 and done < total:
                return
            last[0] = now
            percent = int(100 * done / total) if total else 100
            self.stderr.write(f"\r  {done:,} / {total:,} rows ({percent}%)", ending="")
            self.stderr.flush()

        return report

    def _report(self, outcome: Outcome) -> None:
        counts = outcome.counts
        self.stdout.write(
            f"new {counts['new']:,} · changed {counts['changed']:,} · unchanged {counts['unchanged']:,}"
            f" · invalid {counts['invalid']:,}"
        )
        if outcome.unknown_columns:
            self.stdout.write(f"Ignored columns: {', '.join(outcome.unknown_columns)}")
        for issue in outcome.issues[:SHOWN_ISSUES]:
            self.stdout.write(
                f"  row {issue.row} · {issue.column or '-'} · {issue.value or '-'} · {issue.message}"
            )
        if len(outcome.issues) > SHOWN_ISSUES:
            self.stdout.write(f"  … and {len(outcome.issues) - SHOWN_ISSUES:,} more")
