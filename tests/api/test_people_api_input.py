"""POST /api/people/: bad input is a 400 with the message, in the caller's language, and nothing is saved."""

from __future__ import annotations

import pytest

from tests.core.messages_zh import both
from tests.core.records import row_counts

pytestmark = pytest.mark.django_db


def new_person(world, **fields) -> dict:
    return {
        "name": "张三",
        "id_number": "11010519491231002X",
        "residence": world.nodes["building_1"].pk,
        **fields,
    }


def test_valid_person_is_created_masked(world, api_as):
    response = api_as(world.users["grid_official"]).post("/api/people/", new_person(world), format="json")

    assert response.status_code == 201
    assert (response.json()["id_number"], response.json()["warnings"]) == ("110***********002X", [])


@pytest.mark.parametrize(("language", "message"), both("The check digit of this id number is wrong."))
def test_bad_id_number_is_a_400_with_the_message(world, api_as, language, message):
    before = row_counts()
    api = api_as(world.users["grid_official"])

    response = api.post(
        "/api/people/",
        new_person(world, id_number="110105194912310021"),
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 400
    assert response.json()["detail"] == [message]
    assert row_counts() == before


@pytest.mark.parametrize(
    ("language", "message"), both("A mobile number has 11 digits and starts with 13–19.")
)
def test_bad_phone_is_a_400_with_the_message(world, api_as, language, message):
    before = row_counts()
    api = api_as(world.users["grid_official"])

    response = api.post(
        "/api/people/", new_person(world, phone="1234"), format="json", HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == 400
    assert response.json()["detail"] == [message]
    assert row_counts() == before


def test_residence_outside_scope_is_a_400_and_nothing_is_saved(world, api_as):
    before = row_counts()
    api = api_as(world.users["grid_official"])

    response = api.post(
        "/api/people/",
        new_person(world, residence=None, employer=world.nodes["enterprise_2"].pk),
        format="json",
    )

    assert response.status_code == 400
    assert "employer" in response.json()
    assert row_counts() == before


@pytest.mark.parametrize(("language", "message"), both("You may not change people's records."))
def test_caller_without_the_edit_permission_gets_a_403(world, api_as, language, message):
    before = row_counts()
    api = api_as(world.users["service_commissioner"])
    body = new_person(world, residence=None, employer=world.nodes["enterprise_2"].pk)

    response = api.post("/api/people/", body, format="json", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 403
    assert response.json()["detail"] == [message]
    assert row_counts() == before
