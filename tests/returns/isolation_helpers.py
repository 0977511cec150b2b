"""Shared set-up of the isolation tests: a site in park A with two rooms, and stays made directly."""

from __future__ import annotations

import datetime as dt

from parkguard.hierarchy.choices import NodeKind
from parkguard.returns.models import IsolationSite, IsolationStay, Room
from tests.factories import NodeFactory, PersonFactory

TODAY = dt.date(2020, 2, 20)


def make_site(
    world,
    *,
    key="site_a",
    park="park_a",
    name="经开区集中隔离点",
    capacity=3,
    rooms=(("101", 2), ("102", 1)),
    officer=None,
):
    node = NodeFactory(parent=world.nodes[park], kind=NodeKind.ISOLATION_SITE, name=name)
    world.nodes[key] = node
    site = IsolationSite.objects.create(node=node, capacity=capacity, officer=officer)
    for number, beds in rooms:
        Room.objects.create(site=site, number=number, beds=beds)
    return site


def raw_stay(site, *, person=None, room=None, check_in=TODAY, days=14, released_on=None):
    """A stay written directly (no service): for selectors that only read stays."""
    return IsolationStay.objects.create(
        site=site,
        room=room or site.rooms.first(),
        person=person or PersonFactory(),
        check_in_date=check_in,
        planned_release=check_in + dt.timedelta(days=days),
        released_on=released_on,
    )
