"""The demo's passes: an issuer and a key per park, passes for a share of people, a few vehicles.

Call ``build_passes_demo()`` after the health demo (colours exist) in parkguard/demo/services.py. The
demo resident gets a pass; every park gets three approved vehicles of its enterprises — one with a
new-energy plate — each with a vehicle pass. The partner 宁东 is the checkpoints demo's.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

from django.utils import timezone

from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.people.models import Person
from parkguard.vehicles import services as vehicle_services
from parkguard.vehicles.choices import VehicleType

from . import services
from .issuers import issuer_for_park

PEOPLE_SHARE = 0.2
PEOPLE_PER_PARK = 60
# The plate prefix of each park's city (province abbreviation and authority letter), by division code.
PLATE_PREFIX = {"12": "津A", "32": "苏B", "53": "云A", "34": "皖A", "15": "蒙K", "64": "宁A"}
CARGO = ("口罩、防护服", "生活物资", "煤炭", "医用酒精", "蔬菜")
ROUTES = ("园区—市区", "园区—高速口", "园区—宁东", "园区—物流园")


def _people(park: Node, rng: random.Random) -> list[Person]:
    people = list(
        Person.objects.filter(residence__path__startswith=park.path).order_by("pk")[: PEOPLE_PER_PARK * 5]
    ) + list(
        Person.objects.filter(employer__path__startswith=park.path).order_by("pk")[: PEOPLE_PER_PARK * 5]
    )
    rng.shuffle(people)
    return people[: min(PEOPLE_PER_PARK, int(len(people) * PEOPLE_SHARE) + 1)]


def _plates(park: Node, rng: random.Random) -> list[str]:
    prefix = PLATE_PREFIX.get((park.division_code or "")[:2], "京A")
    return [
        f"{prefix}·D{rng.randint(10000, 99999)}",  # new energy (8 characters)
        f"{prefix}·{rng.randint(10000, 99999)}",
        f"{prefix}·{rng.choice('ABCDEFGH')}{rng.randint(1000, 9999)}",
    ]


def _vehicles(park: Node, rng: random.Random) -> None:
    companies = list(
        Node.objects.filter(path__startswith=park.path, kind__in=vehicle_services.COMPANY_KINDS).order_by(
            "path"
        )[:3]
    )
    if not companies:
        return
    today = timezone.localdate()
    for company, plate in zip(itertools.cycle(companies), _plates(park, rng)):
        vehicle = vehicle_services.vehicle_register(
            actor=None,
            company=company,
            data={
                "plate": plate,
                "vehicle_type": rng.choice([VehicleType.TRUCK, VehicleType.COLD_CHAIN, VehicleType.VAN]),
                "driver_name": rng.choice("张王李赵刘陈杨黄") + rng.choice(["师傅", "建国", "国强", "海"]),
                "driver_phone": f"13{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}",
                "cargo": rng.choice(CARGO),
                "route": rng.choice(ROUTES),
                "valid_from": today - dt.timedelta(days=3),
                "valid_to": today + dt.timedelta(days=27),
            },
        )
        vehicle = vehicle_services.vehicle_approve(actor=None, vehicle=vehicle, note="demo")
        services.issue_vehicle_pass(vehicle, actor=None)


def build_passes_demo(rng: random.Random | None = None) -> None:
    rng = rng or random.Random("parkguard-demo-passes")
    for park in Node.objects.filter(kind=NodeKind.PARK).order_by("path"):
        issuer_for_park(park)
        for person in _people(park, rng):
            services.issue_person_pass(person)
        _vehicles(park, rng)
    resident = Person.objects.filter(user__username="demo-resident").first()
    if resident is not None:
        services.person_pass_get_or_issue(resident)
