"""What may hang under what (hierarchy.choices.ALLOWED_CHILDREN), checked on create and on move."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from parkguard.hierarchy.choices import ALLOWED_CHILDREN, NodeKind
from parkguard.hierarchy.services import node_create, node_move
from tests.core.messages_zh import both
from tests.core.records import row_counts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOT_ALLOWED = "A %(child)s cannot be placed under a %(parent)s."


def create(world, parent: str, kind: str):
    return node_create(
        actor=world.users["park_commander"], parent=world.nodes[parent], kind=kind, name="新节点"
    )


def test_the_seed_shape_park_area_grid_site_building_is_allowed(world):
    area = create(world, "park_a", NodeKind.AREA)
    grid = node_create(actor=world.users["park_commander"], parent=area, kind=NodeKind.GRID, name="网格")
    site = node_create(
        actor=world.users["park_commander"], parent=grid, kind=NodeKind.CONSTRUCTION, name="工地"
    )
    building = node_create(
        actor=world.users["park_commander"], parent=site, kind=NodeKind.BUILDING, name="1号楼"
    )

    assert [n.depth for n in (area, grid, site, building)] == [3, 4, 5, 6]
    assert building.path.startswith(area.path)


@pytest.mark.parametrize(("language", "message"), both(NOT_ALLOWED, child="Grid / community", parent="Park"))
def test_grid_cannot_hang_directly_under_a_park(world, language, message):
    before = row_counts()

    with pytest.raises(ValidationError) as refused:
        create(world, "park_a", NodeKind.GRID)

    with override(language):
        assert refused.value.messages == [message]
    assert row_counts() == before


@pytest.mark.parametrize(
    ("parent", "kind"), [("grid_1", NodeKind.BUILDING), ("building_1", NodeKind.BUILDING)]
)
def test_other_shapes_outside_the_rules_are_refused(world, parent, kind):
    assert kind not in ALLOWED_CHILDREN[world.nodes[parent].kind]

    with pytest.raises(ValidationError) as refused:
        create(world, parent, kind)

    assert refused.value.code == "kind_not_allowed"


@pytest.mark.parametrize(
    ("language", "message"), both(NOT_ALLOWED, child="Area / street", parent="Checkpoint")
)
def test_move_is_checked_against_the_same_rules(world, language, message):
    area = world.nodes["area_a"]

    with pytest.raises(ValidationError) as refused:
        node_move(actor=world.users["park_commander"], node=area, new_parent=world.nodes["checkpoint_a"])

    with override(language):
        assert refused.value.messages == [message]


def test_only_the_national_office_is_a_root(world):
    with pytest.raises(ValidationError) as refused:
        node_create(actor=UserFactory(is_superuser=True), parent=None, kind=NodeKind.PARK, name="孤岛园区")

    assert refused.value.code == "root_kind"
