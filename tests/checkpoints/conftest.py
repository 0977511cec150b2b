from __future__ import annotations

from dataclasses import dataclass

import pytest

from parkguard.accounts.models import Membership
from parkguard.accounts.roles import Role
from parkguard.checkpoints import services
from parkguard.checkpoints.choices import Direction, LaneKind, OwnScope
from parkguard.checkpoints.models import Checkpoint, Lane

from ..factories import UserFactory


@dataclass
class Gates:
    """The park's road checkpoint (a person lane, an inbound vehicle lane) and compound 1's gate."""

    road: Checkpoint
    person_lane: Lane
    vehicle_lane: Lane
    compound: Checkpoint
    compound_guard: object


@pytest.fixture
def gates(world) -> Gates:
    commander = world.users["park_commander"]
    road = services.checkpoint_configure(actor=commander, node=world.nodes["checkpoint_a"])
    road.lanes.all().delete()
    person_lane = services.lane_save(actor=commander, checkpoint=road, name="人员通道", kind=LaneKind.PERSON)
    vehicle_lane = services.lane_save(
        actor=commander, checkpoint=road, name="车辆进城", kind=LaneKind.VEHICLE, direction=Direction.IN
    )
    compound = services.checkpoint_configure(
        actor=commander, node=world.nodes["compound_1"], own_scope=OwnScope.NODE
    )
    guard = UserFactory(username="compound_guard")
    Membership.objects.create(user=guard, node=world.nodes["compound_1"], role=Role.GATE_GUARD)
    return Gates(road, person_lane, vehicle_lane, compound, guard)


@pytest.fixture
def declare():
    """A health declaration of today for ``person`` (36.5 °C is green; 38.0 is red by the default rules)."""
    from decimal import Decimal

    from parkguard.health import clock
    from parkguard.health.models import Declaration

    def _declare(person, temperature="36.5"):
        Declaration.objects.filter(person=person, date=clock.today()).delete()
        return Declaration.objects.create(person=person, date=clock.today(), temperature=Decimal(temperature))

    return _declare


@pytest.fixture(autouse=True)
def _fresh_trust_store():
    # The passes app caches trust stores per process; each test starts from its own database.
    from parkguard.passes import verification

    verification.invalidate_now()
    yield
    verification.invalidate_now()


@pytest.fixture
def person_pass(declare):
    """A fresh pass of ``person`` (declared today at ``temperature``)."""
    from parkguard.passes.services import issue_person_pass

    def _pass(person, temperature="36.5"):
        declare(person, temperature)
        return issue_person_pass(person)

    return _pass


@pytest.fixture
def vehicle_pass():
    """An approved vehicle of ``company`` and its pass (operator actions: no actor)."""
    import datetime as dt

    from django.utils import timezone

    from parkguard.passes.services import issue_vehicle_pass
    from parkguard.vehicles.services import vehicle_approve, vehicle_register

    def _pass(company, plate="蒙K12345"):
        today = timezone.localdate()
        vehicle = vehicle_register(
            actor=None,
            company=company,
            data={
                "plate": plate,
                "vehicle_type": "truck",
                "driver_name": "张司机",
                "driver_phone": "13912345678",
                "valid_from": today,
                "valid_to": today + dt.timedelta(days=7),
            },
        )
        vehicle = vehicle_approve(actor=None, vehicle=vehicle)
        return issue_vehicle_pass(vehicle, actor=None)

    return _pass
