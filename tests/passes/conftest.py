"""Passes tests: the shared world, with a helper to declare today's health answers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parkguard.passes import verification


@pytest.fixture(autouse=True)
def _english(settings):
    # Pages answer in English, so tests assert the msgids whether or not the .po is compiled.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_trust_store():
    # The stores are cached per process; a test starts from its own database.
    verification.invalidate_now()
    yield
    verification.invalidate_now()


@pytest.fixture
def declare():
    """Today's declaration for ``person``: 36.5 °C is green, 38.0 °C red under the default rules."""
    from parkguard.health import clock
    from parkguard.health.models import Declaration

    def _declare(person, temperature="36.5"):
        Declaration.objects.filter(person=person, date=clock.today()).delete()
        return Declaration.objects.create(person=person, date=clock.today(), temperature=Decimal(temperature))

    return _declare
