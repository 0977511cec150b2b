"""Scanning a pass at a checkpoint: every verdict and reason, and the log it leaves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from parkguard.checkpoints import services
from parkguard.checkpoints.choices import ColourPolicy, Outcome
from parkguard.checkpoints.models import ScanEvent
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.passcodec import pass_id_hash
from parkguard.passes.services import issue_person_pass, revoke_pass


def _scan(gates, token, *, guard=None, lane=None, checkpoint=None, direction="in", now=None):
    return services.scan(
        checkpoint or gates.road,
        token,
        guard=guard or gates.guard,
        direction=direction,
        lane=lane or gates.person_lane,
        now=now,
    )


@pytest.fixture
def road_guard(world, gates):
    gates.guard = world.users["gate_guard"]
    return gates


def test_a_green_pass_is_allowed_with_the_masked_name(world, road_guard, person_pass):
    resident = world.people["resident"]
    token = person_pass(resident).token

    result = _scan(road_guard, token)

    assert (result.outcome, result.reason, result.colour) == (Outcome.ALLOWED, "ok", "green")
    assert result.subject == resident.name_masked and result.kind == "person" and result.direction == "in"
    assert (result.message_en, result.message_zh) == ("Valid pass.", "通行码有效。")


def test_a_yellow_pass_needs_a_check_and_a_red_one_is_refused(world, road_guard, person_pass):
    yellow = issue_person_pass(world.people["worker_1"]).token  # no declaration yet: yellow
    red = person_pass(world.people["resident"], temperature="38.4").token

    assert (_scan(road_guard, yellow).outcome, _scan(road_guard, yellow).reason) == (
        Outcome.CHECK,
        "colour_check",
    )
    assert (_scan(road_guard, red).outcome, _scan(road_guard, red).reason) == (
        Outcome.REFUSED,
        "colour_refused",
    )


def test_the_colour_policy_is_the_checkpoints(world, road_guard):
    services.checkpoint_configure(
        actor=world.users["park_commander"], node=road_guard.road.node, yellow=ColourPolicy.REFUSE
    )
    road_guard.road.refresh_from_db()
    yellow = issue_person_pass(world.people["worker_1"]).token

    assert _scan(road_guard, yellow).outcome == Outcome.REFUSED


def test_a_person_pass_at_a_vehicle_lane_is_the_wrong_kind(world, road_guard, person_pass):
    token = person_pass(world.people["resident"]).token
    result = _scan(road_guard, token, lane=road_guard.vehicle_lane)
    assert (result.outcome, result.reason) == (Outcome.REFUSED, "wrong_kind")


def test_a_vehicle_pass_at_a_person_lane_is_the_wrong_kind(world, road_guard, vehicle_pass):
    token = vehicle_pass(world.nodes["enterprise_1"]).token
    assert _scan(road_guard, token).reason == "wrong_kind"
    assert _scan(road_guard, token, lane=road_guard.vehicle_lane).outcome == Outcome.ALLOWED


def test_a_lane_with_a_fixed_direction_logs_its_direction(world, road_guard, vehicle_pass):
    token = vehicle_pass(world.nodes["enterprise_1"]).token
    result = _scan(road_guard, token, lane=road_guard.vehicle_lane, direction="out")
    assert result.direction == "in"


def test_a_lane_chosen_per_scan_needs_a_direction(world, road_guard, person_pass):
    token = person_pass(world.people["resident"]).token
    with pytest.raises(ServiceError) as refused:
        _scan(road_guard, token, direction="")
    assert refused.value.code == "direction"


def test_a_compound_gate_takes_only_its_own_peoples_passes(world, gates, person_pass):
    gates.guard = gates.compound_guard
    own = person_pass(world.people["resident"]).token
    other = person_pass(world.people["worker_1"]).token  # works at an enterprise outside the compound

    assert (
        _scan(gates, own, checkpoint=gates.compound, lane=gates.compound.lanes.first()).outcome
        == Outcome.ALLOWED
    )
    result = _scan(gates, other, checkpoint=gates.compound, lane=gates.compound.lanes.first())
    assert (result.outcome, result.reason) == (Outcome.REFUSED, "out_of_scope")
    assert "not for this checkpoint" in result.message_en


def test_a_pass_of_another_park_is_not_in_this_parks_trust_list(world, road_guard, person_pass):
    token = person_pass(world.people["worker_b"]).token
    assert _scan(road_guard, token).reason == "unknown_key"


def test_an_expired_and_a_not_yet_valid_pass_say_so(world, road_guard, person_pass):
    token = person_pass(world.people["resident"]).token
    now = timezone.now()
    assert _scan(road_guard, token, now=now + dt.timedelta(days=2)).reason == "expired"
    assert _scan(road_guard, token, now=now - dt.timedelta(hours=2)).reason == "not_yet_valid"


def test_a_revoked_pass_is_refused(world, road_guard, person_pass):
    pass_ = person_pass(world.people["resident"])
    revoke_pass(pass_, actor=world.users["park_commander"], reason="test")
    assert _scan(road_guard, pass_.token).reason == "revoked"


def test_a_checkpoint_out_of_service_refuses_everything(world, road_guard, person_pass):
    services.checkpoint_configure(
        actor=world.users["park_commander"], node=road_guard.road.node, active=False
    )
    road_guard.road.refresh_from_db()
    token = person_pass(world.people["resident"]).token
    assert _scan(road_guard, token).reason == "checkpoint_closed"


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("", "bad_prefix"),
        ("hello", "bad_prefix"),
        ("PC1:", "truncated"),
        ("PC1:abc!!", "bad_base45"),
        ("PC1:" + "A" * 5000, "too_large"),
        ("\x00\ud800PC1:", "bad_prefix"),
    ],
)
def test_garbage_and_oversized_input_is_refused_with_a_reason_and_logged(world, road_guard, token, reason):
    result = _scan(road_guard, token)
    assert (result.outcome, result.reason) == (Outcome.REFUSED, reason)
    assert ScanEvent.objects.get(pk=result.event_id).pass_id_hash == ""


def test_a_tampered_pass_is_refused(world, road_guard, person_pass):
    token = person_pass(world.people["resident"]).token
    tampered = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    result = _scan(road_guard, tampered)
    assert result.outcome == Outcome.REFUSED and result.reason != "ok"
    scan = ScanEvent.objects.get(pk=result.event_id)
    assert scan.person is None and scan.pass_id_hash == "" and scan.subject_masked == ""


def test_every_scan_is_logged_without_the_name_in_clear(world, road_guard, person_pass):
    resident = world.people["resident"]
    pass_ = person_pass(resident)

    result = _scan(road_guard, pass_.token)

    scan = ScanEvent.objects.get(pk=result.event_id)
    assert scan.pass_ref == pass_ and scan.person == resident and scan.guard == road_guard.guard
    assert scan.pass_id_hash == pass_id_hash(bytes(pass_.pass_id)).hex()
    assert scan.pseudonym and scan.issuer == pass_.issuer.issuer_id
    values = [str(v) for v in ScanEvent.objects.filter(pk=scan.pk).values().first().values()]
    assert resident.name not in " ".join(values)


@pytest.mark.parametrize(
    "who", ["outsider", "resident", "commander_b", "building_head", "neighbour_official"]
)
def test_who_may_not_scan_here_is_refused_and_nothing_is_logged(world, road_guard, person_pass, who):
    token = person_pass(world.people["resident"]).token
    with pytest.raises(ScopeError):
        _scan(road_guard, token, guard=world.users[who])
    assert not ScanEvent.objects.exists()


def test_an_official_with_the_scan_capability_in_scope_may_scan(world, road_guard, person_pass):
    token = person_pass(world.people["resident"]).token
    assert _scan(road_guard, token, guard=world.users["park_commander"]).outcome == Outcome.ALLOWED


def test_a_scans_queries_do_not_grow_with_the_log(
    world, road_guard, person_pass, django_assert_max_num_queries
):
    token = person_pass(world.people["resident"]).token
    for _ in range(20):  # the trust store is built by the first scan, then cached
        _scan(road_guard, token)
    # The park, our issuer id, the pass, and the log row (in a savepoint).
    with django_assert_max_num_queries(6):
        _scan(road_guard, token)


def test_a_refused_own_pass_is_still_linked_to_its_holder_for_tracing(world, road_guard, person_pass):
    pass_ = person_pass(world.people["resident"])
    revoke_pass(pass_, actor=world.users["park_commander"], reason="test")

    scan = ScanEvent.objects.get(pk=_scan(road_guard, pass_.token).event_id)

    assert (scan.reason, scan.person, scan.pass_ref) == ("revoked", world.people["resident"], pass_)
