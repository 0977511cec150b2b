"""Contact tracing: who passed a checkpoint between two times, in scope only, every query audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from parkguard.audit.models import AuditAction, AuditEvent
from parkguard.checkpoints import selectors, services
from parkguard.checkpoints.choices import Outcome
from parkguard.checkpoints.models import ScanEvent
from parkguard.core.errors import ScopeError, ServiceError

NOON = timezone.make_aware(dt.datetime(2020, 2, 20, 12, 0))


def _scan(checkpoint, person=None, minutes=0, pseudonym="aa" * 16, subject="王*民"):
    return ScanEvent.objects.create(
        checkpoint=checkpoint,
        node=checkpoint.node,
        scanned_at=NOON + dt.timedelta(minutes=minutes),
        direction="in",
        result=Outcome.ALLOWED,
        reason="ok",
        kind="person",
        colour="green",
        pseudonym=pseudonym,
        subject_masked=subject,
        person=person,
    )


@pytest.fixture
def scans(world, gates):
    resident = world.people["resident"]
    return {
        "road_early": _scan(gates.road, resident, minutes=-120),
        "road": _scan(gates.road, resident, minutes=5),
        "gate": _scan(gates.compound, resident, minutes=10),
        "gate_other": _scan(gates.compound, None, minutes=15, pseudonym="bb" * 16, subject="京A****5"),
    }


def _trace(user, **kwargs):
    kwargs.setdefault("start", NOON - dt.timedelta(hours=1))
    kwargs.setdefault("end", NOON + dt.timedelta(hours=1))
    return services.trace_contacts(actor=user, **kwargs)


def test_the_commander_sees_who_passed_a_checkpoint_in_the_period(world, gates, scans):
    trace = _trace(world.users["park_commander"], checkpoint=gates.road)
    assert trace.scans == [scans["road"]]


def test_without_a_checkpoint_every_checkpoint_in_scope_answers_oldest_first(world, gates, scans):
    trace = _trace(world.users["park_commander"])
    assert trace.scans == [scans["road"], scans["gate"], scans["gate_other"]]


def test_an_area_leader_sees_the_gates_of_their_area_only(world, gates, scans):
    trace = _trace(world.users["area_leader"])
    assert trace.scans == [scans["gate"], scans["gate_other"]]
    with pytest.raises(ScopeError):
        _trace(world.users["area_leader"], checkpoint=gates.road)


def test_one_pass_holder_across_checkpoints_by_pseudonym(world, gates, scans):
    trace = _trace(world.users["park_commander"], pseudonym="bb" * 16)
    assert trace.scans == [scans["gate_other"]]


@pytest.mark.parametrize("who", ["gate_guard", "grid_official", "resident", "outsider", "national_officer"])
def test_who_may_not_trace_is_refused(world, scans, who):
    with pytest.raises(ScopeError):
        _trace(world.users[who])


def test_the_other_park_sees_none_of_our_scans(world, scans):
    assert _trace(world.users["commander_b"]).scans == []


def test_each_query_is_audited_with_its_period_and_count(world, gates, scans):
    commander = world.users["park_commander"]
    _trace(commander, checkpoint=gates.road)

    event = AuditEvent.objects.get(action=AuditAction.REVEAL, actor=commander)
    assert event.changes["query"] == "contact_tracing" and event.changes["results"] == 1
    assert event.node == gates.road.node


@pytest.mark.parametrize(
    ("start", "end", "code"),
    [
        (NOON, NOON, "period_order"),
        (NOON, NOON - dt.timedelta(hours=1), "period_order"),
        (NOON, NOON + dt.timedelta(days=32), "period_long"),
    ],
)
def test_a_wrong_period_is_refused_and_nothing_is_audited(world, scans, start, end, code):
    with pytest.raises(ServiceError) as refused:
        _trace(world.users["park_commander"], start=start, end=end)
    assert refused.value.code == code
    assert not AuditEvent.objects.filter(action=AuditAction.REVEAL).exists()


def test_revealing_the_person_of_a_scan_goes_through_the_audited_reveal(world, scans):
    commander = world.users["park_commander"]
    event = selectors.scan_list(user=commander).get(pk=scans["road"].pk)

    revealed = services.trace_reveal(actor=commander, event=event)

    assert revealed["name"] == "王居民" and revealed["id_number"] == world.people["resident"].id_number
    assert AuditEvent.objects.filter(action=AuditAction.REVEAL, object_type="people.person").count() == 1


def test_a_scan_of_a_partners_pass_names_nobody_to_reveal(world, scans):
    with pytest.raises(ServiceError):
        services.trace_reveal(actor=world.users["park_commander"], event=scans["gate_other"])
