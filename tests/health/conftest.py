"""Health tests run on a fixed day (2020-02-20) unless a test moves the clock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from parkguard.health import clock
from parkguard.health.models import Declaration, RiskArea, Travel

DAY = dt.date(2020, 2, 20)


@pytest.fixture
def at(monkeypatch):
    """Set the local time of the health app: ``at("09:00")`` or ``at("09:00", day=...)``."""

    def _at(hhmm: str = "09:00", day: dt.date = DAY) -> dt.datetime:
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(hhmm)))
        monkeypatch.setattr(clock, "now", lambda: moment)
        return moment

    _at()
    return _at


@pytest.fixture
def declare():
    """Write a declaration row directly (the service is tested on its own)."""

    def _declare(person, day=DAY, temperature="36.5", travels=(), **answers):
        declaration = Declaration.objects.create(
            person=person, date=day, temperature=Decimal(temperature), **answers
        )
        for code, start, end in travels:
            Travel.objects.create(declaration=declaration, division_code=code, date_from=start, date_to=end)
        return declaration

    return _declare


@pytest.fixture
def risk_area(world):
    def _area(code="420106", level="high", start=DAY - dt.timedelta(days=30), end=None, park="park_a"):
        return RiskArea.objects.create(
            park=world.nodes[park], division_code=code, name=code, level=level, valid_from=start, valid_to=end
        )

    return _area
