from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from parkguard.passes import verification
from parkguard.vehicles import services


@pytest.fixture(autouse=True)
def _english(settings):
    # Pages answer in English, so tests assert the msgids whether or not the .po is compiled.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_trust_store():
    verification.invalidate_now()


@pytest.fixture
def vehicle_data():
    def _data(**overrides):
        today = timezone.localdate()
        data = {
            "plate": "云A·D12345",
            "vehicle_type": "truck",
            "driver_name": "赵司机",
            "driver_phone": "13812345678",
            "cargo": "口罩",
            "route": "昆明—安宁",
            "valid_from": today - dt.timedelta(days=1),
            "valid_to": today + dt.timedelta(days=30),
        }
        data.update(overrides)
        return data

    return _data


@pytest.fixture
def register(world, vehicle_data):
    def _register(actor="grid_official", company="enterprise_1", **overrides):
        user = world.users[actor] if isinstance(actor, str) else actor
        return services.vehicle_register(
            actor=user, company=world.nodes[company], data=vehicle_data(**overrides)
        )

    return _register
