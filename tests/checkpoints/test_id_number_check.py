"""A person without a phone is checked by id number: colour and masked name only, every look-up audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parkguard.audit.models import AuditAction, AuditEvent
from parkguard.checkpoints import services
from parkguard.checkpoints.choices import Outcome, ScanMethod
from parkguard.checkpoints.models import ScanEvent
from parkguard.core.errors import RateLimited, ScopeError, ServiceError

from ..factories import make_id_number


def test_a_green_person_is_allowed_and_the_guard_sees_only_the_masked_name(world, gates, declare):
    resident = world.people["resident"]
    declare(resident)

    result = services.check_by_id_number(
        gates.compound, resident.id_number, guard=gates.compound_guard, direction="in"
    )

    assert (result.outcome, result.colour, result.subject) == (Outcome.ALLOWED, "green", resident.name_masked)
    assert resident.name not in str(result.as_dict())


def test_the_check_is_audited_as_a_reveal_of_the_persons_colour(world, gates, declare):
    resident = world.people["resident"]
    declare(resident)

    services.check_by_id_number(
        gates.compound, resident.id_number, guard=gates.compound_guard, direction="in"
    )

    event = AuditEvent.objects.get(action=AuditAction.REVEAL, actor=gates.compound_guard)
    assert (event.object_type, event.object_id) == ("people.person", str(resident.pk))
    assert event.changes["via"] == "id_number_check" and event.node == gates.compound.node


def test_the_check_is_logged_as_a_scan_for_contact_tracing(world, gates, declare):
    resident = world.people["resident"]
    declare(resident, temperature="38.2")

    result = services.check_by_id_number(
        gates.road, resident.id_number, guard=world.users["gate_guard"], direction="out"
    )

    scan = ScanEvent.objects.get(pk=result.event_id)
    assert (scan.method, scan.result, scan.colour, scan.direction) == (
        ScanMethod.ID_NUMBER,
        Outcome.REFUSED,
        "red",
        "out",
    )
    assert scan.person == resident and scan.reason == "colour_refused"


def test_an_unknown_number_is_refused_and_still_audited(world, gates):
    result = services.check_by_id_number(
        gates.road, make_id_number(), guard=world.users["gate_guard"], direction="in"
    )

    assert (result.outcome, result.reason) == (Outcome.REFUSED, "person_not_found")
    assert AuditEvent.objects.filter(action=AuditAction.REVEAL, actor=world.users["gate_guard"]).count() == 1


def test_a_mistyped_number_is_an_error_not_a_look_up(world, gates):
    with pytest.raises(ValidationError):
        services.check_by_id_number(
            gates.road, "11010519491231002X0", guard=world.users["gate_guard"], direction="in"
        )
    assert not ScanEvent.objects.exists()


def test_a_vehicle_lane_checks_no_people(world, gates):
    resident = world.people["resident"]
    with pytest.raises(ServiceError) as refused:
        services.check_by_id_number(
            gates.road,
            resident.id_number,
            guard=world.users["gate_guard"],
            direction="in",
            lane=gates.vehicle_lane,
        )
    assert refused.value.code == "wrong_kind"


@pytest.mark.parametrize("who", ["outsider", "resident", "commander_b", "building_head"])
def test_only_guards_of_this_gate_and_officials_with_the_capability_in_scope_check(world, gates, who):
    with pytest.raises(ScopeError):
        services.check_by_id_number(
            gates.road, world.people["resident"].id_number, guard=world.users[who], direction="in"
        )


def test_the_guard_of_another_gate_may_not_check_here(world, gates):
    with pytest.raises(ScopeError):
        services.check_by_id_number(
            gates.road, world.people["resident"].id_number, guard=gates.compound_guard, direction="in"
        )


def test_a_guard_is_limited_to_a_number_of_checks_in_a_window(world, gates, settings):
    """The check reveals a colour: it must not become a way to sweep id numbers."""
    settings.ID_CHECK_LIMIT, settings.ID_CHECK_WINDOW_MINUTES = 3, 10
    guard = world.users["gate_guard"]
    start = timezone.now()
    for minute in range(3):
        services.check_by_id_number(
            gates.road,
            make_id_number(),
            guard=guard,
            direction="in",
            now=start + dt.timedelta(minutes=minute),
        )

    with pytest.raises(RateLimited) as refused:
        services.check_by_id_number(
            gates.road, make_id_number(), guard=guard, direction="in", now=start + dt.timedelta(minutes=5)
        )

    assert refused.value.code == "too_many_checks"
    assert ScanEvent.objects.filter(guard=guard).count() == 3
    # Once the first checks leave the window, the guard may check again.
    later = services.check_by_id_number(
        gates.road,
        make_id_number(),
        guard=guard,
        direction="in",
        now=start + dt.timedelta(minutes=10, seconds=1),
    )
    assert later.reason == "person_not_found"


def test_the_limit_is_per_guard(world, gates, settings):
    settings.ID_CHECK_LIMIT = 1
    services.check_by_id_number(gates.road, make_id_number(), guard=world.users["gate_guard"], direction="in")

    other = services.check_by_id_number(
        gates.compound, make_id_number(), guard=gates.compound_guard, direction="in"
    )

    assert other.reason == "person_not_found"


def test_the_api_answers_429_in_both_languages_when_the_limit_is_reached(world, gates, settings, client):
    settings.ID_CHECK_LIMIT = 0
    client.force_login(world.users["gate_guard"])
    body = {"checkpoint": gates.road.pk, "id_number": make_id_number(), "direction": "in"}

    en = client.post("/api/scans/id-check/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    zh = client.post(
        "/api/scans/id-check/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert (en.status_code, zh.status_code) == (429, 429)
    assert "Too many id-number checks" in str(en.json())
    assert "身份证号核验次数过多" in str(zh.json())
    assert not ScanEvent.objects.exists()
