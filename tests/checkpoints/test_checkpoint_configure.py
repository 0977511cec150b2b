from __future__ import annotations

import pytest

from parkguard.audit.models import AuditEvent
from parkguard.checkpoints import services
from parkguard.checkpoints.choices import ColourPolicy, LaneKind
from parkguard.core.errors import ScopeError, ServiceError


def test_a_new_checkpoint_follows_2020_practice_with_one_lane_for_everyone(world):
    checkpoint = services.checkpoint_configure(
        actor=world.users["park_commander"], node=world.nodes["checkpoint_a"]
    )

    assert (checkpoint.yellow, checkpoint.red) == (ColourPolicy.CHECK, ColourPolicy.REFUSE)
    assert checkpoint.policy_for("green") == ColourPolicy.ALLOW
    assert [lane.kind for lane in checkpoint.lanes.all()] == [LaneKind.BOTH]
    assert AuditEvent.objects.filter(
        object_type="checkpoints.checkpoint", object_id=str(checkpoint.pk)
    ).exists()


def test_changing_the_colour_policy_is_audited_with_before_and_after(world):
    commander = world.users["park_commander"]
    checkpoint = services.checkpoint_configure(actor=commander, node=world.nodes["checkpoint_a"])

    services.checkpoint_configure(
        actor=commander, node=world.nodes["checkpoint_a"], yellow=ColourPolicy.REFUSE
    )

    event = AuditEvent.objects.filter(object_id=str(checkpoint.pk)).order_by("-id").first()
    assert event.changes["yellow"] == ["check", "refuse"]


def test_a_compound_gate_can_be_a_checkpoint_but_an_enterprise_cannot(world):
    commander = world.users["park_commander"]
    assert (
        services.checkpoint_configure(actor=commander, node=world.nodes["compound_1"]).node.kind == "compound"
    )
    with pytest.raises(ServiceError) as refused:
        services.checkpoint_configure(actor=commander, node=world.nodes["enterprise_1"])
    assert refused.value.code == "checkpoint_kind"


@pytest.mark.parametrize("who", ["grid_official", "gate_guard", "commander_b"])
def test_only_a_key_manager_with_the_node_in_scope_configures_it(world, who):
    with pytest.raises(ScopeError):
        services.checkpoint_configure(actor=world.users[who], node=world.nodes["checkpoint_a"])


def test_an_unknown_colour_policy_is_refused(world):
    with pytest.raises(ServiceError):
        services.checkpoint_configure(
            actor=world.users["park_commander"], node=world.nodes["checkpoint_a"], red="maybe"
        )


def test_lanes_need_a_unique_name_and_a_known_kind_and_direction(world, gates):
    commander = world.users["park_commander"]
    for kwargs, code in [
        ({"name": "人员通道", "kind": LaneKind.PERSON}, "lane_duplicate"),
        ({"name": " ", "kind": LaneKind.PERSON}, "lane_name"),
        ({"name": "新通道", "kind": "bicycle"}, "lane_kind"),
        ({"name": "新通道", "kind": LaneKind.PERSON, "direction": "up"}, "direction"),
    ]:
        with pytest.raises(ServiceError) as refused:
            services.lane_save(actor=commander, checkpoint=gates.road, **kwargs)
        assert refused.value.code == code
