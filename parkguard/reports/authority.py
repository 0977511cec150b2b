"""The construction authority (建设主管部门): the second recipient of construction projects' reports.

无锡's 双报告制度: construction projects report twice a day, to their community and to the construction
authority. The community's officials see them like any site under their grid; a park's departments
marked ``oversees_construction`` see every construction project of the park — which reported, on time
or late, which is missing and who answers for it — and their staff (the members of the department's
task force) get the reminders of the missing ones (reminders.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from parkguard.accounts.models import Assignment, Membership
from parkguard.accounts.roles import Role
from parkguard.hierarchy.choices import AssignmentRole, NodeKind
from parkguard.hierarchy.models import Department, Node

from .choices import ReportStatus
from .models import DailyReport, ReportTemplate

ON_TIME, LATE, MISSING = "on_time", "late", "missing"


def authority_list(*, user: Any) -> QuerySet[Department]:
    """The construction authorities the user sees (their park is in the user's scope)."""
    return (
        Department.objects.visible_to(user)
        .filter(oversees_construction=True)
        .select_related("park", "task_force")
        .order_by("park__path", "name")
    )


def authorities_of(park_paths: set[str]) -> dict[str, list[Department]]:
    """Park path → its construction authorities."""
    found: dict[str, list[Department]] = {}
    rows = Department.objects.filter(oversees_construction=True, park__path__in=park_paths)
    for department in rows.select_related("park").order_by("name"):
        found.setdefault(department.park.path, []).append(department)
    return found


def authority_staff(department: Department) -> list[Any]:
    """The department's staff: the active members of its task force."""
    if department.task_force_id is None:
        return []
    memberships = Membership.objects.filter(
        node_id=department.task_force_id, role=Role.TASK_FORCE_MEMBER, user__is_active=True
    ).select_related("user")
    return [m.user for m in memberships.order_by("user_id")]


@dataclass
class ProjectRow:
    site: Node
    official: Any
    periods: list[tuple[str, str]]  # (period, on_time | late | missing)


@dataclass
class ConstructionStatus:
    """Where the construction projects of one park stand on one day."""

    park: Node
    day: dt.date
    periods: tuple[str, ...] = ()
    rows: list[ProjectRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows for _period, s in row.periods if s == status)

    @property
    def expected(self) -> int:
        return sum(len(row.periods) for row in self.rows)

    @property
    def on_time(self) -> int:
        return self.count(ON_TIME)

    @property
    def late(self) -> int:
        return self.count(LATE)

    @property
    def missing(self) -> int:
        return self.count(MISSING)

    @property
    def submitted(self) -> int:
        return self.on_time + self.late


def construction_status(*, department: Department, day: dt.date) -> ConstructionStatus:
    """Every construction project of the department's park, period by period, with its official.

    The caller has read ``department`` through ``visible_to``; four queries whatever the park's size.
    """
    park = department.park
    status = ConstructionStatus(park=park, day=day)
    template = ReportTemplate.objects.current_for(park_id=park.pk, site_kind=NodeKind.CONSTRUCTION, day=day)
    if template is None:
        return status
    status.periods = template.periods
    sites = list(Node.objects.filter(path__startswith=park.path, kind=NodeKind.CONSTRUCTION).order_by("path"))
    ids = [s.pk for s in sites]
    filed = dict(
        ((r["site_id"], r["period"]), r["late"])
        for r in DailyReport.objects.filter(site_id__in=ids, date=day, status=ReportStatus.SUBMITTED).values(
            "site_id", "period", "late"
        )
    )
    officials = {
        a.node_id: a.user
        for a in Assignment.objects.filter(node_id__in=ids, role=AssignmentRole.RESPONSIBLE).select_related(
            "user"
        )
    }
    for site in sites:
        periods = []
        for period in template.periods:
            late = filed.get((site.pk, period))
            periods.append((period, MISSING if late is None else LATE if late else ON_TIME))
        status.rows.append(ProjectRow(site, officials.get(site.pk), periods))
    return status
