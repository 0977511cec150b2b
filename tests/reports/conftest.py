"""The daily cycle's tests run on a fixed day (2020-02-20) at an hour each test sets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from parkguard.accounts.models import Assignment
from parkguard.hierarchy.choices import AssignmentRole
from parkguard.reports import clock
from parkguard.reports.services import template_install_defaults

DAY = dt.date(2020, 2, 20)


@pytest.fixture
def at(monkeypatch):
    """Set the local time of the daily cycle: ``at("09:00")`` or ``at("09:00", day=...)``."""

    def _at(hhmm: str, day: dt.date = DAY) -> dt.datetime:
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(hhmm)))
        monkeypatch.setattr(clock, "now", lambda: moment)
        return moment

    _at("09:00")
    return _at


@pytest.fixture
def templates(world, at):
    """The default templates in both parks, valid from the day before DAY."""
    return {
        park: {
            t.site_kind: t
            for t in template_install_defaults(park=world.nodes[park], valid_from=DAY - dt.timedelta(days=1))
        }
        for park in ("park_a", "park_b")
    }


@pytest.fixture
def responsible(world):
    """The grid official answers (包保) for enterprise 1."""
    return Assignment.objects.create(
        node=world.nodes["enterprise_1"], user=world.users["grid_official"], role=AssignmentRole.RESPONSIBLE
    ).user
