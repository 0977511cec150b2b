"""Declaring: one per day, a correction replaces (audited), every bad input refused with a reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from parkguard.audit.models import AuditEvent
from parkguard.health.models import Declaration
from parkguard.health.selectors import declaration_prefill
from parkguard.health.services import declaration_submit
from parkguard.health.status import current_status

from .conftest import DAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """These tests read the English messages (the Chinese of each is checked in messages_zh tests)."""
    with translation.override("en"):
        yield


def answers(**overrides):
    data = {
        "temperature": "36.5",
        "symptoms": [],
        "contact": False,
        "under_observation": False,
        "travels": [],
    }
    return {**data, **overrides}


def errors_of(world, **overrides) -> dict[str, list[str]]:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        declaration_submit(actor=world.users["resident"], data=answers(**overrides))
    assert not Declaration.objects.exists()
    return caught.value.message_dict


def test_a_declaration_is_stored_and_sets_the_colour(world, at):
    declaration_submit(actor=world.users["resident"], data=answers(temperature="38.0"))
    assert Declaration.objects.get().temperature == pytest.approx(38)
    assert current_status(world.people["resident"]).colour == "red"


def test_a_second_declaration_the_same_day_replaces_the_first_and_is_audited(world, at):
    declaration_submit(actor=world.users["resident"], data=answers(temperature="38.0"))
    declaration_submit(
        actor=world.users["resident"],
        data=answers(
            temperature="36.8",
            travels=[{"division_code": "530111", "date_from": "2020-02-18", "date_to": "2020-02-19"}],
        ),
    )
    declaration = Declaration.objects.get()
    assert (str(declaration.temperature), declaration.corrections, declaration.travels.count()) == (
        "36.8",
        1,
        1,
    )
    event = AuditEvent.objects.filter(object_type="health.declaration", action="update").get()
    assert event.changes["temperature"] == ["38.0", "36.8"]
    assert current_status(world.people["resident"]).colour == "green"


@pytest.mark.parametrize(
    ("temperature", "message"),
    [
        ("33.9", "between 34.0 and 43.0"),
        ("43.1", "between 34.0 and 43.0"),
        ("abc", "as a number"),
        ("", "as a number"),
        ("NaN", "between"),
    ],
)
def test_temperature_out_of_range_or_not_a_number(world, at, temperature, message):
    assert message in errors_of(world, temperature=temperature)["temperature"][0]


def test_a_travel_date_in_the_future_is_refused(world, at):
    travel = {"division_code": "530111", "date_from": "2020-02-19", "date_to": "2020-02-21"}
    assert "cannot end in the future" in errors_of(world, travels=[travel])["travels"][0]


def test_a_travel_that_ends_before_it_starts_is_refused(world, at):
    travel = {"division_code": "530111", "date_from": "2020-02-18", "date_to": "2020-02-10"}
    assert "comes before its last day" in errors_of(world, travels=[travel])["travels"][0]


def test_an_unknown_division_code_is_refused(world, at):
    travel = {"division_code": "999999", "date_from": "2020-02-18", "date_to": "2020-02-19"}
    message = errors_of(world, travels=[travel])["travels"][0]
    assert message.startswith("Travel 1:") and "not a division code in use" in message


def test_a_travel_date_that_is_not_a_date_is_refused(world, at):
    travel = {"division_code": "530111", "date_from": "yesterday", "date_to": "2020-02-19"}
    assert "YYYY-MM-DD" in errors_of(world, travels=[travel])["travels"][0]


def test_unknown_symptoms_and_a_residence_that_is_not_a_home_are_refused(world, at):
    errors = errors_of(world, symptoms=["sneezing"], residence=world.nodes["enterprise_1"].pk)
    assert "Unknown symptoms" in errors["symptoms"][0]
    assert "compound or a building" in errors["residence"][0]


def test_a_login_without_a_person_cannot_declare(world, at):
    with pytest.raises(ValidationError) as caught:
        declaration_submit(actor=world.users["grid_official"], data=answers())
    assert caught.value.code == "no_person"


def test_residence_and_travel_are_prefilled_from_yesterday_never_the_answers(world, at, declare):
    person = world.people["resident"]
    declare(
        person,
        day=DAY.replace(day=19),
        temperature="38.0",
        contact=True,
        residence=world.nodes["building_1"],
        travels=[("530111", DAY.replace(day=17), DAY.replace(day=18))],
    )
    prefill = declaration_prefill(person=person, today=DAY)
    assert prefill["residence"] == world.nodes["building_1"].pk
    assert [t["division_code"] for t in prefill["travels"]] == ["530111"]
    assert not {"temperature", "contact", "symptoms", "under_observation"} & set(prefill)
