"""Reads of enterprises, rosters, ledgers and import jobs, always through ``visible_to``.

The ledger of a past day is read from the history tables (django-simple-history): the latest historical
record of each row up to the end of that day, deletions dropped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from parkguard.accounts.models import Assignment
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node

from .choices import ACTIVE_IMPORT_STATUSES, WorkStatus
from .imports.jobs import progress_key
from .models import EMPLOYMENT_FIELDS, ENTERPRISE_FIELDS, Employment, Enterprise, ImportIssue, ImportJob

# Fields of the ledger's change list: what a reader of the history cares about.
ENTERPRISE_TRACKED = ENTERPRISE_FIELDS
EMPLOYMENT_TRACKED = EMPLOYMENT_FIELDS
# Changed, never shown: the history shows that a phone changed, not the number.
SECRET_TRACKED = frozenset({"contact_phone"})
REGISTRY_NODE_KINDS = (NodeKind.PARK, NodeKind.AREA, NodeKind.GRID)


def _flag(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value)


def enterprise_list(
    *,
    user: Any,
    category: str = "",
    above_scale: str = "",
    key: str = "",
    producer: str = "",
    q: str = "",
) -> QuerySet[Enterprise]:
    """Enterprises the user may see; flags are "1" / "0" / "" (either)."""
    enterprises = Enterprise.objects.visible_to(user).select_related("node", "node__supervising_department")
    if category:
        enterprises = enterprises.filter(category=category)
    for name, value in (
        ("above_scale", above_scale),
        ("key_enterprise", key),
        ("epidemic_producer", producer),
    ):
        if _flag(value) is not None:
            enterprises = enterprises.filter(**{name: _flag(value)})
    q = q.strip()
    if q:
        enterprises = enterprises.filter(Q(node__name__icontains=q) | Q(uscc__iexact=q.upper()))
    return enterprises.annotate(
        roster_count=Count("employments", filter=~Q(employments__work_status=WorkStatus.LEFT))
    ).order_by("node__path")


def enterprise_counts(enterprises: QuerySet[Enterprise]) -> dict[str, int]:
    """Totals of a filtered list, in one query."""
    plain = enterprises.order_by().values("pk")
    return Enterprise.objects.filter(pk__in=plain).aggregate(
        total=Count("pk"),
        above_scale=Count("pk", filter=Q(above_scale=True)),
        key=Count("pk", filter=Q(key_enterprise=True)),
        producer=Count("pk", filter=Q(epidemic_producer=True)),
    )


def enterprise_get_queryset(*, user: Any) -> QuerySet[Enterprise]:
    return Enterprise.objects.visible_to(user).select_related(
        "node", "node__parent", "node__supervising_department"
    )


def enterprise_assignments(*, enterprise: Enterprise) -> list[Assignment]:
    """Responsible official and commissioner (the enterprise itself is already known to be visible)."""
    return list(Assignment.objects.filter(node=enterprise.node_id).select_related("user").order_by("role"))


def registry_nodes(*, user: Any) -> QuerySet[Node]:
    """Parks, areas and grids under which the user may import enterprises."""
    return Node.objects.visible_to(user).filter(kind__in=REGISTRY_NODE_KINDS).order_by("path")


# --- the ledger ------------------------------------------------------------------------------------


def end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


@dataclass
class Ledger:
    """An enterprise's ledger at a glance, now or as of the end of a day."""

    by_status: dict[str, int] = field(default_factory=dict)
    on_roster: int = 0
    returned: int = 0
    expected: int = 0
    overdue: int = 0
    key_positions: int = 0
    flags: list[str] = field(default_factory=list)

    @property
    def in_isolation(self) -> int:
        return self.by_status.get(WorkStatus.IN_ISOLATION, 0)

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        return [(code, label, self.by_status.get(code, 0)) for code, label in WorkStatus.choices]


