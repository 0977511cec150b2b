"""The demo (parkguard/demo/services.py calls build_passes_demo after the health and checkpoints demos)."""

from __future__ import annotations

import pytest

from parkguard.demo.services import demo_build
from parkguard.hierarchy.models import Node
from parkguard.passes.models import Issuer, Pass
from parkguard.passes.verification import verify
from parkguard.vehicles.models import Vehicle

pytestmark = pytest.mark.django_db


def test_every_park_issues_passes_and_the_seeds_parks_have_vehicles_with_a_new_energy_plate():
    demo_build()
    parks = Node.objects.filter(kind="park")
    assert Issuer.objects.count() == parks.count()
    with_vehicles = {v.park_id for v in Vehicle.objects.all()}
    assert len(with_vehicles) >= 5  # the seed's five parks (宁东, the partner, has no enterprises)
    for park_id in with_vehicles:
        plates = list(Vehicle.objects.filter(park_id=park_id).values_list("plate", flat=True))
        assert len(plates) == 3 and any(len(p) == 8 and p[2] == "D" for p in plates)
    assert Pass.objects.filter(kind="vehicle").count() == Vehicle.objects.count()
    assert Pass.objects.filter(person__user__username="demo-resident").exists()
    assert all(verify(p.token).ok for p in Pass.objects.filter(revoked_at__isnull=True)[:20])
