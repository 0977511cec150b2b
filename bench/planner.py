"""Return batch planner (issue #7): how close to optimal is the plan for a large return?

No database: the script needs only ``parkguard.returns.planner`` (OR-Tools CP-SAT)::

    .venv/bin/python bench/planner.py                      # 10,000 returnees, 50 sites, 30 days
    .venv/bin/python bench/planner.py --returnees 2000     # smaller run

The instance is random but seeded: origin divisions whose people travel in a few usable windows each,
chartered buses on some days of each origin, isolation sites of 20–80 beds (some with fewer beds in
the first week), a 14-day observation, weights 10 (key positions), 3 and 1, a fifth of the people
bound to their enterprise's own site. Beds are scarcer than people, so some are left out and explained.

    quality = objective / upper bound     target ≥ 0.98

The planner starts from the better of the rounded LP solution and a greedy plan, and runs CP-SAT only
if that start falls short of the LP bound; ``--cold`` runs CP-SAT from scratch instead, for comparison.
The upper bound is the tighter of the LP relaxation of the aggregated model (GLOP) and CP-SAT's best
bound; the script says which. Exit status 0 if the target is met and check_plan finds no violation.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parkguard.returns.planner import Bus, Instance, Returnee, Site, check_plan, plan_returns

TARGET = 0.98


def make_instance(
    returnees: int, sites: int, horizon: int, *, origins: int = 40, period: int = 14, seed: int = 7
) -> Instance:
    rng = random.Random(seed)
    site_list = []
    for i in range(sites):
        beds = rng.randint(20, 80)
        if rng.random() < 0.3:  # still emptying out: fewer beds free during the first week
            first = rng.randint(0, beds // 2)
            capacity: int | tuple[int, ...] = tuple(first if t < 7 else beds for t in range(horizon))
        else:
            capacity = beds
        site_list.append(Site(f"S{i:02d}", capacity))
    origin_names = [f"O{i:02d}" for i in range(origins)]
    windows = {}
    for o in origin_names:
        windows[o] = []
        for _ in range(4):
            start = rng.randint(0, horizon - 8)
            windows[o].append((start, min(horizon - 1, start + rng.randint(3, 10))))
    buses = []
    for o in origin_names:
        for b in range(rng.randint(1, 3)):
            days = frozenset(d for d in range(horizon) if rng.random() < 0.6)
            buses.append(Bus(f"{o}-B{b}", o, rng.choice([33, 45, 53]), days))
    people = []
    for i in range(returnees):
        o = rng.choice(origin_names)
        earliest, latest = rng.choice(windows[o])
        weight = rng.choices([10, 3, 1], weights=[1, 3, 6])[0]
        site = rng.choice(site_list).id if rng.random() < 0.2 else None
        people.append(Returnee(f"R{i:05d}", weight, earliest, latest, o, site))
    return Instance(tuple(people), tuple(site_list), tuple(buses), horizon, period)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--returnees", type=int, default=10_000)
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--time-limit", type=float, default=60.0, help="CP-SAT time limit, seconds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--cold", action="store_true", help="no warm start: CP-SAT alone from scratch, for comparison"
    )
    args = parser.parse_args(argv)

    instance = make_instance(args.returnees, args.sites, args.days, seed=args.seed)
    plan = plan_returns(instance, time_limit=args.time_limit, workers=args.workers, warm_start=not args.cold)
    violations = check_plan(plan, instance)
    reasons = Counter(e.code for ex in plan.unplaced.values() for e in ex[:1])
    beds = sum(sum(instance.bed_capacity()[s.id]) for s in instance.sites)
    print(
        f"instance        {args.returnees} returnees, {args.sites} sites, {args.days} days, period {instance.period}"
    )
    print(f"                {beds} bed-days, {len(instance.buses)} buses")
    print(f"model           {plan.groups} groups, {plan.variables} integer variables")
    print(f"status          {plan.status}")
    print(f"placed          {len(plan.assignments)}   unplaced {len(plan.unplaced)}  {dict(reasons)}")
    print(f"objective       {plan.objective}")
    print(
        f"upper bound     {plan.bound:.1f}  ({plan.bound_kind}; LP relaxation {plan.lp_bound:.1f}, CP-SAT best bound {plan.cpsat_bound})"
    )
    print(f"gap             {plan.gap:.5f}")
    print(
        f"solve time      {plan.solve_seconds:.2f} s (grouping, LP, warm start, CP-SAT unless the LP bound is reached, assignment; time limit {args.time_limit:g} s, {args.workers} workers)"
    )
    print(f"violations      {len(violations)}")
    ok = plan.quality >= TARGET and not violations
    print(
        f"quality = objective / upper bound = {plan.quality:.5f}   target ≥ {TARGET}   {'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
