"""Every scoped list runs as many queries for 3N rows as for N (NetBox's query_counts.py baseline)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .scope_matrix import LISTS, ScopedList

pytestmark = pytest.mark.django_db

N = 4


def queries_for(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("listing", LISTS, ids=str)
def test_list_queries_do_not_grow_with_its_rows(world, login, listing: ScopedList):
    client = login(world.users["park_commander"])
    listing.grow(world, N)
    client.get(listing.url)  # the first request warms per-process caches
    at_n, _ = queries_for(client, listing.url)

    newest = listing.grow(world, 2 * N)
    at_3n, response = queries_for(client, listing.url)

    assert all(listing.shows(response, obj) for obj in newest)
    assert at_3n == at_n
