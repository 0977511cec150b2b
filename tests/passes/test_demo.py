"""The passes demo builds on the demo world and the health demo."""

from __future__ import annotations

import pytest

from parkguard.demo.services import demo_build
from parkguard.health.demo import build_health_demo
from parkguard.hierarchy.models import Node
from parkguard.passes.demo import build_passes_demo
from parkguard.passes.models import Issuer, Pass
from parkguard.passes.verification import verify
from parkguard.vehicles.models import Vehicle

pytestmark = pytest.mark.django_db


def test_every_park_issues_passes_and_has_vehicles_with_a_new_energy_plate():
    demo_build()
    build_health_demo()
    build_passes_demo()
    parks = Node.objects.filter(kind="park").count()
    assert Issuer.objects.count() == parks
    assert Vehicle.objects.count() == 3 * parks
    assert Vehicle.objects.filter(plate__regex=r"^..D[0-9]{5}$").count() == parks
    assert Pass.objects.filter(kind="vehicle").count() == 3 * parks
    assert Pass.objects.filter(person__user__username="demo-resident").exists()
    assert set(Pass.objects.filter(kind="person").values_list("colour", flat=True)) >= {"green"}
    assert all(verify(p.token).ok for p in Pass.objects.all()[:20])
