"""Supervision coverage: no approval (nor filing) without a supervising department and a responsible official."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parkguard.accounts.models import Assignment
from parkguard.core.errors import ServiceError
from parkguard.resumption import selectors, services

from .conftest import codes, user


@pytest.mark.django_db
def test_approval_is_refused_without_a_supervising_department(world, walk):
    application = walk("inspected")
    node = world.nodes["enterprise_1"]
    node.supervising_department = None
    node.save()
    with pytest.raises(ServiceError) as exc:
        services.application_decide(
            actor=user(world, "park_commander"), application=application, action="approve"
        )
    assert "no_supervision" in codes(exc)


@pytest.mark.django_db
def test_approval_is_refused_without_a_responsible_official(world, walk):
    application = walk("inspected")
    Assignment.objects.filter(node=world.nodes["enterprise_1"]).delete()
    with pytest.raises(ServiceError) as exc:
        services.application_decide(
            actor=user(world, "park_commander"), application=application, action="approve"
        )
    assert "no_supervision" in codes(exc)
    application.refresh_from_db()
    assert application.state == "inspected"


@pytest.mark.django_db
def test_filing_is_refused_without_supervision(world, make_application, filing_park):
    filing_park()
    application = make_application("enterprise_2", actor="park_commander")
    with pytest.raises(ServiceError) as exc:
        services.application_submit(actor=user(world, "park_commander"), application=application)
    assert "no_supervision" in codes(exc)


@pytest.mark.django_db
def test_the_gaps_in_scope_are_listed(world, department):
    gaps = selectors.coverage_gaps(user=user(world, "park_commander"))
    assert [e.node.name for e in gaps] == ["螺蛳湾物流"]
    assert list(selectors.coverage_gaps(user=user(world, "grid_official"))) == []
    assert [e.node.name for e in selectors.coverage_gaps(user=user(world, "commander_b"))] == ["上海庙煤矿"]


@pytest.mark.django_db
def test_the_gaps_page(world, department, login):
    response = login(user(world, "park_commander")).get(reverse("resumption:coverage"))
    assert response.status_code == 200
    assert "螺蛳湾物流" in response.content.decode()
    assert "滇池机械" not in response.content.decode()
