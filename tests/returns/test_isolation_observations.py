"""Isolation observations (issue #7): twice a day, range-checked, corrections with a reason, alerts to the
command on a fever or a positive test, overdue slots flagged to the site's officer."""
# ruff: noqa: F811 - the fixtures come from isolation_helpers

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from parkguard.audit.models import AuditEvent
from parkguard.notices.models import Notice
from parkguard.returns import isolation
from parkguard.returns.models import AlertKind, IsolationAlert, Observation
from tests.factories import PersonFactory

from .isolation_helpers import TODAY, at, english, site  # noqa: F401

D = dt.timedelta
pytestmark = pytest.mark.usefixtures("english", "at")


def codes(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors}
    return {e.code for e in exc.error_list}


@pytest.fixture
def stay(world, site):
    return isolation.stay_check_in(
        actor=world.users["park_commander"],
        site=site,
        room=site.rooms.get(number="101"),
        person=PersonFactory(),
    )


def observe(world, stay, *, actor="park_commander", date=TODAY, slot="morning", temperature="36.5", **kw):
    return isolation.observation_record(
        actor=world.users[actor], stay=stay, date=date, slot=slot, temperature=temperature, **kw
    )


def test_a_morning_and_an_evening_observation_are_recorded(world, stay):
    morning = observe(world, stay, symptoms=["cough"], note="精神好")
    evening = observe(world, stay, slot="evening", temperature="36,8")
    assert (morning.temperature, morning.symptoms, morning.note) == (Decimal("36.5"), ["cough"], "精神好")
    assert evening.temperature == Decimal("36.8")
    assert Observation.objects.filter(stay=stay).count() == 2
    assert AuditEvent.objects.filter(object_type="returns.observation").count() == 2


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"temperature": "33.9"}, "temperature_range"),
        ({"temperature": "43.1"}, "temperature_range"),
        ({"temperature": "abc"}, "temperature_format"),
        ({"temperature": "nan"}, "temperature_range"),
        ({"slot": "noon"}, "slot"),
        ({"symptoms": ["sneezing"]}, "symptoms_unknown"),
        ({"test_result": "maybe"}, "test_result"),
        ({"date": "2020-13-01"}, "date_format"),
        ({"date": TODAY + D(days=1)}, "observation_future"),
        ({"date": TODAY - D(days=1)}, "before_check_in"),
    ],
)
def test_bad_input_is_refused_with_its_reason_and_nothing_is_written(world, stay, fields, code):
    with pytest.raises(ValidationError) as exc:
        observe(world, stay, **fields)
    assert codes(exc.value) == {code}
    assert not Observation.objects.exists()


def test_a_duplicate_slot_is_refused_without_a_reason_and_corrected_with_one(world, stay):
    observe(world, stay, temperature="36.5")
    with pytest.raises(ValidationError) as exc:
        observe(world, stay, temperature="36.9")
    assert codes(exc.value) == {"slot_taken"}
    assert "already entered" in exc.value.messages[0]
    corrected = observe(world, stay, temperature="36.9", correction_reason="录入错误，重新测量")
    assert Observation.objects.get().temperature == Decimal("36.9")
    assert corrected.correction_reason == "录入错误，重新测量"
    event = AuditEvent.objects.filter(object_type="returns.observation", action="update").get()
    assert event.changes["temperature"] == ["36.5", "36.9"]


def test_an_observation_for_a_released_person_is_refused(world, stay, at):
    at("09:00", day=TODAY + D(days=14))
    isolation.stay_release(actor=world.users["park_commander"], stay=stay)
    with pytest.raises(ValidationError) as exc:
        observe(world, stay, date=TODAY + D(days=14))
    assert codes(exc.value) == {"released"}
    assert "released" in exc.value.messages[0]
    # an observation of a day before the release may still be entered late
    assert observe(world, stay, date=TODAY + D(days=13), slot="evening").pk


