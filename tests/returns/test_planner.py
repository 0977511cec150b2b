"""The return batch planner (issue #7): capacities never exceeded, priorities, explanations, re-checks."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parkguard.returns import planner as p
from parkguard.returns.planner import Assignment, Bus, Instance, Returnee, Site, check_plan, plan_returns


def solve(instance: Instance, warm_start: bool = True):
    return plan_returns(instance, time_limit=10, workers=1, warm_start=warm_start)


def bus(origin: str, seats: int, days, bus_id: str | None = None) -> Bus:
    return Bus(bus_id or f"bus-{origin}", origin, seats, frozenset(days))


@st.composite
def instances(draw):
    horizon = draw(st.integers(1, 8))
    period = draw(st.integers(1, 5))
    n_sites = draw(st.integers(1, 3))
    sites = []
    for i in range(n_sites):
        if draw(st.booleans()):
            cap = draw(st.integers(0, 3))
        else:
            cap = tuple(draw(st.lists(st.integers(0, 3), min_size=horizon, max_size=horizon)))
        sites.append(Site(f"s{i}", cap))
    origins = ["a", "b"]
    buses = []
    for i in range(draw(st.integers(0, 3))):
        days = draw(st.frozensets(st.integers(-1, horizon), max_size=horizon))
        buses.append(Bus(f"b{i}", draw(st.sampled_from(origins)), draw(st.integers(0, 3)), days))
    people = []
    for i in range(draw(st.integers(0, 9))):
        earliest = draw(st.integers(-2, horizon + 1))
        latest = draw(st.integers(earliest - 1, horizon + 2))
        site = draw(st.sampled_from([None, None, *[s.id for s in sites], "nowhere"]))
        people.append(
            Returnee(
                f"r{i}",
                draw(st.sampled_from([1, 2, 5])),
                earliest,
                latest,
                draw(st.sampled_from(origins)),
                site,
            )
        )
    return Instance(tuple(people), tuple(sites), tuple(buses), horizon, period)


def recount(plan, instance):
    """Count beds and seats from scratch, independently of check_plan."""
    by_id = {r.id: r for r in instance.returnees}
    beds, seats = Counter(), Counter()
    for rid, a in plan.assignments.items():
        seats[by_id[rid].origin, a.day] += 1
        for t in range(a.day, min(a.day + instance.period, instance.horizon)):
            beds[a.site, t] += 1
    return beds, seats


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.booleans())
def test_never_exceeds_a_capacity_and_check_plan_agrees(instance, warm_start):
    """With the warm start (rounded LP, greedy) and with CP-SAT solving from scratch."""
    plan = solve(instance, warm_start)
    assert check_plan(plan, instance) == []
    beds, seats = recount(plan, instance)
    caps, bus_seats = instance.bed_capacity(), instance.seat_capacity()
    for (sid, t), n in beds.items():
        assert n <= caps[sid][t]
    for (origin, d), n in seats.items():
        assert n <= bus_seats[origin][d]
    by_id = {r.id: r for r in instance.returnees}
    for rid, a in plan.assignments.items():
        r = by_id[rid]
        assert max(r.earliest, 0) <= a.day <= min(r.latest, instance.horizon - 1)
        assert r.site in (None, a.site)
    # Everyone is either placed or explained, never both, and never "room remained".
    assert set(plan.assignments) | set(plan.unplaced) == set(by_id)
    assert not set(plan.assignments) & set(plan.unplaced)
    for reasons in plan.unplaced.values():
        assert reasons
        assert all(e.code != p.NOT_CHOSEN for e in reasons)
    # The objective is what the plan is worth, and no more than the bound.
    assert plan.objective == sum(
        by_id[rid].weight * (instance.horizon - a.day) for rid, a in plan.assignments.items()
    )
    assert plan.objective <= plan.bound + 1e-6
    assert plan.bound_kind in ("lp_relaxation", "cpsat_best_bound")
    assert 0 <= plan.gap <= 1


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.booleans())
def test_a_higher_weight_never_comes_later_than_a_lower_weight_of_the_same_class(instance, warm_start):
    """Exchange property: two people with the same origin, window and site are interchangeable for every
    capacity, so the heavier one is placed whenever the lighter one is, and no later."""
    plan = solve(instance, warm_start)
    people = instance.returnees
    for a in people:
        for b in people:
            same = (a.origin, a.earliest, a.latest, a.site) == (b.origin, b.earliest, b.latest, b.site)
            if not same or a.weight <= b.weight or b.id not in plan.assignments:
                continue
            assert a.id in plan.assignments
            assert plan.assignments[a.id].day <= plan.assignments[b.id].day


def test_key_position_takes_the_only_early_bed():
    people = (
        Returnee("worker", 1, 0, 3, "o"),
        Returnee("key", 10, 0, 3, "o"),
    )
    instance = Instance(people, (Site("s", 1),), (bus("o", 5, range(4)),), horizon=4, period=2)
    plan = solve(instance)
    assert plan.assignments == {"key": Assignment(0, "s"), "worker": Assignment(2, "s")}
    assert plan.unplaced == {}
    assert plan.objective == 10 * 4 + 1 * 2
    assert plan.status == "OPTIMAL"
    assert plan.gap == pytest.approx(0)


def test_placed_later_beats_unplaced_and_the_plan_is_optimal_on_a_small_case():
    # One bed, period 2, horizon 6: three people fit on days 0, 2, 4.
    people = tuple(Returnee(f"r{i}", 1, 0, 5, "o") for i in range(4))
    instance = Instance(people, (Site("s", 1),), (bus("o", 4, range(6)),), horizon=6, period=2)
    plan = solve(instance)
    assert sorted(a.day for a in plan.assignments.values()) == [0, 2, 4]
    assert plan.objective == 6 + 4 + 2
    (left,) = plan.unplaced
    assert [e.code for e in plan.unplaced[left]] == [p.BEDS_FULL]


def test_any_site_people_are_spread_over_sites_and_site_bound_people_stay_at_theirs():
    people = (
        Returnee("own", 5, 0, 0, "o", "east"),
        *(Returnee(f"any{i}", 1, 0, 0, "o") for i in range(3)),
    )
    sites = (Site("east", 1), Site("west", (2, 0, 0)))
    instance = Instance(people, sites, (bus("o", 10, [0]),), horizon=3, period=1)
    plan = solve(instance)
    assert plan.assignments["own"] == Assignment(0, "east")
    assert sorted(a.site for rid, a in plan.assignments.items() if rid != "own") == ["west", "west"]
    assert len(plan.unplaced) == 1


@pytest.mark.parametrize(
    ("returnee", "code"),
    [
        (Returnee("x", 1, 3, 1, "o"), p.EMPTY_WINDOW),
        (Returnee("x", 1, 7, 9, "o"), p.OUTSIDE_HORIZON),
        (Returnee("x", 1, -5, -1, "o"), p.OUTSIDE_HORIZON),
        (Returnee("x", 1, 0, 5, "o", "nowhere"), p.UNKNOWN_SITE),
        (Returnee("x", 1, 0, 5, "no-bus-origin"), p.NO_BUS),
        (Returnee("x", 1, 0, 5, "o", "closed"), p.NO_BED),
        (Returnee("x", 1, 0, 5, "o", "late"), p.NO_DAY_WITH_BOTH),
    ],
)
def test_explains_those_who_cannot_be_placed_whatever_the_plan(returnee, code):
    sites = (Site("open", 1), Site("closed", 0), Site("late", (0, 0, 0, 1, 1, 1)))
    buses = (bus("o", 1, [0, 1, 2]),)
    instance = Instance((returnee,), sites, buses, horizon=6, period=2)
    plan = solve(instance)
    assert plan.assignments == {}
    assert [e.code for e in plan.unplaced["x"]] == [code]
    assert plan.unplaced["x"][0].message


def test_explains_a_full_bus_and_full_beds():
    people = (
        Returnee("first", 5, 0, 0, "o"),
        Returnee("no-seat", 1, 0, 0, "o"),
        Returnee("first-q", 5, 0, 0, "q"),
        Returnee("no-bed", 1, 0, 0, "q"),
    )
    sites = (Site("s", 2),)
    buses = (bus("o", 1, [0]), bus("q", 5, [0]))
    instance = Instance(people, sites, buses, horizon=2, period=2)
    plan = solve(instance)
    assert set(plan.assignments) == {"first", "first-q"}
    # Both beds and the one seat from "o" are taken: both reasons are given.
    assert [e.code for e in plan.unplaced["no-seat"]] == [p.BUS_FULL, p.BEDS_FULL]
    assert plan.unplaced["no-seat"][0].days == (0,)
    assert [e.code for e in plan.unplaced["no-bed"]] == [p.BEDS_FULL]
    assert "full" in plan.unplaced["no-bed"][0].message


def test_check_plan_catches_hand_edits_that_break_capacity():
    people = (*tuple(Returnee(f"r{i}", 1, 0, 3, "o") for i in range(3)), Returnee("own", 1, 0, 3, "o", "a"))
    sites = (Site("a", 1), Site("b", 2))
    instance = Instance(people, sites, (bus("o", 2, [0, 1, 2]),), horizon=4, period=2)
    plan = solve(instance)
    assert check_plan(plan, instance) == []

    edited = dict(plan.assignments)
    # Everybody on day 0 at site b: three beds for two, four riders for two seats, "own" off its site.
    for rid in edited:
        edited[rid] = Assignment(0, "b")
    codes = Counter(v.code for v in check_plan(edited, instance))
    assert codes[p.V_BEDS] == 2  # days 0 and 1 of site b
    assert codes[p.V_SEATS] == 1
    assert codes[p.V_WRONG_SITE] == 1
    beds = next(v for v in check_plan(edited, instance) if v.code == p.V_BEDS)
    assert (beds.where, beds.day, beds.used, beds.capacity) == ("b", 0, 4, 2)
    assert len(beds.returnees) == 4

    bad = {
        "r0": Assignment(3, "a"),
        "r1": Assignment(9, "a"),
        "ghost": Assignment(0, "a"),
        "r2": Assignment(0, "zzz"),
    }
    codes = {v.code for v in check_plan(bad, instance)}
    assert {p.V_SEATS, p.V_OUTSIDE_HORIZON, p.V_UNKNOWN_RETURNEE, p.V_UNKNOWN_SITE} <= codes
    out_of_window = replace(people[0], latest=1)
    instance2 = replace(instance, returnees=(out_of_window, *people[1:]))
    assert p.V_OUTSIDE_WINDOW in {v.code for v in check_plan({"r0": Assignment(2, "b")}, instance2)}


def test_bad_instances_are_refused():
    site = (Site("s", 1),)
    with pytest.raises(p.PlannerInputError):
        Instance((), site, (), horizon=0)
    with pytest.raises(p.PlannerInputError):
        Instance((), site, (), horizon=3, period=0)
    with pytest.raises(p.PlannerInputError):
        Instance((Returnee("a", 1, 0, 1, "o"), Returnee("a", 1, 0, 1, "o")), site, (), horizon=3)
    with pytest.raises(p.PlannerInputError):
        Instance((Returnee("a", 0, 0, 1, "o"),), site, (), horizon=3)
    with pytest.raises(p.PlannerInputError):
        Instance((), (Site("s", -1),), (), horizon=3)
    with pytest.raises(p.PlannerInputError):
        Instance((), (Site("s", 1), Site("s", 2)), (), horizon=3)
    with pytest.raises(p.PlannerInputError):
        Instance((), site, (Bus("b", "o", -1, frozenset()),), horizon=3)


def test_aggregates_identical_returnees_into_one_group():
    people = (*tuple(Returnee(f"r{i}", 1, 0, 2, "o") for i in range(50)), Returnee("key", 3, 0, 2, "o"))
    instance = Instance(people, (Site("s", 100),), (bus("o", 60, range(3)),), horizon=3, period=1)
    plan = solve(instance)
    assert plan.groups == 2
    assert len(plan.assignments) == 51
    assert all(a.day == 0 for a in plan.assignments.values())


@pytest.mark.parametrize("warm_start", [True, False])
def test_cp_sat_and_the_warm_start_reach_the_same_optimum(warm_start):
    people = (
        *(Returnee(f"k{i}", 10, 0, 4, "a") for i in range(3)),
        *(Returnee(f"w{i}", 1, 1, 5, "b", "east" if i % 2 else None) for i in range(6)),
    )
    sites = (Site("east", 2), Site("west", (1, 1, 2, 2, 2, 2)))
    buses = (bus("a", 2, [0, 2]), bus("b", 3, [1, 2, 3, 4]))
    instance = Instance(people, sites, buses, horizon=6, period=3)
    plan = solve(instance, warm_start)
    assert check_plan(plan, instance) == []
    assert plan.status == "OPTIMAL"
    if not warm_start:
        assert plan.cpsat_bound is not None
    assert plan.objective == solve(instance, not warm_start).objective
