"""Manual colour changes: a reason, a second approver with the same capability, a notice, an audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from parkguard.audit.models import AuditEvent
from parkguard.health.models import ManualChange
from parkguard.health.services import (
    manual_change_approve,
    manual_change_refuse,
    manual_change_request,
    manual_change_revoke,
)
from parkguard.health.status import current_status
from parkguard.notices.models import Notice

from .conftest import DAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """These tests read the English messages (the Chinese of each is checked in messages_zh tests)."""
    with translation.override("en"):
        yield


UNTIL = timezone.make_aware(dt.datetime.combine(DAY + dt.timedelta(days=2), dt.time(18, 0)))


@pytest.fixture
def change(world, at):
    return manual_change_request(
        actor=world.users["park_commander"],
        person=world.people["resident"],
        colour="red",
        reason="密切接触者的密接，待核酸结果",
        until=UNTIL,
    )


def test_a_request_changes_nothing_until_approved(world, change):
    assert change.status == "pending"
    assert current_status(world.people["resident"]).colour != "red"


def test_the_requester_cannot_approve_their_own_request(world, change):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        manual_change_approve(actor=world.users["park_commander"], change=change)
    assert caught.value.code == "own_request"
    assert "a different official must approve it" in caught.value.messages[0]
    assert ManualChange.objects.get().status == "pending"


def test_a_second_official_approves_and_the_person_is_told(world, change, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        manual_change_approve(actor=world.users["task_force_member"], change=change, note="同意")
    status = current_status(world.people["resident"])
    assert (status.colour, status.manual, status.reason_codes) == ("red", True, ("manual_change",))
    assert "待核酸结果" in status.reasons[0].message
    notice = Notice.objects.get(recipient=world.users["resident"])
    assert notice.kind == "colour_changed"
    actions = list(
        AuditEvent.objects.filter(object_type="health.manualchange").values_list("action", flat=True)
    )
    assert sorted(actions) == ["create", "update"]


def test_an_approver_needs_the_capability_and_the_person_in_scope(world, change):
    for user, code in (("grid_official", "no_permission"), ("commander_b", "out_of_scope")):
        with pytest.raises(ValidationError) as caught:
            manual_change_approve(actor=world.users[user], change=change)
        assert caught.value.code == code


def test_a_decided_change_cannot_be_decided_again(world, change):
    manual_change_refuse(actor=world.users["task_force_member"], change=change, note="证据不足")
    with pytest.raises(ValidationError) as caught:
        manual_change_approve(actor=world.users["task_force_member"], change=change)
    assert caught.value.code == "already_decided"


def test_a_manual_colour_ends_at_its_time_and_the_rules_decide_again(world, change, at, declare):
    declare(world.people["resident"], day=DAY + dt.timedelta(days=3))
    manual_change_approve(actor=world.users["task_force_member"], change=change)
    at("09:00", day=DAY + dt.timedelta(days=3))
    status = current_status(world.people["resident"])
    assert (status.colour, status.manual) == ("green", False)


def test_revoking_ends_it_at_once(world, change, declare):
    declare(world.people["resident"])
    manual_change_approve(actor=world.users["task_force_member"], change=change)
    manual_change_revoke(actor=world.users["park_commander"], change=change)
    assert current_status(world.people["resident"]).colour == "green"
    assert ManualChange.objects.get().status == "revoked"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reason": "  "}, "reason", "Give the reason"),
        ({"colour": "purple"}, "colour", "green, yellow or red"),
        ({"until": UNTIL - dt.timedelta(days=5)}, "until", "ends in the future"),
        ({"until": UNTIL + dt.timedelta(days=60)}, "until", "30 days at most"),
    ],
)
def test_a_request_needs_a_reason_a_colour_and_a_sensible_end(world, at, overrides, field, message):
    data = {"colour": "red", "reason": "核查", "until": UNTIL, **overrides}
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        manual_change_request(actor=world.users["park_commander"], person=world.people["resident"], **data)
    assert message in caught.value.message_dict[field][0]
    assert not ManualChange.objects.exists()


def test_nobody_changes_their_own_colour(world, at):
    world.people["worker_1"].user = world.users["park_commander"]
    world.people["worker_1"].save()
    with pytest.raises(ValidationError) as caught:
        manual_change_request(
            actor=world.users["park_commander"],
            person=world.people["worker_1"],
            colour="green",
            reason="x",
            until=UNTIL,
        )
    assert caught.value.code == "own_colour"


def test_the_manual_change_page_lists_changes_in_scope(world, change, login):
    assert (
        f'id="change-{change.pk}"'
        in login(world.users["park_commander"]).get("/health/manual/").content.decode()
    )
    assert (
        f'id="change-{change.pk}"'
        not in login(world.users["commander_b"]).get("/health/manual/").content.decode()
    )


def test_approving_on_the_page_as_the_requester_shows_the_refusal(world, change, login, settings):
    settings.LANGUAGE_CODE = "en"
    client = login(world.users["park_commander"])
    response = client.post(f"/health/manual/{change.pk}/decide/", {"action": "approve"}, follow=True)
    assert "a different official must approve it" in response.content.decode()
    response = login(world.users["task_force_member"]).post(
        f"/health/manual/{change.pk}/decide/", {"action": "approve"}
    )
    assert response.status_code == 302
    assert ManualChange.objects.get().status == "approved"