def test_a_fever_alerts_the_command_and_the_officer_once(world, stay, site):
    observe(world, stay, temperature="37.3")
    alert = IsolationAlert.objects.get()
    assert (alert.kind, alert.date, alert.slot, alert.detail) == (
        AlertKind.FEVER,
        TODAY,
        "morning",
        "37.3 °C",
    )
    recipients = set(Notice.objects.filter(kind="isolation").values_list("recipient__username", flat=True))
    assert recipients == {"park_commander", site.officer.username}
    observe(world, stay, temperature="37.5", correction_reason="复测")
    assert IsolationAlert.objects.count() == 1
    assert Notice.objects.filter(kind="isolation").count() == 2


def test_a_normal_temperature_raises_no_alert_and_a_positive_test_does(world, stay):
    observe(world, stay, temperature="37.2")
    assert not IsolationAlert.objects.exists()
    observe(world, stay, slot="evening", temperature="36.6", test_result="positive")
    assert list(IsolationAlert.objects.values_list("kind", flat=True)) == [AlertKind.POSITIVE_TEST]
    assert Notice.objects.filter(recipient=world.users["park_commander"], kind="isolation").count() == 1
    assert not Notice.objects.filter(recipient=world.users["commander_b"]).exists()


def test_an_alert_is_handled_once(world, stay):
    observe(world, stay, temperature="38.0")
    alert = IsolationAlert.objects.get()
    isolation.alert_resolve(actor=world.users["task_force_member"], alert=alert)
    alert.refresh_from_db()
    assert alert.resolved_by == world.users["task_force_member"]
    with pytest.raises(ValidationError) as exc:
        isolation.alert_resolve(actor=world.users["task_force_member"], alert=alert)
    assert codes(exc.value) == {"resolved"}


def test_overdue_slots_are_flagged_to_the_officer_once_and_cleared_by_the_observation(world, stay, site, at):
    # checked in at 09:00: the morning slot (due 10:00) is owed, the evening one not yet
    at("11:00")
    assert isolation.flag_overdue() == 1
    assert isolation.flag_overdue() == 0
    alert = IsolationAlert.objects.get(kind=AlertKind.OVERDUE)
    assert (alert.date, alert.slot) == (TODAY, "morning")
    notices = Notice.objects.filter(kind="isolation")
    assert [n.recipient for n in notices] == [site.officer]
    # in the officer's language (zh-hans by default): 隔离观察逾期未录入：<site> 101房间
    assert "逾期" in notices[0].title and site.node.name in notices[0].title
    observe(world, stay, slot="morning")
    alert.refresh_from_db()
    assert alert.resolved_at is not None
    # the next day at 21:00 yesterday's evening and today's two slots are owed
    at("21:00", day=TODAY + D(days=1))
    observe(world, stay, date=TODAY + D(days=1), slot="evening")
    assert isolation.flag_overdue() == 2
    flagged = set(
        IsolationAlert.objects.filter(kind=AlertKind.OVERDUE, resolved_at__isnull=True).values_list(
            "date", "slot"
        )
    )
    assert flagged == {(TODAY, "evening"), (TODAY + D(days=1), "morning")}


def test_someone_checked_in_after_a_slot_was_due_owes_nothing_for_it(world, site, at):
    at("15:00")
    isolation.stay_check_in(
        actor=world.users["park_commander"],
        site=site,
        room=site.rooms.get(number="102"),
        person=PersonFactory(),
    )
    at("16:00")
    assert isolation.flag_overdue() == 0
    at("20:30")
    assert isolation.flag_overdue() == 1


def test_a_site_without_officer_flags_overdue_slots_to_the_command(world, site, stay, at):
    site.officer = None
    site.save()
    at("11:00")
    assert isolation.flag_overdue() == 1
    assert list(Notice.objects.values_list("recipient__username", flat=True)) == ["park_commander"]


def test_the_follow_up_is_on_the_schedule_and_runs_through_its_dotted_path(world, stay, at, settings):
    from parkguard.core.tasks import run_task

    entry = settings.CELERY_BEAT_SCHEDULE["returns-isolation-overdue"]
    assert entry["schedule"] == dt.timedelta(minutes=30)
    at("11:00")
    run_task(*entry["args"])
    assert IsolationAlert.objects.filter(kind=AlertKind.OVERDUE, stay=stay).count() == 1
