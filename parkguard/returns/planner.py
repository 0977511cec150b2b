"""The return batch planner (issue #7): arrival days that fit isolation beds and bus seats.

A pure module (no Django): the returns app maps its models to these dataclasses and back.

Days are integers ``0 .. horizon - 1`` counted from the plan's first day. A returnee placed on day ``d``
rides a bus of their origin group on day ``d`` and occupies one bed at one isolation site on every day of
``[d, d + period)``. The planner maximises ``Σ weight × (horizon − d)`` over the placed returnees, so
priority-weighted people come back as early as the capacities allow and being placed late still beats
not being placed at all. No capacity is exceeded on any day of the horizon; a site's capacity after the
horizon is taken to stay at its last day's value, and then the days after the horizon need no check (the
people present there arrived within the last ``period`` days, a subset of those present on the last
day).

The model (ADR 0018) aggregates: returnees that no constraint tells apart — same origin, usable window,
weight and site — form one group with an integer count of arrivals per day, and arrivals of "any site"
people are split over sites by integer counts per site and day. That is exact: any integer solution of
the aggregated model is assigned to individuals afterwards without breaking a capacity, and vice versa.
CP-SAT solves it under a time limit; the upper bound is the tighter of the LP relaxation of the same
model (solved by GLOP) and CP-SAT's own best bound, and the report says which.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

ANY_SITE = None

# Reason codes of an unplaced returnee (the message says it in words, with the days concerned).
EMPTY_WINDOW = "empty_window"
OUTSIDE_HORIZON = "outside_horizon"
UNKNOWN_SITE = "unknown_site"
NO_BUS = "no_bus"
NO_BED = "no_bed"
NO_DAY_WITH_BOTH = "no_day_with_both"
BUS_FULL = "bus_full"
BEDS_FULL = "beds_full"
NOT_CHOSEN = "not_chosen"

# Violation codes of check_plan.
V_UNKNOWN_RETURNEE = "unknown_returnee"
V_UNKNOWN_SITE = "unknown_site"
V_WRONG_SITE = "wrong_site"
V_OUTSIDE_WINDOW = "outside_window"
V_OUTSIDE_HORIZON = "outside_horizon"
V_BEDS = "beds_over_capacity"
V_SEATS = "seats_over_capacity"


class PlannerInputError(ValueError):
    """The instance itself is malformed (negative capacity, duplicate id, ...)."""


@dataclass(frozen=True)
class Returnee:
    """One person to bring back. ``weight`` is the priority (key positions get a larger one)."""

    id: str
    weight: int
    earliest: int
    latest: int
    origin: str
    site: str | None = ANY_SITE


@dataclass(frozen=True)
class Site:
    """An isolation site: free beds per day, one number for every day or one per day of the horizon."""

    id: str
    capacity: int | Sequence[int]

    def beds(self, day: int, horizon: int) -> int:
        if isinstance(self.capacity, int):
            return self.capacity
        if not self.capacity:
            return 0
        return self.capacity[min(day, len(self.capacity) - 1, horizon - 1)]


@dataclass(frozen=True)
class Bus:
    """A chartered bus from one origin group: ``seats`` on each of its usable ``days``."""

    id: str
    origin: str
    seats: int
    days: frozenset[int]


@dataclass(frozen=True)
class Instance:
    returnees: tuple[Returnee, ...]
    sites: tuple[Site, ...]
    buses: tuple[Bus, ...]
    horizon: int
    period: int = 14

    def __post_init__(self):
        if self.horizon < 1:
            raise PlannerInputError("horizon must be at least one day")
        if self.period < 1:
            raise PlannerInputError("the observation period must be at least one day")
        ids = [r.id for r in self.returnees]
        if len(set(ids)) != len(ids):
            raise PlannerInputError("returnee ids must be unique")
        site_ids = [s.id for s in self.sites]
        if len(set(site_ids)) != len(site_ids):
            raise PlannerInputError("site ids must be unique")
        for r in self.returnees:
            if r.weight < 1:
                raise PlannerInputError(f"returnee {r.id}: the weight must be a positive integer")
        for s in self.sites:
            caps = [s.capacity] if isinstance(s.capacity, int) else list(s.capacity)
            if any(c < 0 for c in caps):
                raise PlannerInputError(f"site {s.id}: capacity cannot be negative")
        for b in self.buses:
            if b.seats < 0:
                raise PlannerInputError(f"bus {b.id}: seats cannot be negative")

    def bed_capacity(self) -> dict[str, list[int]]:
        return {s.id: [s.beds(t, self.horizon) for t in range(self.horizon)] for s in self.sites}

    def seat_capacity(self) -> dict[str, list[int]]:
        seats: dict[str, list[int]] = defaultdict(lambda: [0] * self.horizon)
        for b in self.buses:
            for d in b.days:
                if 0 <= d < self.horizon:
                    seats[b.origin][d] += b.seats
        return dict(seats)

    def usable_days(self, r: Returnee) -> range:
        return range(max(r.earliest, 0), min(r.latest, self.horizon - 1) + 1)


@dataclass(frozen=True)
class Assignment:
    day: int
    site: str


@dataclass(frozen=True)
class Explanation:
    code: str
    message: str
    days: tuple[int, ...] = ()


@dataclass(frozen=True)
class Violation:
    code: str
    message: str
    day: int | None = None
    where: str = ""
    used: int = 0
    capacity: int = 0
    returnees: tuple[str, ...] = ()


@dataclass
class Plan:
    assignments: dict[str, Assignment]
    unplaced: dict[str, list[Explanation]]
    objective: int
    bound: float
    bound_kind: str
    lp_bound: float | None
    cpsat_bound: float | None
    solve_seconds: float
    status: str
    groups: int = 0
    variables: int = 0
    stats: dict = field(default_factory=dict)

    @property
    def gap(self) -> float:
        """Relative gap ``(bound − objective) / bound`` (0 when the bound is 0, 1 when there is none)."""
        if not math.isfinite(self.bound):
            return 1.0
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.objective) / self.bound)

    @property
    def quality(self) -> float:
        return 1.0 if self.bound <= 0 else self.objective / self.bound


def objective_of(assignments: Mapping[str, Assignment], instance: Instance) -> int:
    weights = {r.id: r.weight for r in instance.returnees}
    return sum(weights[rid] * (instance.horizon - a.day) for rid, a in assignments.items())


# --- the aggregated model -------------------------------------------------------------------------


@dataclass
class _Group:
    origin: str
    site: str | None
    window: tuple[int, ...]  # usable arrival days with bus seats and (static) room for a bed
    weight: int
    members: list[str]


def _group(instance: Instance, bus_days: dict[str, set[int]], bed_days: dict[str | None, set[int]]):
    by_key: dict[tuple, _Group] = {}
    for r in sorted(instance.returnees, key=lambda r: r.id):
        if r.site is not ANY_SITE and r.site not in bed_days:
            continue
        days = tuple(
            d for d in instance.usable_days(r) if d in bus_days.get(r.origin, ()) and d in bed_days[r.site]
        )
        if not days:
            continue
        key = (r.origin, r.site, days, r.weight)
        g = by_key.get(key)
        if g is None:
            g = by_key[key] = _Group(r.origin, r.site, days, r.weight, [])
        g.members.append(r.id)
    return list(by_key.values())


def _static_bed_days(instance: Instance, caps: dict[str, list[int]]) -> dict[str | None, set[int]]:
    """Arrival days on which a site has at least one bed free on every day of the period (empty plan)."""
    out: dict[str | None, set[int]] = {}
    p = instance.period
    for sid, cap in caps.items():
        out[sid] = {d for d in range(instance.horizon) if min(cap[d : d + p]) >= 1}
    out[ANY_SITE] = set().union(*[out[s] for s in caps]) if caps else set()
    return out


def plan_returns(
    instance: Instance,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    warm_start: bool = True,
) -> Plan:
    """Propose an arrival day and site for as many returnees as fit; explain everyone left out.

    With ``warm_start`` (the default) CP-SAT starts from the better of the rounded LP solution and the
    greedy plan, and is not run at all when that plan already reaches the LP bound; without it CP-SAT
    solves the model from scratch (the tests use that to exercise the solver itself)."""
    from ortools.sat.python import cp_model

    started = time.perf_counter()
    horizon, period = instance.horizon, instance.period
    caps = instance.bed_capacity()
    seats = instance.seat_capacity()
    bus_days = {o: {d for d, n in enumerate(v) if n > 0} for o, v in seats.items()}
    bed_days = _static_bed_days(instance, caps)
    groups = _group(instance, bus_days, bed_days)
    site_ids = [s.id for s in instance.sites]

    model = cp_model.CpModel()
    z: dict[tuple[int, int], object] = {}  # (group, day) -> arrivals of the group that day
    per_site_day: dict[tuple[str, int], list] = defaultdict(list)
    per_origin_day: dict[tuple[str, int], list] = defaultdict(list)
    any_day: dict[int, list] = defaultdict(list)
    for gi, g in enumerate(groups):
        n = len(g.members)
        gvars = []
        for d in g.window:
            v = model.new_int_var(0, n, f"z{gi}_{d}")
            z[gi, d] = v
            gvars.append(v)
            per_origin_day[g.origin, d].append(v)
            if g.site is ANY_SITE:
                any_day[d].append(v)
            else:
                per_site_day[g.site, d].append(v)
        model.add(sum(gvars) <= n)
    # Split the "any site" arrivals of each day over the sites.
    y: dict[tuple[str, int], object] = {}
    for d, vs in any_day.items():
        ys = []
        for sid in site_ids:
            if d in bed_days[sid]:
                v = model.new_int_var(0, min(caps[sid][d : d + period]), f"y{sid}_{d}")
                y[sid, d] = v
                ys.append(v)
                per_site_day[sid, d].append(v)
        model.add(sum(ys) == sum(vs))
    for (origin, d), vs in per_origin_day.items():
        model.add(sum(vs) <= seats[origin][d])
    for sid in site_ids:
        for t in range(horizon):
            present = [
                v for d in range(max(0, t - period + 1), t + 1) for v in per_site_day.get((sid, d), ())
            ]
            if present:
                model.add(sum(present) <= caps[sid][t])
    coeff = {(gi, d): groups[gi].weight * (horizon - d) for (gi, d) in z}
    model.maximize(sum(coeff[k] * v for k, v in z.items()))

    # Start from the better of two plans: the LP relaxation rounded down (then topped up greedily), and
    # the greedy plan (heaviest first, each on their earliest day with a seat and a bed).
    lp, lp_z, lp_y = _lp_bound(groups, instance, caps, seats, bed_days) if z else (0.0, {}, {})
    greedy: dict[str, Assignment] = {}
    if warm_start:
        greedy = _fill_gaps({}, instance, caps, seats)
        rounded = _fill_gaps(_round_lp(groups, lp_z, lp_y, instance, caps, seats), instance, caps, seats)
        if objective_of(rounded, instance) > objective_of(greedy, instance):
            greedy = rounded
    member_of = {rid: gi for gi, g in enumerate(groups) for rid in g.members}
    by_id = {r.id: r for r in instance.returnees}
    hint_z: Counter = Counter()
    hint_y: Counter = Counter()
    for rid, a in greedy.items():
        hint_z[member_of[rid], a.day] += 1
        if by_id[rid].site is ANY_SITE:
            hint_y[a.site, a.day] += 1
    if warm_start:
        for k, v in z.items():
            model.add_hint(v, hint_z[k])
        for k, v in y.items():
            model.add_hint(v, hint_y[k])

    cpsat_bound: float | None = None
    hint_value = objective_of(greedy, instance)
    assignments = greedy
    lp_floor = math.floor(lp + 1e-6) if math.isfinite(lp) else math.inf
    if hint_value >= lp_floor:
        # The starting plan already reaches the LP bound: it is optimal, CP-SAT has nothing to add.
        status = "OPTIMAL"
    else:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = time_limit
        solver.parameters.num_workers = max(1, workers)
        solver.parameters.random_seed = seed
        solver.parameters.linearization_level = 2
        status_code = solver.solve(model)
        status = solver.status_name(status_code)
        if status_code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            counts = {k: int(solver.value(v)) for k, v in z.items()}
            split = {k: int(solver.value(v)) for k, v in y.items()}
            cpsat_bound = float(solver.best_objective_bound)
            solved = _fill_gaps(
                _to_individuals(groups, counts, split, site_ids, instance), instance, caps, seats
            )
            if objective_of(solved, instance) >= hint_value:
                assignments = solved
    assignments = _order_by_weight(assignments, instance)
    objective = objective_of(assignments, instance)
    solve_seconds = time.perf_counter() - started

    candidates: list[tuple[float, str]] = [(math.inf, "none")]
    if math.isfinite(lp):
        candidates.append((lp_floor, "lp_relaxation"))
    if cpsat_bound is not None:
        candidates.append((cpsat_bound, "cpsat_best_bound"))
    bound, kind = min(candidates)
    if objective >= bound:
        status = "OPTIMAL"
    unplaced = explain_unplaced(assignments, instance)
    return Plan(
        assignments=assignments,
        unplaced=unplaced,
        objective=objective,
        bound=bound,
        bound_kind=kind,
        lp_bound=lp,
        cpsat_bound=cpsat_bound,
        solve_seconds=solve_seconds,
        status=status,
        groups=len(groups),
        variables=len(z) + len(y),
    )


def _to_individuals(groups, counts, split, site_ids, instance) -> dict[str, Assignment]:
    """Hand each group's daily counts to its members and each day's 'any site' arrivals to sites."""
    assignments: dict[str, Assignment] = {}
    any_people: dict[int, list[str]] = defaultdict(list)
    for gi, g in enumerate(groups):
        members = iter(g.members)
        for d in g.window:
            for _ in range(counts.get((gi, d), 0)):
                rid = next(members)
                if g.site is ANY_SITE:
                    any_people[d].append(rid)
                else:
                    assignments[rid] = Assignment(d, g.site)
    for d, people in any_people.items():
        it = iter(people)
        for sid in site_ids:
            for _ in range(split.get((sid, d), 0)):
                assignments[next(it)] = Assignment(d, sid)
    return assignments


def _round_lp(groups, lp_z, lp_y, instance, caps, seats) -> dict[str, Assignment]:
    """Place each group's arrivals of the LP solution rounded down, at the sites the LP split them to
    when they still fit there, else at any site with room; nobody is placed where a capacity is full."""
    horizon, period = instance.horizon, instance.period
    beds = {sid: [0] * horizon for sid in caps}
    used = {o: [0] * horizon for o in seats}
    quota = {k: math.floor(v + 1e-6) for k, v in lp_y.items()}
    out: dict[str, Assignment] = {}
    order = sorted(((gi, d) for (gi, d) in lp_z), key=lambda k: (-groups[k[0]].weight, k[1]))
    taken = defaultdict(int)
    for gi, d in order:
        g = groups[gi]
        n = math.floor(lp_z[gi, d] + 1e-6)
        days = range(d, min(d + period, horizon))
        for _ in range(n):
            if used[g.origin][d] >= seats[g.origin][d]:
                break
            sites = sorted(caps, key=lambda s: -quota.get((s, d), 0)) if g.site is ANY_SITE else [g.site]
            sid = next((s for s in sites if all(beds[s][t] < caps[s][t] for t in days)), None)
            if sid is None:
                break
            rid = g.members[taken[gi]]
            taken[gi] += 1
            out[rid] = Assignment(d, sid)
            used[g.origin][d] += 1
            if g.site is ANY_SITE:
                quota[sid, d] = quota.get((sid, d), 0) - 1
            for t in days:
                beds[sid][t] += 1
    return out


def _fill_gaps(assignments, instance, caps, seats) -> dict[str, Assignment]:
    """Greedy insertion: place anyone left out for whom a seat and a bed remain (solver stopped early)."""
    horizon, period = instance.horizon, instance.period
    beds = {sid: [0] * horizon for sid in caps}
    used = {o: [0] * horizon for o in seats}
    by_id = {r.id: r for r in instance.returnees}
    for rid, a in assignments.items():
        used[by_id[rid].origin][a.day] += 1
        for t in range(a.day, min(a.day + period, horizon)):
            beds[a.site][t] += 1
    out = dict(assignments)
    for r in sorted(instance.returnees, key=lambda r: (-r.weight, r.earliest, r.id)):
        if r.id in out or r.origin not in seats:
            continue
        sites = list(caps) if r.site is ANY_SITE else ([r.site] if r.site in caps else [])
        for d in instance.usable_days(r):
            if used[r.origin][d] >= seats[r.origin][d]:
                continue
            days = range(d, min(d + period, horizon))
            sid = next((s for s in sites if all(beds[s][t] < caps[s][t] for t in days)), None)
            if sid is None:
                continue
            out[r.id] = Assignment(d, sid)
            used[r.origin][d] += 1
            for t in days:
                beds[sid][t] += 1
            break
    return out


def _order_by_weight(assignments, instance) -> dict[str, Assignment]:
    """Within people no constraint tells apart (origin, window, site), give the earliest days to the
    heaviest weights. Exchanging two such people keeps every capacity and never lowers the objective,
    so a higher weight is never placed later than (or left out for) a lower weight of the same class."""
    classes: dict[tuple, list[Returnee]] = defaultdict(list)
    for r in instance.returnees:
        classes[r.origin, r.earliest, r.latest, r.site].append(r)
    out = dict(assignments)
    for people in classes.values():
        if len(people) < 2:
            continue
        slots = sorted(
            (assignments[r.id] for r in people if r.id in assignments), key=lambda a: (a.day, a.site)
        )
        ranked = sorted(people, key=lambda r: (-r.weight, r.id))
        for r in people:
            out.pop(r.id, None)
        for r, a in zip(ranked, slots, strict=False):
            out[r.id] = a
    return out


def _lp_bound(groups, instance, caps, seats, bed_days) -> tuple[float, dict, dict]:
    """The LP relaxation of the aggregated model (GLOP): an upper bound on any plan's objective, with
    the relaxed arrivals per (group, day) and the relaxed split per (site, day)."""
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    horizon, period = instance.horizon, instance.period
    per_site_day: dict[tuple[str, int], list] = defaultdict(list)
    per_origin_day: dict[tuple[str, int], list] = defaultdict(list)
    any_day: dict[int, list] = defaultdict(list)
    objective = solver.Objective()
    zs: dict = {}
    yv: dict = {}
    for gi, g in enumerate(groups):
        gvars = []
        for d in g.window:
            v = solver.NumVar(0, len(g.members), f"z{gi}_{d}")
            zs[gi, d] = v
            gvars.append(v)
            objective.SetCoefficient(v, g.weight * (horizon - d))
            per_origin_day[g.origin, d].append(v)
            (any_day[d] if g.site is ANY_SITE else per_site_day[g.site, d]).append(v)
        solver.Add(solver.Sum(gvars) <= len(g.members))
    for d, vs in any_day.items():
        ys = []
        for sid in caps:
            if d in bed_days[sid]:
                v = solver.NumVar(0, solver.infinity(), f"y{sid}_{d}")
                yv[sid, d] = v
                ys.append(v)
                per_site_day[sid, d].append(v)
        solver.Add(solver.Sum(ys) == solver.Sum(vs))
    for (origin, d), vs in per_origin_day.items():
        solver.Add(solver.Sum(vs) <= seats[origin][d])
    for sid in caps:
        for t in range(horizon):
            present = [
                v for d in range(max(0, t - period + 1), t + 1) for v in per_site_day.get((sid, d), ())
            ]
            if present:
                solver.Add(solver.Sum(present) <= caps[sid][t])
    objective.SetMaximization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:  # pragma: no cover - a bounded feasible LP
        return float("inf"), {}, {}
    return (
        objective.Value(),
        {k: v.solution_value() for k, v in zs.items()},
        {k: v.solution_value() for k, v in yv.items()},
    )


# --- explanations and re-checks -------------------------------------------------------------------


def _fmt_days(days: Iterable[int]) -> str:
    days = list(days)
    return ", ".join(str(d) for d in days) if days else "none"


def explain_unplaced(
    assignments: Mapping[str, Assignment], instance: Instance
) -> dict[str, list[Explanation]]:
    """Why each returnee without an assignment could not be placed, checked against the plan itself."""
    horizon, period = instance.horizon, instance.period
    caps = instance.bed_capacity()
    seats = instance.seat_capacity()
    by_id = {r.id: r for r in instance.returnees}
    beds = {sid: [0] * horizon for sid in caps}
    used: dict[str, list[int]] = defaultdict(lambda: [0] * horizon)
    for rid, a in assignments.items():
        if rid in by_id and a.site in beds and 0 <= a.day < horizon:
            used[by_id[rid].origin][a.day] += 1
            for t in range(a.day, min(a.day + period, horizon)):
                beds[a.site][t] += 1

    def free_site(sites, d, load):
        days = range(d, min(d + period, horizon))
        return any(all(load[s][t] < caps[s][t] for t in days) for s in sites)

    zero = {s: [0] * horizon for s in caps}
    out: dict[str, list[Explanation]] = {}
    for r in instance.returnees:
        if r.id in assignments:
            continue
        if r.earliest > r.latest:
            out[r.id] = [
                Explanation(
                    EMPTY_WINDOW,
                    f"the earliest arrival (day {r.earliest}) is after the latest (day {r.latest})",
                )
            ]
            continue
        window = list(instance.usable_days(r))
        if not window:
            out[r.id] = [
                Explanation(
                    OUTSIDE_HORIZON,
                    f"usable dates (days {r.earliest}–{r.latest}) are outside the planning horizon (days 0–{horizon - 1})",
                )
            ]
            continue
        if r.site is not ANY_SITE and r.site not in caps:
            out[r.id] = [Explanation(UNKNOWN_SITE, f"assigned isolation site {r.site!r} is not in the plan")]
            continue
        sites = list(caps) if r.site is ANY_SITE else [r.site]
        where = "any isolation site" if r.site is ANY_SITE else f"isolation site {r.site}"
        reasons: list[Explanation] = []
        origin_seats = seats.get(r.origin, [0] * horizon)
        seat_days = [d for d in window if origin_seats[d] > 0]
        bed_days = [d for d in window if free_site(sites, d, zero)]
        if not seat_days:
            reasons.append(
                Explanation(NO_BUS, f"no bus from origin {r.origin} on any usable day", tuple(window))
            )
        if not bed_days:
            reasons.append(
                Explanation(
                    NO_BED,
                    f"{where} has no bed for the whole {period}-day observation from any usable day",
                    tuple(window),
                )
            )
        if not reasons and not set(seat_days) & set(bed_days):
            reasons.append(
                Explanation(
                    NO_DAY_WITH_BOTH,
                    f"no usable day has both a bus from {r.origin} (days {_fmt_days(seat_days)}) and a bed at {where} for the whole observation (days {_fmt_days(bed_days)})",
                    tuple(window),
                )
            )
        if not reasons:
            full_seat = [d for d in window if used[r.origin][d] >= origin_seats[d]]
            full_bed = [d for d in window if not free_site(sites, d, beds)]
            if len(full_seat) == len(window):
                reasons.append(
                    Explanation(
                        BUS_FULL,
                        f"every bus seat from origin {r.origin} is taken on the usable days",
                        tuple(full_seat),
                    )
                )
            if len(full_bed) == len(window):
                reasons.append(
                    Explanation(
                        BEDS_FULL,
                        f"{where} is full for a {period}-day observation from every usable day",
                        tuple(full_bed),
                    )
                )
            if not reasons:
                both = sorted(set(full_seat) | set(full_bed))
                if len(both) == len(window):
                    reasons.append(
                        Explanation(
                            BUS_FULL if full_seat else BEDS_FULL,
                            f"on every usable day either the bus seats from {r.origin} (days {_fmt_days(full_seat)}) "
                            f"or the beds of {where} (days {_fmt_days(full_bed)}) are all taken",
                            tuple(both),
                        )
                    )
                else:
                    reasons.append(
                        Explanation(NOT_CHOSEN, "room remained but the plan left this person out", ())
                    )
        out[r.id] = reasons
    return out


def check_plan(plan: Plan | Mapping[str, Assignment], instance: Instance) -> list[Violation]:
    """Re-check a (possibly hand-edited) plan: every bed and seat capacity on every day, every window."""
    assignments = plan.assignments if isinstance(plan, Plan) else plan
    horizon, period = instance.horizon, instance.period
    caps = instance.bed_capacity()
    seats = instance.seat_capacity()
    by_id = {r.id: r for r in instance.returnees}
    violations: list[Violation] = []
    beds: dict[str, list[list[str]]] = {sid: [[] for _ in range(horizon)] for sid in caps}
    riders: dict[str, list[list[str]]] = defaultdict(lambda: [[] for _ in range(horizon)])
    for rid, a in sorted(assignments.items()):
        r = by_id.get(rid)
        if r is None:
            violations.append(
                Violation(V_UNKNOWN_RETURNEE, f"{rid} is not a returnee of this instance", returnees=(rid,))
            )
            continue
        if a.site not in caps:
            violations.append(
                Violation(
                    V_UNKNOWN_SITE,
                    f"{rid}: site {a.site!r} does not exist",
                    a.day,
                    str(a.site),
                    returnees=(rid,),
                )
            )
            continue
        if r.site is not ANY_SITE and a.site != r.site:
            violations.append(
                Violation(
                    V_WRONG_SITE,
                    f"{rid} must go to site {r.site}, not {a.site}",
                    a.day,
                    a.site,
                    returnees=(rid,),
                )
            )
        if not 0 <= a.day < horizon:
            violations.append(
                Violation(
                    V_OUTSIDE_HORIZON,
                    f"{rid}: day {a.day} is outside the horizon",
                    a.day,
                    a.site,
                    returnees=(rid,),
                )
            )
            continue
        if not r.earliest <= a.day <= r.latest:
            violations.append(
                Violation(
                    V_OUTSIDE_WINDOW,
                    f"{rid}: day {a.day} is outside days {r.earliest}–{r.latest}",
                    a.day,
                    a.site,
                    returnees=(rid,),
                )
            )
        riders[r.origin][a.day].append(rid)
        for t in range(a.day, min(a.day + period, horizon)):
            beds[a.site][t].append(rid)
    for sid, days in beds.items():
        for t, people in enumerate(days):
            if len(people) > caps[sid][t]:
                violations.append(
                    Violation(
                        V_BEDS,
                        f"site {sid} on day {t}: {len(people)} people for {caps[sid][t]} beds",
                        t,
                        sid,
                        len(people),
                        caps[sid][t],
                        tuple(people),
                    )
                )
    for origin, days in riders.items():
        for d, people in enumerate(days):
            cap = seats.get(origin, [0] * horizon)[d]
            if len(people) > cap:
                violations.append(
                    Violation(
                        V_SEATS,
                        f"buses from {origin} on day {d}: {len(people)} riders for {cap} seats",
                        d,
                        origin,
                        len(people),
                        cap,
                        tuple(people),
                    )
                )
    return violations
