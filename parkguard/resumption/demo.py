"""The demo's work resumption: each park's mode, applications in every state, and the seed's figures.

昆明 brought its 439 above-scale enterprises back to 98% (the seed): the demo resumes the smallest
number of them whose share rounds to 98% at one decimal as well (431 of 439, 98.2%), all among those
with a supervising department and a responsible official — the gaps stay unapproved, as the rule says.
Other parks resume most of their covered enterprises; a few applications wait in each queue, one on
the green channel, one is suspended after a case. Written in bulk: the rows, not the services.
A park where nobody answers for its enterprises (无锡's projects) gets the grid officials as 包保.

The seed names supervising departments (监管部门) only in 上海庙 (and the demo gives 子牙 some); a park
with none gets one department per enterprise category here, so that its enterprises can be approved.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef

from parkguard.accounts.models import Assignment, Membership
from parkguard.accounts.roles import Role
from parkguard.enterprises.choices import Category
from parkguard.enterprises.models import Enterprise
from parkguard.hierarchy.choices import AssignmentRole, NodeKind
from parkguard.hierarchy.models import Department, Node

from .choices import Action, Mode, State
from .models import Application, ParkSettings, Transition

TZ = ZoneInfo("Asia/Shanghai")
KUNMING = "昆明经济技术开发区"
KUNMING_ABOVE_SCALE_RATE = 0.98
OTHER_RATE = 0.85
# 无锡 simplified the procedure (filing with a commitment, spot checks afterwards); the others approve.
FILING_PARKS = ("无锡新区",)
FIRST_DAY = dt.date(2020, 2, 10)
DEPARTMENT_OF_CATEGORY = {
    Category.STANDALONE_PLANT: "工业和信息化局",
    Category.TRADE_LOGISTICS: "商务局",
    Category.OFFICE_BUILDING: "投资促进局",
    Category.CONSTRUCTION: "住房和城乡建设局",
    Category.MEDICAL: "卫生健康局",
    Category.OTHER: "经济发展局",
}


def build_resumption_demo(rng: random.Random) -> None:
    for park in Node.objects.filter(kind=NodeKind.PARK).order_by("path"):
        mode = Mode.FILING if park.name in FILING_PARKS else Mode.APPROVAL
        ParkSettings.objects.create(park=park, mode=mode, spot_check_percent=20)
        _departments(park)
        _officials(park)
        _park(rng, park, mode)


def _officials(park: Node) -> None:
    """A park where nobody answers for enterprises: the grid official of each one's grid does (包保)."""
    if Assignment.objects.filter(node__path__startswith=park.path, role=AssignmentRole.RESPONSIBLE).exists():
        return
    officials: dict[int, int] = {}
    for membership in Membership.objects.filter(
        node__path__startswith=park.path, role=Role.GRID_OFFICIAL
    ).order_by("pk"):
        officials.setdefault(membership.node_id, membership.user_id)
    nodes = Node.objects.filter(enterprise__isnull=False, path__startswith=park.path)
    Assignment.objects.bulk_create(
        Assignment(node=node, user_id=officials[node.parent_id], role=AssignmentRole.RESPONSIBLE)
        for node in nodes
        if node.parent_id in officials
    )


def _departments(park: Node) -> None:
    """One department per category for a park whose enterprises answer to none (a construction authority
    such as 无锡's 住建局 oversees the projects' reports, not their supervision)."""
    enterprises = Enterprise.objects.filter(node__path__startswith=park.path)
    if enterprises.filter(node__supervising_department__isnull=False).exists():
        return
    for category in enterprises.values_list("category", flat=True).distinct().order_by("category"):
        department = Department.objects.create(park=park, name=DEPARTMENT_OF_CATEGORY[category])
        Node.objects.filter(enterprise__in=enterprises.filter(category=category)).update(
            supervising_department=department
        )


def _covered(park: Node) -> tuple[list[Enterprise], list[Enterprise]]:
    responsible = Assignment.objects.filter(node=OuterRef("node"), role=AssignmentRole.RESPONSIBLE)
    enterprises = (
        Enterprise.objects.filter(node__path__startswith=park.path)
        .annotate(has_official=Exists(responsible))
        .select_related("node")
        .order_by("node__path")
    )
    covered, gaps = [], []
    for enterprise in enterprises:
        ok = enterprise.node.supervising_department_id is not None and enterprise.has_official
        (covered if ok else gaps).append(enterprise)
    return covered, gaps


def resumed_count(total: int, rate: float) -> int:
    """The fewest resumed whose share shows as ``rate`` at one decimal (98% of 439: 431, 98.2%)."""
    return min(total, math.ceil(total * rate))


