"""A node's dashboard reads a fixed number of queries, however many children, enterprises and flags."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parkguard.enterprises.models import Enterprise
from parkguard.hierarchy.choices import NodeKind

from ..factories import NodeFactory

pytestmark = pytest.mark.django_db

BOUND = 25  # 21 here: session, user, scope, the panels' reads, the children, the notices badge


def _queries(client, node) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("dashboard:node", args=[node.pk])).status_code == 200
    return len(ctx.captured_queries)


def _more_areas(world, count: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(count):
        area = NodeFactory(parent=world.nodes["park_a"], kind=NodeKind.AREA)
        grid = NodeFactory(parent=area, kind=NodeKind.GRID)
        for j in range(2):
            site = NodeFactory(parent=grid, kind=NodeKind.ENTERPRISE)
            Enterprise.objects.create(node=site, uscc=f"91530100MA6K2{i:03d}{j:02d}", above_scale=bool(j))


def test_the_queries_do_not_grow_with_the_children(world, login, walk, django_assert_max_num_queries):
    walk("resumed")
    client = login(world.users["park_commander"])
    _queries(client, world.nodes["park_a"])  # warm the session and the caches
    few = _queries(client, world.nodes["park_a"])

    _more_areas(world, 6)

    with django_assert_max_num_queries(BOUND):
        assert client.get(reverse("dashboard:node", args=[world.nodes["park_a"].pk])).status_code == 200
    assert _queries(client, world.nodes["park_a"]) == few
