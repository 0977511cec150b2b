"""Resident id numbers: refused with a clear message when wrong, normalised when merely untidy."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from parkguard.people.models import Person
from parkguard.people.selectors import person_find_by_id_number
from parkguard.people.services import person_create
from tests.core.messages_zh import LANGUAGES, both, expected
from tests.core.records import row_counts
from tests.factories import make_id_number

pytestmark = pytest.mark.django_db

INVALID = [
    pytest.param("110105194912310021", "The check digit of this id number is wrong.", {}, id="check-digit"),
    pytest.param("110105194902300020", "The birth date in this id number is impossible.", {}, id="feb-30"),
    pytest.param(
        "11010519491231002",
        "An id number has 18 characters; this one has %(length)d.",
        {"length": 17},
        id="short",
    ),
    pytest.param("11010519491231002Y", "An id number has 17 digits and a final digit or X.", {}, id="letter"),
]


def register(world, **fields):
    values = {"name": "张三", "id_number": make_id_number(), "residence": world.nodes["building_1"], **fields}
    return person_create(actor=world.users["grid_official"], **values)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("id_number", "msgid", "params"), INVALID)
def test_invalid_id_number_is_refused_and_nothing_is_saved(world, language, id_number, msgid, params):
    before = row_counts()

    with pytest.raises(ValidationError) as refused:
        register(world, id_number=id_number)

    with override(language):
        assert refused.value.messages == [expected(language, msgid, **params)]
    assert row_counts() == before


@pytest.mark.parametrize(
    ("language", "warning"), both("The area code is not in the division list for the birth year.")
)
def test_number_missing_from_the_area_code_table_is_accepted_with_a_warning(world, language, warning):
    with override(language):
        result = register(world, id_number="320205198501010017")

    assert result.warnings == [warning]
    assert Person.objects.filter(pk=result.person.pk).exists()


@pytest.mark.parametrize(
    "typed",
    [
        "１１０１０５１９４９１２３１００２ｘ",
        "110105 19491231 002x",
        "110105-19491231-002X",
        "　11010519491231002x　",
    ],
)
def test_full_width_spaced_and_lower_case_numbers_are_normalised(world, typed):
    person = register(world, id_number=typed).person

    person.refresh_from_db()
    assert person.id_number == "11010519491231002X"
    assert (
        person_find_by_id_number(user=world.users["grid_official"], id_number="11010519491231002x") == person
    )