def _park(rng: random.Random, park: Node, mode: str) -> None:
    covered, _gaps = _covered(park)
    if park.name == KUNMING:
        above = [e for e in covered if e.above_scale]
        others = [e for e in covered if not e.above_scale]
        resumed = above[
            : resumed_count(sum(1 for e in _all(park) if e.above_scale), KUNMING_ABOVE_SCALE_RATE)
        ]
        rest = above[len(resumed) :] + others
    else:
        count = int(len(covered) * OTHER_RATE)
        resumed, rest = covered[:count], covered[count:]
    applications: list[tuple[Application, str]] = []
    for enterprise in resumed:
        applications.append((_application(rng, enterprise, mode, State.RESUMED), State.RESUMED))
    waiting = (State.SUBMITTED, State.INSPECTED, State.DRAFT) if mode == Mode.APPROVAL else (State.DRAFT,)
    for i, enterprise in enumerate(rest):
        state = waiting[i % len(waiting)]
        applications.append((_application(rng, enterprise, mode, state, green=i == 0), state))
    if resumed and park.name != KUNMING:
        suspended = applications[0][0]
        suspended.state = State.SUSPENDED
        suspended.suspension_conditions = "全面消杀，14天无新增病例"
        applications[0] = (suspended, State.SUSPENDED)
    Application.objects.bulk_create([a for a, _state in applications])
    Transition.objects.bulk_create([t for a, _state in applications for t in _steps(a, mode)])


def _all(park: Node) -> list[Enterprise]:
    return list(Enterprise.objects.filter(node__path__startswith=park.path))


def _application(
    rng: random.Random, enterprise: Enterprise, mode: str, state: str, green: bool = False
) -> Application:
    total = max(enterprise.headcount, 1)
    elsewhere = total // 3
    planned = FIRST_DAY + dt.timedelta(days=rng.randrange(0, 14))
    submitted = dt.datetime.combine(planned - dt.timedelta(days=3), dt.time(9), tzinfo=TZ)
    return Application(
        enterprise=enterprise,
        mode=mode,
        state=state,
        planned_date=planned,
        resumed_on=planned if state in (State.RESUMED, State.SUSPENDED) else None,
        headcount_total=total,
        headcount_local=total - elsewhere,
        headcount_elsewhere=elsewhere,
        headcount_risk_areas=min(elsewhere, rng.randrange(0, 3)),
        headcount_returned=int(total * 0.8),
        headcount_isolation=min(total, rng.randrange(0, 2)),
        prevention_group=True,
        prevention_head=enterprise.contact_name or "防控组长",
        temperature_checks=True,
        disinfection_schedule="每日早晚各一次",
        canteen_arrangements="错峰分餐",
        dormitory_arrangements="每间不超过4人",
        isolation_rooms=rng.randrange(1, 4),
        emergency_plan=True,
        masks_days=rng.randrange(7, 30),
        thermometers_days=30,
        disinfectant_days=rng.randrange(7, 30),
        green_channel=green,
        green_channel_reason="生产防疫物资" if green else "",
        submitted_at=None if state == State.DRAFT else submitted,
        due_at=None
        if state in (State.DRAFT,) or mode == Mode.FILING
        else submitted + dt.timedelta(hours=24 if green else 72),
    )


PATHS = {
    (Mode.APPROVAL, State.DRAFT): (),
    (Mode.APPROVAL, State.SUBMITTED): ((Action.SUBMIT, State.SUBMITTED),),
    (Mode.APPROVAL, State.INSPECTED): ((Action.SUBMIT, State.SUBMITTED), (Action.INSPECT, State.INSPECTED)),
    (Mode.APPROVAL, State.RESUMED): (
        (Action.SUBMIT, State.SUBMITTED),
        (Action.INSPECT, State.INSPECTED),
        (Action.APPROVE, State.APPROVED),
        (Action.RESUME, State.RESUMED),
    ),
    (Mode.FILING, State.DRAFT): (),
    (Mode.FILING, State.RESUMED): ((Action.SUBMIT, State.FILED), (Action.RESUME, State.RESUMED)),
}


def _steps(application: Application, mode: str) -> list[Transition]:
    state = application.state
    path = list(PATHS[(mode, State.RESUMED if state == State.SUSPENDED else state)])
    if state == State.SUSPENDED:
        path.append((Action.SUSPEND, State.SUSPENDED))
    day = application.planned_date - dt.timedelta(days=4)
    steps = [
        Transition(application=application, action=Action.CREATE, to_state=State.DRAFT, effective_on=day)
    ]
    source = State.DRAFT
    for i, (action, target) in enumerate(path):
        effective = application.planned_date if action == Action.RESUME else day + dt.timedelta(days=i + 1)
        if action == Action.SUSPEND:
            effective = application.planned_date + dt.timedelta(days=7)
        reason = "确诊1例" if action == Action.SUSPEND else ""
        steps.append(
            Transition(
                application=application,
                action=action,
                from_state=source,
                to_state=target,
                effective_on=effective,
                reason=reason,
            )
        )
        source = target
    return steps
