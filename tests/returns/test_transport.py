"""Point-to-point runs (issue #7): crew and vehicle pass, manifest and seats, temperatures, planned → arrived."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from parkguard.core.errors import ScopeError, ServiceError
from parkguard.notices.models import Notice
from parkguard.returns.choices import RunStatus
from parkguard.returns.models import RunTransition, TransportRun
from parkguard.returns.selectors import arrived_passengers
from parkguard.returns.transport import (
    ARRIVAL,
    BOARDING,
    run_arrive,
    run_depart,
    run_record_temperatures,
    run_update,
)

from .builders import approved_bus, site, vehicle


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def bus(world):
    """An approved plan of two returnees from one origin: one run of 3 seats."""
    s = site(world, capacity=10)
    return approved_bus(world, s)


def crew(world, bus, **extra):
    values = {"driver_name": "张师傅", "leader_name": "李队长", "route": "达拉特旗—上海庙 不停车"}
    values.update(extra)
    return run_update(actor=world.users["park_commander"], run=bus, vehicle=vehicle(world), **values)


def temps(bus, value):
    return {p.pk: value for p in bus.passengers.all()}


def test_assigning_the_vehicle_issues_its_pass(world, bus):
    run = crew(world, bus)
    assert run.vehicle_pass is not None and run.vehicle_pass.vehicle_id == run.vehicle_id
    assert run.vehicle_pass.kind == "vehicle"


def test_a_vehicle_of_another_park_is_refused(world, bus):
    other = vehicle(world, company="enterprise_b", plate="蒙K·D12345")
    with pytest.raises(ServiceError) as error:
        run_update(actor=world.users["park_commander"], run=bus, vehicle=other)
    assert error.value.message_dict["vehicle"] == ["Choose a vehicle registered in the park."]


def test_seats_below_the_manifest_are_refused(world, bus):
    with pytest.raises(ServiceError) as error:
        run_update(actor=world.users["park_commander"], run=bus, seats=1)
    assert error.value.message_dict["seats"] == [
        "The manifest has 2 passengers, more than the bus's 1 seats."
    ]
    assert TransportRun.objects.get(pk=bus.pk).seats == 3


def test_departure_needs_the_crew_and_every_boarding_temperature(world, bus):
    with pytest.raises(ServiceError) as error:
        run_depart(actor=world.users["park_commander"], run=bus)
    assert error.value.messages == ["Before departure the run needs: vehicle、driver、responsible leader."]
    crew(world, bus)
    with pytest.raises(ServiceError) as error:
        run_depart(actor=world.users["park_commander"], run=bus)
    assert error.value.messages == ["Record every passenger's boarding temperature before departure."]
    assert TransportRun.objects.get(pk=bus.pk).status == RunStatus.PLANNED


def test_the_run_goes_planned_departed_arrived_with_a_row_each(world, bus):
    crew(world, bus)
    run = run_depart(actor=world.users["park_commander"], run=bus, temperatures=temps(bus, "36.5"))
    assert run.status == RunStatus.DEPARTED and run.departed_at
    assert not arrived_passengers(run)
    run = run_arrive(actor=world.users["park_commander"], run=run, temperatures=temps(bus, "36.6"))
    assert run.status == RunStatus.ARRIVED
    assert [(t.from_status, t.to_status) for t in RunTransition.objects.filter(run=run)] == [
        ("planned", "departed"),
        ("departed", "arrived"),
    ]
    assert {p.returnee_id for p in arrived_passengers(run)} == set(
        bus.passengers.values_list("returnee", flat=True)
    )


def test_refused_transitions_name_the_status(world, bus):
    with pytest.raises(ServiceError) as error:
        run_arrive(actor=world.users["park_commander"], run=bus)
    assert error.value.messages == ["This run is “Planned”: it cannot become “Arrived” now."]
    crew(world, bus)
    run = run_depart(actor=world.users["park_commander"], run=bus, temperatures=temps(bus, "36.5"))
    with pytest.raises(ServiceError):
        run_depart(actor=world.users["park_commander"], run=run)
    with pytest.raises(ServiceError) as error:
        run_update(actor=world.users["park_commander"], run=run, route="x")
    assert error.value.messages == ["Only a planned run can be changed."]


def test_arrival_needs_every_arrival_temperature(world, bus):
    crew(world, bus)
    run = run_depart(actor=world.users["park_commander"], run=bus, temperatures=temps(bus, "36.5"))
    with pytest.raises(ServiceError) as error:
        run_arrive(actor=world.users["park_commander"], run=run)
    assert error.value.messages == ["Record every passenger's arrival temperature."]


def test_a_fever_at_boarding_notifies_the_command(world, bus):
    first = bus.passengers.first()
    fevers = run_record_temperatures(
        actor=world.users["park_commander"], run=bus, stage=BOARDING, temperatures={first.pk: "37.3"}
    )
    assert [p.pk for p in fevers] == [first.pk]
    notice = Notice.objects.get(recipient=world.users["park_commander"])
    assert notice.kind == "returns" and "37.3" in notice.title
    assert Notice.objects.filter(recipient=world.users["task_force_member"]).exists()
    assert not Notice.objects.filter(recipient=world.users["enterprise_contact"]).exists()


def test_a_normal_temperature_sends_nothing(world, bus):
    run_record_temperatures(
        actor=world.users["park_commander"], run=bus, stage=BOARDING, temperatures=temps(bus, "37.2")
    )
    assert not Notice.objects.exists()


def test_a_fever_at_arrival_notifies_the_command_too(world, bus):
    crew(world, bus)
    run = run_depart(actor=world.users["park_commander"], run=bus, temperatures=temps(bus, "36.5"))
    run_record_temperatures(
        actor=world.users["park_commander"], run=run, stage=ARRIVAL, temperatures=temps(bus, Decimal("38.1"))
    )
    assert Notice.objects.filter(recipient=world.users["park_commander"]).count() == 2


@pytest.mark.parametrize("value", ["30", "45", "hot"])
def test_an_impossible_temperature_is_refused(world, bus, value):
    with pytest.raises(ServiceError) as error:
        run_record_temperatures(
            actor=world.users["park_commander"], run=bus, stage=BOARDING, temperatures=temps(bus, value)
        )
    assert error.value.messages == ["Enter a temperature between 34.0 and 43.0 °C."]


def test_arrival_temperatures_wait_for_the_departure(world, bus):
    with pytest.raises(ServiceError):
        run_record_temperatures(
            actor=world.users["park_commander"], run=bus, stage=ARRIVAL, temperatures=temps(bus, "36.5")
        )


def test_someone_off_the_manifest_is_refused(world, bus):
    with pytest.raises(ServiceError) as error:
        run_record_temperatures(
            actor=world.users["park_commander"], run=bus, stage=BOARDING, temperatures={-1: "36.5"}
        )
    assert error.value.messages == ["Someone is not on this run's manifest."]


def test_only_the_command_runs_the_buses(world, bus):
    with pytest.raises(ScopeError):
        run_update(actor=world.users["enterprise_contact"], run=bus, route="x")
    with pytest.raises(ScopeError):
        run_depart(actor=world.users["commander_b"], run=bus)
