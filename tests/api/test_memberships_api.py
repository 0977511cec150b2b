"""POST /api/memberships/: a grant outside the caller's scope is refused with a message, nothing created."""

from __future__ import annotations

import pytest

from parkguard.accounts.models import Membership
from tests.core.messages_zh import both
from tests.core.records import row_counts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OUT_OF_SCOPE = "You may not grant this role on a node outside your own scope."


@pytest.fixture
def grant(world, api_as):
    def _grant(granter: str, node: str, role: str, **extra):
        newcomer = UserFactory()
        body = {"user": newcomer.username, "node": world.nodes[node].pk, "role": role}
        return api_as(world.users[granter]).post("/api/memberships/", body, format="json", **extra), newcomer

    return _grant


def test_grant_inside_scope_is_created(world, grant):
    response, newcomer = grant("grid_official", "building_1", "building_head")

    assert response.status_code == 201
    assert Membership.objects.filter(
        user=newcomer, node=world.nodes["building_1"], role="building_head"
    ).exists()


def test_grant_on_a_node_the_caller_cannot_see_is_a_400(grant):
    before = row_counts()

    response, _ = grant("grid_official", "enterprise_2", "enterprise_contact")

    assert response.status_code == 400
    assert response.json()["node"]
    assert row_counts() == before


@pytest.mark.parametrize(("language", "message"), both(OUT_OF_SCOPE))
def test_grant_beyond_the_callers_power_is_a_403_with_the_message(grant, language, message):
    before = row_counts()

    response, _ = grant("task_force_member", "building_1", "resident", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 403
    assert response.json()["detail"] == [message]
    assert row_counts() == before


def test_revoke_outside_scope_is_not_found(world, api_as):
    neighbours = world.users["neighbour_official"].memberships.get()

    response = api_as(world.users["grid_official"]).delete(f"/api/memberships/{neighbours.pk}/")

    assert response.status_code == 404
    assert Membership.objects.filter(pk=neighbours.pk).exists()
