"""Return plans (分批返程): run the planner for a park, adjust by hand, approve; approval makes the buses.

A run (``plan_run``) stores the plan in the state "solving" with its inputs, commits, and hands the
solve to a background job (``tasks.solve_plan`` through ``core.tasks.enqueue``, so TASKS_MODE decides
where): for thousands of returnees loading and solving take seconds to tens of seconds. The job records
its stage and counts on the plan (the plan page refreshes itself while it runs), writes the entries and
the figures in one transaction and sets the state draft; a failure sets "failed" with the error and
writes nothing. The plan stores what the planner saw — free beds per site and day, bus seats per origin group — so a hand
edit is re-checked against the same capacities with ``planner.check_plan``.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ServiceError
from parkguard.core.tasks import enqueue
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node

from . import planner
from .choices import PlanStage, PlanState
from .models import (
    IsolationSite,
    IsolationStay,
    PlanEntry,
    Returnee,
    ReturnPlan,
    RunPassenger,
    TransportRun,
    origin_group_of,
)
from .origin import origin_control_many
from .registration import placed_elsewhere
from .services import check_command, today
from .wording import violation_text

KEY_WEIGHT = 3
MAX_HORIZON = 60
MAX_OBSERVATION = 30
TIME_LIMIT = 20.0
DROPPED = "dropped"
SOLVE_TASK = "parkguard.returns.tasks.solve_plan"

logger = logging.getLogger(__name__)


def _occupied(sites: list[IsolationSite], first_day: dt.date, horizon: int) -> dict[int, list[int]]:
    try:
        from .occupancy import occupied_beds
    except ImportError:  # the isolation half is not there yet: every bed is free
        return {}
    return occupied_beds(sites=sites, first_day=first_day, horizon_days=horizon)


def _check_inputs(
    park: Node,
    first_day: Any,
    horizon_days: int,
    observation_days: int,
    bus_seats: int,
    quota: dict,
    sites: list,
) -> dict[str, int]:
    errors: dict[str, list[ValidationError]] = {}

    def fail(name: str, message: Any, code: str, **params: Any) -> None:
        errors.setdefault(name, []).append(ValidationError(message, code=code, params=params or None))

    if park.kind != NodeKind.PARK:
        fail("park", _("Plans are made for a park."), "not_park")
    if not isinstance(first_day, dt.date):
        fail("first_day", _("Enter the first day."), "first_day")
    elif first_day < today():
        fail("first_day", _("The first day cannot be in the past."), "first_day_past")
    if not 1 <= horizon_days <= MAX_HORIZON:
        fail("horizon_days", _("Plan between 1 and %(max)s days."), "horizon", max=MAX_HORIZON)
    if not 1 <= observation_days <= MAX_OBSERVATION:
        fail(
            "observation_days",
            _("The observation lasts 1 to %(max)s days."),
            "observation",
            max=MAX_OBSERVATION,
        )
    if bus_seats < 0:
        fail("bus_seats", _("Seats cannot be negative."), "seats")
    clean: dict[str, int] = {}
    for key, seats in (quota or {}).items():
        code = str(key).strip()
        if len(code) != 6 or not code.isdigit() or not isinstance(seats, int) or seats < 0:
            fail(
                "bus_quota", _("Give each origin group as a six-digit code with a number of seats."), "quota"
            )
            break
        clean[origin_group_of(code)] = seats
    if not sites:
        fail("sites", _("Choose at least one isolation site."), "no_site")
    elif any(not s.node.path.startswith(park.path) for s in sites):
        fail("sites", _("Every isolation site must belong to the park."), "site_park")
    if errors:
        raise ServiceError(errors)
    return clean


def candidates(*, park: Node, on: dt.date) -> tuple[list[Returnee], dict[int, list]]:
    """The park's returnees the planner may place, and those origin control blocks (with the reasons).

    Left out: returnees placed in another draft or approved plan, and those already on their way or
    arrived (on a run).
    """
    placed = PlanEntry.objects.filter(arrival_date__isnull=False, plan__state__in=PlanState.values)
    returnees = (
        Returnee.objects.filter(enterprise__path__startswith=park.path)
        .exclude(pk__in=placed.values("returnee"))
        .exclude(rides__isnull=False)
        .exclude(person__in=IsolationStay.objects.filter(released_on__isnull=True).values("person"))
        .select_related("person", "enterprise")
        .prefetch_related("travels")
        .distinct()
    )
    returnees = list(returnees)
    blocks = origin_control_many(returnees, today=on)
    free, blocked = [], {}
    for returnee in returnees:
        reasons = blocks[returnee.pk]
        if reasons:
            blocked[returnee.pk] = reasons
        else:
            free.append(returnee)
    return free, blocked


def _window(returnee: Returnee, first_day: dt.date, horizon: int) -> tuple[int, int]:
    earliest = (returnee.earliest_arrival - first_day).days if returnee.earliest_arrival else 0
    latest = (returnee.latest_arrival - first_day).days if returnee.latest_arrival else horizon - 1
    return earliest, latest


def instance_of(plan: ReturnPlan, returnees: list[Returnee]) -> planner.Instance:
    """The planner's view of a stored plan: its capacities, and the returnees' windows today."""
    horizon = plan.horizon_days
    people = []
    for r in returnees:
        earliest, latest = _window(r, plan.first_day, horizon)
        weight = KEY_WEIGHT if r.key_position else 1
        people.append(planner.Returnee(str(r.pk), weight, earliest, latest, r.origin_group))
    sites = tuple(planner.Site(str(pk), list(caps)) for pk, caps in sorted(plan.site_capacity.items()))
    groups = sorted({r.origin_group for r in returnees})
    buses = tuple(
        planner.Bus(g, g, plan.bus_quota.get(g, plan.bus_seats), frozenset(range(horizon))) for g in groups
    )
    return planner.Instance(tuple(people), sites, buses, horizon, plan.observation_days)


def plan_run(
    *,
    actor: Any,
    park: Node,
    first_day: dt.date,
    horizon_days: int,
    observation_days: int,
    bus_seats: int,
    bus_quota: dict[str, int] | None = None,
    sites: list[IsolationSite],
    time_limit: float = TIME_LIMIT,
    inline: bool = False,
) -> ReturnPlan:
    """Store a plan for ``park`` in the state "solving" and start the planner's job.

    The job runs as TASKS_MODE says (at once in ``sync``); ``inline=True`` runs it here whatever the
    mode (the demo, which approves the plan right after). Returns the plan as it is now: solving, or
    draft (failed) when the job has already run.
    """
    with transaction.atomic():
        plan = _plan_create(
            actor=actor,
            park=park,
            first_day=first_day,
            horizon_days=horizon_days,
            observation_days=observation_days,
            bus_seats=bus_seats,
            bus_quota=bus_quota,
            sites=sites,
            time_limit=time_limit,
        )
    if inline:
        solve(plan.pk)
    else:
        enqueue(SOLVE_TASK, plan.pk)
    return ReturnPlan.objects.select_related("park").get(pk=plan.pk)


def _plan_create(
    *,
    actor: Any,
    park: Node,
    first_day: dt.date,
    horizon_days: int,
    observation_days: int,
    bus_seats: int,
    bus_quota: dict[str, int] | None,
    sites: list[IsolationSite],
    time_limit: float,
) -> ReturnPlan:
    check_command(actor, park)
    quota = _check_inputs(park, first_day, horizon_days, observation_days, bus_seats, bus_quota or {}, sites)
    taken = _occupied(sites, first_day, horizon_days)
    capacity = {
        str(s.pk): [max(0, s.capacity - n) for n in taken.get(s.pk, [0] * horizon_days)] for s in sites
    }
    plan = ReturnPlan.objects.create(
        park=park,
        state=PlanState.SOLVING,
        stage=PlanStage.QUEUED,
        first_day=first_day,
        horizon_days=horizon_days,
        observation_days=observation_days,
        bus_seats=bus_seats,
        bus_quota=quota,
        site_capacity=capacity,
        time_limit=time_limit,
        created_by=actor,
    )
    plan.sites.set(sites)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=plan, node=park, changes={"state": plan.state})
    return plan


def _progress(plan_id: int, **fields: Any) -> None:
    # Committed at once (outside the job's final transaction), so the plan page sees it while it runs.
    ReturnPlan.objects.filter(pk=plan_id, state=PlanState.SOLVING).update(**fields)


def solve(plan_id: int) -> None:
    """The planner's job: load the returnees, solve, write entries and figures; the plan becomes draft.

    Runs once per plan (a plan no longer solving is left alone, e.g. a job delivered twice). Any error
    sets the plan "failed" with the message, and nothing of the result is written.
    """
    plan = ReturnPlan.objects.select_related("park", "created_by").filter(pk=plan_id).first()
    if plan is None or plan.state != PlanState.SOLVING:
        return
    try:
        _progress(plan_id, stage=PlanStage.LOADING)
        free, _blocked = candidates(park=plan.park, on=today())
        _progress(plan_id, stage=PlanStage.SOLVING, returnee_count=len(free))
        result = planner.plan_returns(instance_of(plan, free), time_limit=plan.time_limit, workers=2)
        _progress(plan_id, stage=PlanStage.WRITING)
        with transaction.atomic():
            current = ReturnPlan.objects.select_for_update().get(pk=plan_id)
            if current.state != PlanState.SOLVING:
                return
            _store_result(current, free, result)
            audit_record(
                actor=plan.created_by,
                action=AuditAction.UPDATE,
                obj=current,
                node=plan.park,
                changes={
                    "state": [PlanState.SOLVING, PlanState.DRAFT],
                    "placed": len(result.assignments),
                    "unplaced": len(result.unplaced),
                },
            )
    except Exception as exc:  # any failure of the job is shown on the plan
        logger.exception("return plan %s: the planner failed", plan_id)
        message = "; ".join(getattr(exc, "messages", None) or [str(exc) or exc.__class__.__name__])
        _progress(plan_id, state=PlanState.FAILED, stage=PlanStage.DONE, error=message[:2000])


def _store_result(plan: ReturnPlan, returnees: list[Returnee], result: planner.Plan) -> None:
    plan.objective = result.objective
    plan.bound = result.bound if math.isfinite(result.bound) else 0
    plan.bound_kind = result.bound_kind
    plan.solver_status = result.status
    plan.solve_seconds = round(result.solve_seconds, 3)
    sites = {str(s.pk): s for s in plan.sites.all()}
    entries = []
    for r in returnees:
        placed = result.assignments.get(str(r.pk))
        if placed is not None:
            day = plan.first_day + dt.timedelta(days=placed.day)
            entries.append(PlanEntry(plan=plan, returnee=r, arrival_date=day, site=sites[placed.site]))
        else:
            reasons = [
                {"code": e.code, "days": list(e.days), "message": e.message}
                for e in result.unplaced.get(str(r.pk), [])
            ]
            entries.append(PlanEntry(plan=plan, returnee=r, explanation=reasons))
    PlanEntry.objects.bulk_create(entries)
    plan.state, plan.stage, plan.written_count, plan.error = PlanState.DRAFT, PlanStage.DONE, len(entries), ""
    plan.save()


def _locked_plan(plan: ReturnPlan, *, failed_ok: bool = False) -> ReturnPlan:
    current = ReturnPlan.objects.select_for_update().select_related("park").get(pk=plan.pk)
    if current.state == PlanState.SOLVING and not (failed_ok and current.job_lost):
        raise ServiceError(
            _("The planner is still working on this plan; wait until it has finished."), code="plan_solving"
        )
    if current.state == PlanState.FAILED and not failed_ok:
        raise ServiceError(
            _("The planner failed on this plan: it can only be discarded."), code="plan_failed"
        )
    if current.state == PlanState.APPROVED:
        raise ServiceError(_("An approved plan can no longer be changed."), code="plan_approved")
    return current


def _assignments(plan: ReturnPlan) -> tuple[dict[str, planner.Assignment], list[Returnee]]:
    entries = plan.entries.select_related("returnee")
    placed = {
        str(e.returnee_id): planner.Assignment((e.arrival_date - plan.first_day).days, str(e.site_id))
        for e in entries
        if e.arrival_date is not None
    }
    return placed, [e.returnee for e in entries]


def check(plan: ReturnPlan, placed: dict[str, planner.Assignment], returnees: list[Returnee]) -> list[str]:
    """The capacities and windows this assignment breaks, in words (empty: it fits)."""
    names = {str(r.pk): str(r) for r in returnees}
    sites = {str(s.pk): str(s) for s in plan.sites.all()}
    violations = planner.check_plan(placed, instance_of(plan, returnees))
    return [violation_text(v, plan=plan, names=names, sites=sites) for v in violations]


@transaction.atomic
def plan_entry_edit(
    *, actor: Any, entry: PlanEntry, arrival_date: dt.date | None, site: IsolationSite | None
) -> PlanEntry:
    """Move an entry to another date or site, or drop it (both empty); refused if a capacity breaks."""
    plan = _locked_plan(entry.plan)
    check_command(actor, plan.park)
    current = PlanEntry.objects.select_related("returnee").get(pk=entry.pk, plan=plan)
    if (arrival_date is None) != (site is None):
        raise ServiceError(
            _("Give both the arrival date and the site, or neither to drop the entry."), code="date_and_site"
        )
    if site is not None and not plan.sites.filter(pk=site.pk).exists():
        raise ServiceError(_("This isolation site is not one of the plan's sites."), code="site_not_in_plan")
    if arrival_date is not None and placed_elsewhere(current.returnee, plan_id=plan.pk) is not None:
        raise ServiceError(
            _("%(name)s already has a place in another plan."),
            code="in_other_plan",
            params={"name": current.returnee},
        )
    placed, returnees = _assignments(plan)
    key = str(current.returnee_id)
    placed.pop(key, None)
    if arrival_date is not None and site is not None:
        placed[key] = planner.Assignment((arrival_date - plan.first_day).days, str(site.pk))
    problems = check(plan, placed, returnees)
    if problems:
        raise ServiceError(problems, code="capacity")
    before = [str(current.arrival_date), current.site_id]
    current.arrival_date, current.site, current.edited = arrival_date, site, True
    current.explanation = (
        [] if site is not None else [{"code": DROPPED, "days": [], "message": "dropped by hand"}]
    )
    current.save()
    _rescore(plan, placed, returnees)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        node=plan.park,
        changes={
            "arrival_date": [before[0], str(arrival_date)],
            "site": [before[1], getattr(site, "pk", None)],
        },
    )
    return current


def _rescore(plan: ReturnPlan, placed: dict[str, planner.Assignment], returnees: list[Returnee]) -> None:
    plan.objective = planner.objective_of(placed, instance_of(plan, returnees))
    plan.save(update_fields=["objective"])


@transaction.atomic
def plan_discard(*, actor: Any, plan: ReturnPlan) -> None:
    """Delete a draft or a failed plan, or one whose job was lost (its returnees become free again)."""
    current = _locked_plan(plan, failed_ok=True)
    check_command(actor, current.park)
    audit_record(actor=actor, action=AuditAction.DELETE, obj=current, node=current.park)
    current.delete()


def _approval_blocks(plan: ReturnPlan, on: dt.date) -> list[str]:
    problems = []
    entries = list(plan.entries.filter(arrival_date__isnull=False).select_related("returnee__enterprise"))
    blocks = origin_control_many([entry.returnee for entry in entries], today=on)
    taken = set(
        PlanEntry.objects.filter(
            returnee__in=[entry.returnee_id for entry in entries],
            arrival_date__isnull=False,
            plan__state=PlanState.APPROVED,
        )
        .exclude(plan=plan)
        .values_list("returnee", flat=True)
    )
    for entry in entries:
        if entry.returnee_id in taken:
            problems.append(
                str(_("%(name)s already has a place in another approved plan.") % {"name": entry.returnee})
            )
        for block in blocks[entry.returnee.pk]:
            problems.append(f"{entry.returnee}: {block.message}")
    return problems


@transaction.atomic
def plan_approve(*, actor: Any, plan: ReturnPlan) -> ReturnPlan:
    """Approve a draft: capacities and origin control are checked again, then the buses are made."""
    current = _locked_plan(plan)
    check_command(actor, current.park)
    placed, returnees = _assignments(current)
    if not placed:
        raise ServiceError(
            _("Nobody is placed in this plan: there is nothing to approve."), code="plan_empty"
        )
    problems = check(current, placed, returnees) + _approval_blocks(current, today())
    if problems:
        raise ServiceError(problems, code="plan_not_approvable")
    current.state = PlanState.APPROVED
    current.approved_by, current.approved_at = actor, timezone.now()
    current.save(update_fields=["state", "approved_by", "approved_at"])
    runs = _make_runs(current)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        node=current.park,
        changes={"state": [PlanState.DRAFT, PlanState.APPROVED], "runs": len(runs)},
    )
    return current


def _make_runs(plan: ReturnPlan) -> list[TransportRun]:
    """One point-to-point run per arrival date and origin group; its seats are the group's quota."""
    by_bus: dict[tuple[dt.date, str], list[PlanEntry]] = defaultdict(list)
    for entry in plan.entries.filter(arrival_date__isnull=False).select_related("returnee"):
        by_bus[(entry.arrival_date, entry.returnee.origin_group)].append(entry)
    runs = []
    for (day, group), entries in sorted(by_bus.items()):
        seats = plan.bus_quota.get(group, plan.bus_seats)
        run = TransportRun.objects.create(plan=plan, arrival_date=day, origin_group=group, seats=seats)
        RunPassenger.objects.bulk_create(RunPassenger(run=run, entry=e, returnee=e.returnee) for e in entries)
        runs.append(run)
    return runs
