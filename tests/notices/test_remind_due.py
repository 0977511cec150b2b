"""Issue #4 item 4: the 15-minute job picks the periods whose reminder moment has come (time passed in)."""

from __future__ import annotations

import pytest

from parkguard.notices.models import Notice
from parkguard.reports.reminders import due_reminders, remind_due

from .helpers import moment

pytestmark = pytest.mark.django_db


def _due(world, hhmm: str) -> set[tuple[str, str, str]]:
    return {(r.site_kind, r.period, r.stage) for r in due_reminders(moment(hhmm))}


@pytest.mark.parametrize(
    ("hhmm", "expected"),
    [
        ("08:59", set()),
        ("09:00", {("construction", "morning", "due_soon")}),
        ("10:15", {("construction", "morning", "overdue")}),
        # enterprises and isolation sites report once a day, by noon
        ("11:00", {("enterprise", "day", "due_soon"), ("isolation_site", "day", "due_soon")}),
        ("11:59", {("enterprise", "day", "due_soon"), ("isolation_site", "day", "due_soon")}),
        ("12:00", {("enterprise", "day", "overdue"), ("isolation_site", "day", "overdue")}),
        ("13:00", set()),
        ("19:45", {("construction", "evening", "due_soon")}),
        ("20:30", {("construction", "evening", "overdue")}),
        ("21:00", set()),
    ],
)
def test_due_reminders_at_given_times(world, templates, hhmm, expected):
    assert _due(world, hhmm) == expected


def test_due_in_every_park(world, templates):
    parks = {r.park_path for r in due_reminders(moment("11:00"))}

    assert parks == {world.nodes["park_a"].path, world.nodes["park_b"].path}


def test_remind_due_sends_the_due_reminders_only(world, templates, responsible):
    assert remind_due(moment("10:30")) == 0
    assert remind_due(moment("11:15")) == 2
    assert remind_due(moment("11:30")) == 0
    assert remind_due(moment("12:15")) == 2
    assert remind_due(moment("13:00")) == 0
    assert Notice.objects.count() == 4


def test_remind_due_reads_the_daily_cycle_clock(world, templates, responsible, at):
    at("11:05")

    assert remind_due() == 2
