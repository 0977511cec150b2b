"""Issue #4: the pages run as many queries for many sites as for few."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parkguard.hierarchy.choices import NodeKind
from parkguard.reports import services
from tests.factories import NodeFactory

from .conftest import DAY
from .reporting import values

pytestmark = pytest.mark.django_db


def _grow(world, n: int) -> None:
    for _ in range(n):
        site = NodeFactory(parent=world.nodes["grid_1"], kind=NodeKind.ENTERPRISE)
        services.report_submit(
            actor=world.users["park_commander"], site=site, day=DAY, period="day", values=values()
        )


@pytest.mark.parametrize("page", ["reports:completeness", "reports:rollup"])
def test_queries_do_not_grow_with_sites(world, templates, login, page):
    client = login(world.users["park_commander"])
    url = reverse(page, args=[world.nodes["area_a"].pk]) + "?day=2020-02-20"
    _grow(world, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _grow(world, 6)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_api_list_does_not_grow(world, templates, api_as):
    api = api_as(world.users["park_commander"])
    _grow(world, 2)
    with CaptureQueriesContext(connection) as few:
        api.get("/api/reports/")
    _grow(world, 6)
    with CaptureQueriesContext(connection) as many:
        api.get("/api/reports/")
    assert len(many) == len(few)
