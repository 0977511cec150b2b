"""Mobile numbers: refused with a clear message when wrong, normalised when merely untidy."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from parkguard.people.services import person_create, person_update
from tests.core.messages_zh import both
from tests.core.records import row_counts
from tests.factories import make_id_number

pytestmark = pytest.mark.django_db

PHONE_FORMAT = "A mobile number has 11 digits and starts with 13–19."


def register(world, **fields):
    values = {"name": "张三", "id_number": make_id_number(), "residence": world.nodes["building_1"], **fields}
    return person_create(actor=world.users["grid_official"], **values)


@pytest.mark.parametrize("phone", ["12800138000", "1380013800", "138001380001", "1380013800a"])
@pytest.mark.parametrize(("language", "message"), both(PHONE_FORMAT))
def test_invalid_phone_is_refused_and_nothing_is_saved(world, language, message, phone):
    before = row_counts()

    with pytest.raises(ValidationError) as refused:
        register(world, phone=phone)

    with override(language):
        assert refused.value.messages == [message]
    assert row_counts() == before


def test_invalid_phone_leaves_an_existing_person_unchanged(world):
    person, before = world.people["resident"], world.people["resident"].phone

    with pytest.raises(ValidationError):
        person_update(actor=world.users["grid_official"], person=person, phone="12345")

    person.refresh_from_db()
    assert person.phone == before


@pytest.mark.parametrize("typed", ["+86 138 0013 8000", "0086-138-0013-8000", "１３８００１３８０００"])
def test_phone_with_country_code_spaces_or_full_width_digits_is_normalised(world, typed):
    person = register(world, phone=typed).person

    person.refresh_from_db()
    assert person.phone == "13800138000"
