"""Division codes: six digits (GB/T 2260) or twelve (statistical code), always with the year of the list."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.services import node_create, node_update
from tests.core.messages_zh import both
from tests.core.records import row_counts

pytestmark = pytest.mark.django_db

BAD_CODE = "A division code has 6 digits (GB/T 2260) or 12 digits (statistical code)."
YEAR_REQUIRED = "Division codes change every year: give the year of the code list."


def add_area(world, **code):
    return node_create(
        actor=world.users["park_commander"],
        parent=world.nodes["park_a"],
        kind=NodeKind.AREA,
        name="新片区",
        **code,
    )


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("530111", "530111"),
        ("530111001000", "530111001000"),
        ("５３０１１１", "530111"),
        ("530111 001 000", "530111001000"),
    ],
)
def test_six_and_twelve_digit_codes_are_kept_with_their_year(world, typed, kept):
    area = add_area(world, division_code=typed, division_code_year=2020)

    area.refresh_from_db()
    assert (area.division_code, area.division_code_year) == (kept, 2020)


@pytest.mark.parametrize(("language", "message"), both(YEAR_REQUIRED))
def test_code_without_a_year_is_refused(world, language, message):
    before = row_counts()

    with pytest.raises(ValidationError) as refused:
        add_area(world, division_code="530111")

    with override(language):
        assert refused.value.messages == [message]
    assert row_counts() == before


@pytest.mark.parametrize("code", ["53011", "5301110", "53011100100", "5301110010001", "53011A", "000000"])
@pytest.mark.parametrize(("language", "message"), both(BAD_CODE))
def test_malformed_code_is_refused(world, language, message, code):
    before = row_counts()

    with pytest.raises(ValidationError) as refused:
        add_area(world, division_code=code, division_code_year=2020)

    with override(language):
        assert refused.value.messages == [message]
    assert row_counts() == before


def test_update_to_a_malformed_code_leaves_the_node_unchanged(world):
    park = world.nodes["park_a"]

    with pytest.raises(ValidationError):
        node_update(actor=world.users["park_commander"], node=park, division_code="5301")

    park.refresh_from_db()
    assert (park.division_code, park.division_code_year) == ("530111", 2020)
