"""Building the demo: one transaction, and nothing at all when it is already there."""

from __future__ import annotations

import random

from django.db import transaction

from parkguard.checkpoints.demo import build_checkpoints_demo
from parkguard.core.locks import advisory_xact_lock
from parkguard.health.demo import build_health_demo
from parkguard.passes.demo import build_passes_demo
from parkguard.people.models import Person
from parkguard.resumption.demo import build_resumption_demo
from parkguard.returns.demo import build_returns_demo

from .builder import build_tree, demo_exists, park_people
from .daily import build_daily_cycle
from .ledger import build_ledger
from .logins import create_logins
from .parks import PARKS
from .staff import Roster, staff_park

DEMO_LOCK = "demo.build"


@transaction.atomic
def demo_build() -> bool:
    """Build the five parks, their officials, people and logins. False when the demo was there already.

    The lock makes a second ``manage.py demo`` started at the same time wait, then find the demo built.
    """
    advisory_xact_lock(DEMO_LOCK)
    if demo_exists():
        return False
    tree = build_tree(PARKS)
    roster = Roster()
    for park in tree.parks.values():
        staff_park(roster, park)
    roster.save()
    Person.objects.bulk_create([person for park in tree.parks.values() for person in park_people(park)])
    build_ledger(random.Random("parkguard-demo-ledger"))
    build_resumption_demo(random.Random("parkguard-demo-resumption"))
    build_daily_cycle(random.Random("parkguard-demo-daily"))
    # 宁东 and the checkpoints come before the logins (宁东's guard is one); declarations and passes
    # after them (the demo resident declares and holds a pass).
    build_checkpoints_demo()
    create_logins(tree)
    build_health_demo(random.Random("parkguard-demo-health"))
    build_passes_demo(random.Random("parkguard-demo-passes"))
    build_returns_demo(random.Random("parkguard-demo-returns"))
    return True
