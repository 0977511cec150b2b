"""Return plans (issue #7): the planner run for a park, explanations, hand edits, approval into runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from parkguard.core.errors import ScopeError, ServiceError
from parkguard.health.models import RiskArea
from parkguard.returns.choices import PlanState, RunStatus
from parkguard.returns.models import IsolationStay, PlanEntry, ReturnPlan, Room
from parkguard.returns.plans import plan_approve, plan_discard, plan_entry_edit, plan_run
from parkguard.returns.selectors import plan_view

from .builders import OTHER_SAFE, returnee, site, today


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run(world, *, actor="park_commander", sites=None, **kwargs):
    values = {
        "park": world.nodes["park_a"],
        "first_day": today() + dt.timedelta(days=1),
        "horizon_days": 5,
        "observation_days": 3,
        "bus_seats": 2,
        "bus_quota": {},
        "sites": sites,
        "time_limit": 5,
    }
    values.update(kwargs)
    return plan_run(actor=world.users[actor], **values)


def placed(plan):
    return {e.returnee_id: (e.arrival_date, e.site_id) for e in plan.entries.all() if e.arrival_date}


def test_the_plan_never_exceeds_beds_or_seats_and_puts_key_positions_first(world):
    s = site(world, capacity=2)
    people = [returnee(world, key_position=(i == 3)) for i in range(4)]
    plan = run(world, sites=[s], bus_seats=5)

    got = placed(plan)
    assert len(got) == 4  # 2 beds, 3-day observation, 5 days: two arrive on day 0, two on day 3
    by_day = sorted(d for d, _s in got.values())
    assert by_day.count(by_day[0]) == 2
    assert got[people[3].pk][0] == plan.first_day  # the key position is in the first batch
    assert plan.state == PlanState.DRAFT and plan.solver_status and plan.bound >= plan.objective > 0


def test_bus_seats_of_an_origin_group_limit_the_arrivals_of_a_day(world):
    s = site(world, capacity=10)
    for _ in range(3):
        returnee(world, origin_code=OTHER_SAFE)
    plan = run(world, sites=[s], bus_seats=5, bus_quota={"620100": 1}, horizon_days=2)

    days = [d for d, _s in placed(plan).values()]
    assert sorted(days) == [plan.first_day, plan.first_day + dt.timedelta(days=1)]
    unplaced = plan_view(plan=plan).unplaced
    assert len(unplaced) == 1
    assert unplaced[0][1][0].startswith("Every bus seat from")


def test_the_unplaced_are_explained_in_words(world):
    s = site(world, capacity=1)
    returnee(world)
    late = returnee(
        world,
        earliest_arrival=today() + dt.timedelta(days=30),
        latest_arrival=today() + dt.timedelta(days=31),
    )
    plan = run(world, sites=[s])

    view = plan_view(plan=plan)
    texts = {e.returnee_id: t for e, t in view.unplaced}
    assert texts[late.pk] == [
        f"The usable arrival dates lie outside the days planned ({plan.first_day} to {plan.first_day + dt.timedelta(days=4)})."
    ]


def test_blocked_returnees_and_those_in_another_plan_are_left_out(world):
    s = site(world, capacity=10)
    free = returnee(world)
    returnee(world, certificate_number="")
    RiskArea.objects.create(
        park=world.nodes["park_a"],
        division_code="420100",
        name="武汉",
        level="high",
        valid_from=today() - dt.timedelta(days=3),
    )
    returnee(world, origin_code="420106")
    first = run(world, sites=[s])
    assert list(placed(first)) == [free.pk]

    second = run(world, sites=[s])
    assert second.entries.count() == 0


def test_beds_taken_by_occupied_rooms_are_not_handed_out(world, monkeypatch):
    s = site(world, capacity=2)
    returnee(world)
    returnee(world)
    from parkguard.returns import plans

    monkeypatch.setattr(plans, "_occupied", lambda sites, first, horizon: {s.pk: [1] * horizon})
    plan = run(world, sites=[s], horizon_days=3)
    assert len(placed(plan)) == 1
    assert plan.site_capacity == {str(s.pk): [1, 1, 1]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"first_day": today() - dt.timedelta(days=1)}, "first_day"),
        ({"horizon_days": 0}, "horizon_days"),
        ({"observation_days": 99}, "observation_days"),
        ({"bus_quota": {"42": 3}}, "bus_quota"),
        ({"sites": []}, "sites"),
    ],
)
def test_bad_planner_inputs_are_refused_by_field_and_nothing_is_written(world, change, field):
    s = site(world)
    values = {"sites": [s], **change}
    with pytest.raises(ServiceError) as error:
        run(world, **values)
    assert field in error.value.message_dict
    assert not ReturnPlan.objects.exists()


def test_a_site_of_another_park_is_refused(world):
    with pytest.raises(ServiceError) as error:
        run(world, sites=[site(world, park="park_b")])
    assert error.value.message_dict["sites"] == ["Every isolation site must belong to the park."]


def test_only_the_command_of_the_park_plans(world):
    s = site(world)
    with pytest.raises(ScopeError):
        run(world, actor="enterprise_contact", sites=[s])
    with pytest.raises(ScopeError):
        run(world, actor="commander_b", sites=[s])


def test_a_hand_edit_that_breaks_a_capacity_is_refused(world):
    s = site(world, capacity=1)
    a, b = returnee(world), returnee(world)
    plan = run(world, sites=[s], observation_days=2, horizon_days=4, bus_seats=3)
    entries = {e.returnee_id: e for e in plan.entries.all()}
    day_a = entries[a.pk].arrival_date

    with pytest.raises(ServiceError) as error:
        plan_entry_edit(actor=world.users["park_commander"], entry=entries[b.pk], arrival_date=day_a, site=s)
    assert f"{s} would hold 2 people for 1 free beds on {day_a}." in error.value.messages
    assert PlanEntry.objects.get(pk=entries[b.pk].pk).arrival_date == entries[b.pk].arrival_date


def test_a_hand_edit_outside_the_window_is_refused(world):
    s = site(world)
    a = returnee(world, latest_arrival=today() + dt.timedelta(days=2))
    plan = run(world, sites=[s])
    entry = plan.entries.get(returnee=a)
    with pytest.raises(ServiceError):
        plan_entry_edit(
            actor=world.users["park_commander"],
            entry=entry,
            arrival_date=plan.first_day + dt.timedelta(days=4),
            site=s,
        )


def test_a_hand_edit_that_fits_is_saved_and_drop_unplaces(world):
    s = site(world, capacity=5)
    a = returnee(world)
    plan = run(world, sites=[s])
    entry = plan.entries.get(returnee=a)
    later = plan.first_day + dt.timedelta(days=2)

    moved = plan_entry_edit(actor=world.users["park_commander"], entry=entry, arrival_date=later, site=s)
    assert moved.arrival_date == later and moved.edited
    dropped = plan_entry_edit(actor=world.users["park_commander"], entry=entry, arrival_date=None, site=None)
    assert dropped.arrival_date is None
    assert plan_view(plan=ReturnPlan.objects.get(pk=plan.pk)).unplaced[0][1] == [
        "Dropped from the plan by hand."
    ]


def test_a_date_without_a_site_is_refused(world):
    s = site(world)
    a = returnee(world)
    plan = run(world, sites=[s])
    with pytest.raises(ServiceError) as error:
        plan_entry_edit(
            actor=world.users["park_commander"],
            entry=plan.entries.get(returnee=a),
            arrival_date=plan.first_day,
            site=None,
        )
    assert error.value.messages == ["Give both the arrival date and the site, or neither to drop the entry."]


def test_approval_makes_one_run_per_date_and_origin_and_the_plan_becomes_read_only(world):
    s = site(world, capacity=10)
    returnee(world)
    returnee(world)
    returnee(world, origin_code=OTHER_SAFE)
    plan = run(world, sites=[s], bus_seats=4)
    approved = plan_approve(actor=world.users["park_commander"], plan=plan)

    assert approved.state == PlanState.APPROVED and approved.approved_by == world.users["park_commander"]
    runs = list(approved.runs.all())
    assert sorted((r.origin_group, r.passengers.count(), r.seats) for r in runs) == [
        ("150600", 2, 4),
        ("620100", 1, 4),
    ]
    assert all(r.status == RunStatus.PLANNED for r in runs)
    with pytest.raises(ServiceError) as error:
        plan_entry_edit(
            actor=world.users["park_commander"], entry=plan.entries.first(), arrival_date=None, site=None
        )
    assert error.value.messages == ["An approved plan can no longer be changed."]
    with pytest.raises(ServiceError):
        plan_approve(actor=world.users["park_commander"], plan=plan)
    with pytest.raises(ServiceError):
        plan_discard(actor=world.users["park_commander"], plan=plan)


def test_approval_rechecks_origin_control(world):
    s = site(world)
    a = returnee(world)
    plan = run(world, sites=[s])
    a.certificate_number = ""
    a.save()
    with pytest.raises(ServiceError) as error:
        plan_approve(actor=world.users["park_commander"], plan=plan)
    assert any("No origin certificate" in m for m in error.value.messages)
    assert ReturnPlan.objects.get(pk=plan.pk).state == PlanState.DRAFT


def test_an_empty_plan_cannot_be_approved(world):
    plan = run(world, sites=[site(world)])
    with pytest.raises(ServiceError) as error:
        plan_approve(actor=world.users["park_commander"], plan=plan)
    assert error.value.messages == ["Nobody is placed in this plan: there is nothing to approve."]


def test_a_discarded_draft_frees_its_returnees(world):
    s = site(world)
    a = returnee(world)
    plan_discard(actor=world.users["park_commander"], plan=run(world, sites=[s]))
    assert list(placed(run(world, sites=[s]))) == [a.pk]


def test_a_returnee_already_in_isolation_is_not_planned(world):
    s = site(world)
    inside, free = returnee(world), returnee(world)
    room = Room.objects.create(site=s, number="101", beds=2)
    IsolationStay.objects.create(
        site=s,
        room=room,
        person=inside.person,
        check_in_date=today(),
        planned_release=today() + dt.timedelta(days=14),
    )
    assert list(placed(run(world, sites=[s]))) == [free.pk]
