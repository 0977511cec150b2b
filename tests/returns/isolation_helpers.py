"""Shared set-up of the isolation tests: a site in park A with two rooms, and stays made directly."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from parkguard.hierarchy.choices import NodeKind
from parkguard.returns.models import IsolationSite, IsolationStay, Room
from tests.factories import NodeFactory, PersonFactory, UserFactory
from tests.health.conftest import DAY, at  # noqa: F401 - re-exported: the isolation tests use this clock too

# The isolation services and the health rules read one clock: the health tests' ``at`` sets it.
TODAY = DAY


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


@pytest.fixture
def site(world):
    """Park A's isolation site: 3 beds in rooms 101 (2 beds) and 102 (1 bed), with an officer."""
    officer = UserFactory(username="site_officer", display_name="隔离点负责人")
    return make_site(world, officer=officer)


@pytest.fixture
def english():
    with translation.override("en"):
        yield