def _ledger_figures(rows: QuerySet[Any], day: dt.date) -> Ledger:
    """Figures over employment rows (live or historical), in one aggregate query."""
    current = ~Q(work_status=WorkStatus.LEFT)
    figures = rows.aggregate(
        on_roster=Count("pk", filter=current),
        returned=Count("pk", filter=current & Q(work_status__in=(WorkStatus.ON_SITE, WorkStatus.REMOTE))),
        expected=Count("pk", filter=current & Q(expected_return_date__lte=day)),
        overdue=Count("pk", filter=Q(work_status=WorkStatus.NOT_RETURNED, expected_return_date__lt=day)),
        key_positions=Count("pk", filter=current & Q(key_position=True)),
        **{f"status_{code}": Count("pk", filter=Q(work_status=code)) for code in WorkStatus.values},
    )
    by_status = {code: figures.pop(f"status_{code}") for code in WorkStatus.values}
    return Ledger(by_status=by_status, **figures)


def ledger_now(*, enterprise: Enterprise) -> Ledger:
    ledger = _ledger_figures(Employment.objects.filter(enterprise=enterprise), timezone.localdate())
    ledger.flags = _flags(enterprise, ledger)
    return ledger


def _flags(enterprise: Any, ledger: Ledger) -> list[str]:
    flags = []
    if enterprise.key_enterprise:
        flags.append(_("Key enterprise"))
    if enterprise.above_scale:
        flags.append(_("Above scale"))
    if enterprise.epidemic_producer:
        flags.append(_("Produces epidemic supplies"))
    if ledger.in_isolation:
        flags.append(_("Staff in isolation"))
    if ledger.overdue:
        flags.append(_("Staff overdue to return"))
    if enterprise.headcount and ledger.on_roster != enterprise.headcount:
        flags.append(_("Roster differs from the registered headcount"))
    return flags


def enterprise_as_of(*, enterprise: Enterprise, day: dt.date) -> Any | None:
    """The enterprise's historical record at the end of ``day``; ``None`` when not yet registered."""
    record = (
        Enterprise.history.filter(id=enterprise.pk, history_date__lt=end_of_day(day))
        .order_by("-history_date", "-history_id")
        .first()
    )
    return None if record is None or record.history_type == "-" else record


def roster_as_of(*, enterprise: Enterprise, day: dt.date) -> QuerySet[Any]:
    """Historical roster rows as they stood at the end of ``day`` (latest record of each, no deletions)."""
    return (
        Employment.history.filter(enterprise_id=enterprise.pk, history_date__lt=end_of_day(day))
        .latest_of_each()
        .exclude(history_type="-")
    )


def ledger_as_of(*, enterprise: Enterprise, day: dt.date) -> tuple[Any | None, Ledger]:
    record = enterprise_as_of(enterprise=enterprise, day=day)
    ledger = _ledger_figures(roster_as_of(enterprise=enterprise, day=day), day)
    if record is not None:
        ledger.flags = _flags(record, ledger)
    return record, ledger


# --- the change list -------------------------------------------------------------------------------


@dataclass
class Change:
    when: dt.datetime
    who: Any
    kind: str  # "+", "~", "-"
    subject: str
    fields: list[tuple[str, Any, Any]]
    reason: str = ""


def ledger_history(*, enterprise: Enterprise, until: dt.datetime | None = None) -> QuerySet[Any]:
    """One timeline of the enterprise's and its roster's history rows, newest first (for paging).

    Rows are ``(source, history_id, history_date)``; ``changes_for`` turns a page into ``Change``s.
    """
    enterprise_rows = Enterprise.history.filter(id=enterprise.pk)
    roster_rows = Employment.history.filter(enterprise_id=enterprise.pk)
    if until is not None:
        enterprise_rows = enterprise_rows.filter(history_date__lt=until)
        roster_rows = roster_rows.filter(history_date__lt=until)
    first = (
        enterprise_rows.order_by()
        .annotate(source=Value("e"))
        .values_list("source", "history_id", "history_date")
    )
    second = (
        roster_rows.order_by().annotate(source=Value("r")).values_list("source", "history_id", "history_date")
    )
    return first.union(second, all=True).order_by("-history_date", "-history_id")


