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
        return Declaration.objects.create(person=person, date=clock.today(), temperature=Decimal(temperature))

    return _declare
