"""The health demo builds on the demo world: rules, risk areas, declarations, a mix of colours."""

from __future__ import annotations

import pytest

from parkguard.demo.services import demo_build
from parkguard.health.models import Declaration, ManualChange, PersonStatus, RiskArea, RuleSet
from parkguard.hierarchy.models import Node

pytestmark = pytest.mark.django_db


def test_the_health_demo_has_every_colour_and_a_pending_change(at):
    demo_build()  # which builds the health demo after the logins

    parks = Node.objects.filter(kind="park").count()
    assert RuleSet.objects.count() == parks
    assert RiskArea.objects.count() == 5 * parks
    assert Declaration.objects.exists()
    colours = set(PersonStatus.objects.values_list("colour", flat=True))
    assert colours == {"green", "yellow", "red"}
    assert ManualChange.objects.get().status == "pending"
    resident = PersonStatus.objects.get(person__user__username="demo-resident")
    assert resident.colour == "green"