def changes_for(page: list[tuple[str, int, dt.datetime]]) -> list[Change]:
    """The changes of one page of ``ledger_history``: a constant number of queries whatever its size."""
    ids = {"e": [r[1] for r in page if r[0] == "e"], "r": [r[1] for r in page if r[0] == "r"]}
    enterprise_rows = Enterprise.history.filter(history_id__in=ids["e"]).select_related("history_user")
    roster_rows = Employment.history.filter(history_id__in=ids["r"]).select_related("history_user", "person")
    records = {("e", r.history_id): r for r in enterprise_rows} | {
        ("r", r.history_id): r for r in roster_rows
    }
    previous = {
        **_previous_records(Enterprise, list(enterprise_rows), "id"),
        **_previous_records(Employment, list(roster_rows), "id", source="r"),
    }
    changes = []
    for source, history_id, _date in page:
        record = records.get((source, history_id))
        if record is None:
            continue
        tracked = ENTERPRISE_TRACKED if source == "e" else EMPLOYMENT_TRACKED
        changes.append(_change(record, previous.get((source, history_id)), tracked, source))
    return changes


def _previous_records(
    model: Any, records: list[Any], key: str, source: str = "e"
) -> dict[tuple[str, int], Any]:
    """For each record, the record of the same row just before it (one query per model)."""
    if not records:
        return {}
    row_ids = {getattr(r, key) for r in records}
    latest = max(r.history_date for r in records)
    earlier = model.history.filter(**{f"{key}__in": row_ids}, history_date__lte=latest).order_by(
        key, "history_date", "history_id"
    )
    chains: dict[int, list[Any]] = {}
    for record in earlier:
        chains.setdefault(getattr(record, key), []).append(record)
    found = {}
    for record in records:
        chain = chains.get(getattr(record, key), [])
        position = next((i for i, r in enumerate(chain) if r.history_id == record.history_id), 0)
        found[(source, record.history_id)] = chain[position - 1] if position > 0 else None
    return found


def _shown(model_field: Any, value: Any) -> str:
    """A value as people read it: choice labels, yes / no, dates in ISO form, "—" for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _change(record: Any, before: Any, tracked: tuple[str, ...], source: str) -> Change:
    fields = []
    if record.history_type == "~" and before is not None:
        for name in tracked:
            old, new = getattr(before, name), getattr(record, name)
            if old != new:
                model_field = record._meta.get_field(name)
                shown = (
                    ("***", "***")
                    if name in SECRET_TRACKED
                    else (_shown(model_field, old), _shown(model_field, new))
                )
                fields.append((str(model_field.verbose_name), *shown))
    subject = str(record.person.name_masked) if source == "r" and record.person else ""
    return Change(
        when=record.history_date,
        who=record.history_user,
        kind=record.history_type,
        subject=subject,
        fields=fields,
        reason=record.history_change_reason or "",
    )


# --- rosters ---------------------------------------------------------------------------------------


def roster_list(
    *, user: Any, enterprise: Enterprise | None = None, status: str = "", department: str = ""
) -> QuerySet[Employment]:
    """Roster rows the user may see; without ``status`` those who have left are not listed."""
    rows = Employment.objects.visible_to(user).select_related("person", "enterprise__node")
    if enterprise is not None:
        rows = rows.filter(enterprise=enterprise)
    if status in WorkStatus.values:
        rows = rows.filter(work_status=status)
    elif status != "all":
        rows = rows.current()
    if department:
        rows = rows.filter(department=department)
    return rows.order_by("department", "id")


def roster_departments(*, enterprise: Enterprise) -> list[str]:
    return list(
        Employment.objects.filter(enterprise=enterprise)
        .exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


# --- imports ---------------------------------------------------------------------------------------


def import_job_list(*, user: Any) -> QuerySet[ImportJob]:
    return ImportJob.objects.visible_to(user).select_related("node", "enterprise", "created_by")


def import_job_queryset(*, user: Any) -> QuerySet[ImportJob]:
    return ImportJob.objects.visible_to(user).select_related("node", "enterprise__node", "created_by")


def import_issues(*, job: ImportJob) -> QuerySet[ImportIssue]:
    """Issues of a job (the job itself is already known to be visible)."""
    return ImportIssue.objects.filter(job=job).order_by("row", "id")


def import_job_progress(*, job: ImportJob) -> dict[str, Any]:
    """Where a job stands: the cache while it runs (its rows are not committed yet), the row otherwise."""
    active = job.status in ACTIVE_IMPORT_STATUSES
    done, total = (
        (cache.get(progress_key(job.pk)) or (0, job.total_rows))
        if active
        else (job.processed_rows, job.total_rows)
    )
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "active": active,
        "done": done,
        "total": total,
        "percent": int(100 * done / total) if total else (0 if active else 100),
    }
