"""Mainland plates against the configured pattern, incl. 8-character new-energy plates."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from parkguard.vehicles.plates import display_plate, mask_plate, validate_plate


@pytest.mark.parametrize(
    ("raw", "plate"),
    [
        ("蒙K·D12345", "蒙KD12345"),  # new energy, small car
        ("蒙KD12345", "蒙KD12345"),
        ("京AF12345", "京AF12345"),
        ("京A DA123 4", "京ADA1234"),  # the letter after D/F
        ("粤B12345D", "粤B12345D"),  # new energy, large vehicle
        ("蒙K·12345", "蒙K12345"),
        ("宁a 8b9c7", "宁A8B9C7"),
        ("冀Ｂ１２３４挂", "冀B1234挂"),  # full-width, a trailer
    ],
)
def test_valid_plates_are_normalised(raw, plate):
    assert validate_plate(raw) == plate


@pytest.mark.parametrize(
    "raw",
    ["", "12345", "京A1234", "京I12345", "京AO1234", "京A123456", "京AD1234A", "XA12345", "蒙K·D123456"],
)
def test_plates_that_do_not_match_are_refused(raw):
    with pytest.raises(ValidationError) as error:
        validate_plate(raw)
    assert error.value.code in {"plate_format", "plate_required"}


def test_the_pattern_comes_from_the_settings(settings):
    settings.VEHICLE_PLATE_PATTERN = r"[京][A-Z][0-9]{5}"
    assert validate_plate("京A12345") == "京A12345"
    with pytest.raises(ValidationError):
        validate_plate("蒙KD12345")


def test_plates_are_shown_with_a_dot_and_masked_on_passes():
    assert display_plate("蒙KD12345") == "蒙K·D12345"
    assert mask_plate("蒙KD12345") == "蒙K·D***45"
    assert mask_plate("京A12345") == "京A·1**45"
