"""Builders for the tests of registration, plans and runs (plain functions, no shared conftest)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone
from PIL import Image

from parkguard.hierarchy.choices import NodeKind
from parkguard.returns.models import IsolationSite, Returnee, TransportRun
from parkguard.vehicles.models import Vehicle
from parkguard.vehicles.services import vehicle_approve, vehicle_register
from tests.factories import NodeFactory, PersonFactory

SAFE_ORIGIN = "150621"  # 达拉特旗: no risk area
OTHER_SAFE = "620102"  # 兰州城关区
WUHAN = "420106"


def today() -> dt.date:
    return timezone.localdate()


def returnee(world: Any, *, enterprise: str = "enterprise_1", person: Any = None, **fields: Any) -> Returnee:
    """A certified returnee saved directly (the registration service has its own tests)."""
    node = world.nodes[enterprise]
    values = {
        "person": person or PersonFactory(employer=node),
        "enterprise": node,
        "origin_code": SAFE_ORIGIN,
        "certificate_number": "2020-001",
        "certificate_issuer": "某村村委会",
        "certificate_date": today() - dt.timedelta(days=1),
    }
    values.update(fields)
    return Returnee.objects.create(**values)


def site(
    world: Any, *, park: str = "park_a", capacity: int = 10, name: str = "隔离点", days: int = 14
) -> IsolationSite:
    node = NodeFactory(parent=world.nodes[park], kind=NodeKind.ISOLATION_SITE, name=name)
    return IsolationSite.objects.create(node=node, capacity=capacity, observation_days=days)


def vehicle(world: Any, *, company: str = "enterprise_1", plate: str = "云A·D12345") -> Vehicle:
    """A registered and approved bus of the park (operator's commands: actor None)."""
    data = {
        "plate": plate,
        "vehicle_type": "bus",
        "driver_name": "张师傅",
        "driver_phone": "13812345678",
        "route": "点对点",
        "valid_from": today() - dt.timedelta(days=1),
        "valid_to": today() + dt.timedelta(days=60),
    }
    registered = vehicle_register(actor=None, company=world.nodes[company], data=data)
    return vehicle_approve(actor=None, vehicle=registered)


def jpeg_with_exif() -> io.BytesIO:
    image = Image.new("RGB", (8, 8), "white")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    out.seek(0)
    out.name = "scan.jpg"
    return out


def approved_bus(world: Any, at_site: IsolationSite) -> TransportRun:
    """The one run of an approved plan that brings two returnees of one origin to ``at_site`` (3 seats)."""
    from parkguard.returns.plans import plan_approve, plan_run

    returnee(world)
    returnee(world)
    plan = plan_run(
        actor=world.users["park_commander"],
        park=world.nodes["park_a"],
        first_day=today() + dt.timedelta(days=1),
        horizon_days=3,
        observation_days=3,
        bus_seats=3,
        sites=[at_site],
        time_limit=5,
    )
    plan_approve(actor=world.users["park_commander"], plan=plan)
    return TransportRun.objects.get(plan=plan)
