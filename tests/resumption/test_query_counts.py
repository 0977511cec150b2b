"""The queue, the list and the detail read a fixed number of queries, however many applications wait."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parkguard.enterprises.models import Enterprise
from parkguard.hierarchy.choices import NodeKind
from parkguard.resumption import services

from ..factories import NodeFactory
from .conftest import pdf, user, valid_fields


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _more_applications(world, department, count: int) -> None:  # type: ignore[no-untyped-def]
    commander = user(world, "park_commander")
    for i in range(count):
        node = NodeFactory(
            parent=world.nodes["grid_1"], kind=NodeKind.ENTERPRISE, supervising_department=department
        )
        enterprise = Enterprise.objects.create(node=node, uscc=f"91530100MA6K1{i:05d}")
        application = services.application_create(
            actor=commander,
            enterprise=enterprise,
            fields=valid_fields(),
            files={"plan_document": pdf(), "commitment_letter": pdf()},
        )
        services.application_submit(actor=commander, application=application)


@pytest.mark.django_db
def test_the_queue_page_does_not_grow_with_the_queue(world, walk, department, login):
    walk("submitted")
    client = login(user(world, "grid_official"))
    url = reverse("resumption:application_list")
    one = _queries(client, url)
    _more_applications(world, department, 5)
    assert _queries(client, url) == one
