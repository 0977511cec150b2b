"""The dashboard's central isolation panel (issue #7): figures of the node's sites, a column per child,
nothing where there is no site, a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parkguard.hierarchy.choices import NodeKind
from parkguard.returns.models import IsolationSite
from tests.factories import NodeFactory

from .isolation_helpers import make_site, raw_stay

D = dt.timedelta
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_park_dashboard_shows_the_isolation_panel(world, login):
    today = timezone.localdate()
    site = make_site(world, capacity=3)
    raw_stay(site, check_in=today - D(days=2))
    raw_stay(site, check_in=today)
    raw_stay(site, check_in=today - D(days=14), released_on=today)
    text = (
        login(world.users["park_commander"])
        .get(reverse("dashboard:node", args=[world.nodes["park_a"].pk]), **EN)
        .content.decode()
    )
    assert 'id="panel-isolation"' in text
    assert "<strong>2</strong> in isolation" in text
    assert "<strong>1/3</strong> free beds" in text
    assert "2/3" in text  # the site's column in the table of children


def test_no_panel_where_there_is_no_site(world, login):
    make_site(world, key="site_b", park="park_b", name="上海庙隔离点")
    text = (
        login(world.users["park_commander"])
        .get(reverse("dashboard:node", args=[world.nodes["park_a"].pk]), **EN)
        .content.decode()
    )
    assert 'id="panel-isolation"' not in text


def test_the_panel_reads_a_fixed_number_of_queries(world, login):
    today = timezone.localdate()
    client = login(world.users["park_commander"])
    site = make_site(world)
    raw_stay(site, check_in=today)
    url = reverse("dashboard:node", args=[world.nodes["park_a"].pk])
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for _ in range(4):
        area = NodeFactory(parent=world.nodes["park_a"], kind=NodeKind.AREA)
        node = NodeFactory(parent=area, kind=NodeKind.ISOLATION_SITE)
        other = IsolationSite.objects.create(node=node, capacity=2)
        other.rooms.create(number="1", beds=2)
        raw_stay(other, check_in=today)
    assert count() == few
