"""Granting roles: only inside the granter's own subtree, and only the roles their role may grant."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from parkguard.accounts.models import Membership
from parkguard.accounts.services import membership_grant, membership_revoke
from tests.core.messages_zh import both
from tests.core.records import row_counts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OUT_OF_SCOPE = "You may not grant this role on a node outside your own scope."


def grant(world, granter: str, node: str, role: str):
    return membership_grant(actor=world.users[granter], user=UserFactory(), node=world.nodes[node], role=role)


def test_grid_official_grants_a_building_head_in_their_grid(world):
    membership = grant(world, "grid_official", "building_1", "building_head")

    assert Membership.objects.filter(pk=membership.pk, granted_by=world.users["grid_official"]).exists()


@pytest.mark.parametrize(("language", "message"), both(OUT_OF_SCOPE))
@pytest.mark.parametrize(
    ("granter", "node", "role"),
    [
        pytest.param(
            "grid_official", "enterprise_2", "enterprise_contact", id="grid-official-on-neighbour-grid"
        ),
        pytest.param("area_leader", "park_a", "park_commander", id="area-leader-grants-commander"),
        pytest.param("grid_official", "grid_1", "grid_official", id="grid-official-grants-own-role"),
        pytest.param("commander_b", "grid_1", "grid_official", id="commander-of-another-park"),
        pytest.param("task_force_member", "building_1", "resident", id="role-that-grants-nothing"),
    ],
)
def test_grant_outside_the_granters_power_is_refused(world, granter, node, role, language, message):
    before = row_counts()

    with pytest.raises(ValidationError) as refused:
        grant(world, granter, node, role)

    with override(language):
        assert refused.value.messages == [message]
    assert row_counts() == before


def test_revoke_outside_the_granters_subtree_is_refused(world):
    neighbours = world.users["neighbour_official"].memberships.get()

    with pytest.raises(ValidationError) as refused:
        membership_revoke(actor=world.users["grid_official"], membership=neighbours)

    assert refused.value.code == "grant_out_of_scope"
    assert Membership.objects.filter(pk=neighbours.pk).exists()


def test_role_on_the_wrong_kind_of_node_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        grant(world, "park_commander", "enterprise_1", "grid_official")

    assert refused.value.code == "role_node_kind"
