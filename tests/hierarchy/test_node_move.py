"""Moving a subtree: one UPDATE rewrites every path and depth below, and scope follows the move."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from parkguard.hierarchy.models import Node, encode_step
from parkguard.hierarchy.services import node_move
from parkguard.people.models import Person
from tests.core.messages_zh import both
from tests.core.records import row_counts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CYCLE = "A node cannot be moved under itself or its own descendant."


def under(node: Node) -> set[str]:
    return set(Node.objects.descendants_of(node).values_list("name", flat=True))


def test_move_rewrites_the_subtree_in_one_update(world):
    compound, area = world.nodes["compound_1"], world.nodes["area_a"]

    with CaptureQueriesContext(connection) as queries:
        node_move(actor=world.users["park_commander"], node=compound, new_parent=area)

    path_updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and '"path"' in q["sql"]]
    assert len(path_updates) == 1
    assert '"depth"' in path_updates[0]


def test_moved_nodes_get_new_paths_and_depths(world):
    compound, building, area = world.nodes["compound_1"], world.nodes["building_1"], world.nodes["area_a"]

    node_move(actor=world.users["park_commander"], node=compound, new_parent=area)

    building.refresh_from_db()
    assert (compound.parent, compound.depth) == (area, area.depth + 1)
    assert compound.path == area.path + encode_step(compound.pk)
    assert (building.depth, building.path) == (area.depth + 2, compound.path + encode_step(building.pk))


@pytest.fixture
def root(db):
    """Only a superuser reaches across parks."""
    return UserFactory(is_superuser=True)


def test_everything_under_a_node_is_right_after_the_move(world, root):
    grid_1, area_b = world.nodes["grid_1"], world.nodes["grid_b"]

    node_move(actor=root, node=grid_1, new_parent=area_b)

    moved = {"一号网格", "幸福小区", "幸福小区1栋", "滇池机械"}
    assert under(area_b) == {"上海庙镇", "上海庙煤矿", *moved}
    assert under(world.nodes["park_a"]).isdisjoint(moved)


def test_scope_follows_the_moved_grid(world, root):
    grid_1, area_b = world.nodes["grid_1"], world.nodes["grid_b"]

    node_move(actor=root, node=grid_1, new_parent=area_b)

    resident = world.people["resident"]
    assert Person.objects.visible_to(world.users["commander_b"]).filter(pk=resident.pk).exists()
    assert not Person.objects.visible_to(world.users["park_commander"]).filter(pk=resident.pk).exists()
    assert Person.objects.visible_to(world.users["grid_official"]).filter(pk=resident.pk).exists()


@pytest.mark.parametrize(("language", "message"), both(CYCLE))
@pytest.mark.parametrize("target", ["grid_1", "compound_1"])
def test_node_cannot_move_under_itself_or_its_descendant(world, language, message, target):
    grid_1 = world.nodes["grid_1"]
    before, path = row_counts(), grid_1.path

    with pytest.raises(ValidationError) as refused:
        node_move(actor=world.users["park_commander"], node=grid_1, new_parent=world.nodes[target])

    with override(language):
        assert refused.value.messages == [message]
    grid_1.refresh_from_db()
    assert (grid_1.path, row_counts()) == (path, before)


def test_move_out_of_the_actors_scope_is_refused(world):
    compound = world.nodes["compound_1"]

    with pytest.raises(ValidationError) as refused:
        node_move(actor=world.users["grid_official"], node=compound, new_parent=world.nodes["grid_2"])

    assert refused.value.code == "out_of_scope"
    compound.refresh_from_db()
    assert compound.parent == world.nodes["grid_1"]
