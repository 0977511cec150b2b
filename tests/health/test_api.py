"""The health API: same services and scope as the pages."""

from __future__ import annotations

import datetime as dt

import pytest

from parkguard.health.models import ManualChange, RiskArea
from parkguard.health.services import ruleset_install_defaults

from .conftest import DAY

pytestmark = pytest.mark.django_db


def test_a_resident_declares_for_themselves(world, at, api_as):
    response = api_as(world.users["resident"]).post(
        "/api/declarations/",
        {
            "temperature": "36.6",
            "contact": False,
            "under_observation": False,
            "travels": [{"division_code": "530111", "date_from": "2020-02-18", "date_to": "2020-02-19"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["person"] == world.people["resident"].pk
    assert response.json()["travels"][0]["place"] == "云南省 昆明市 官渡区"


def test_a_bad_declaration_is_a_400_with_reasons(world, at, api_as):
    response = api_as(world.users["resident"]).post(
        "/api/declarations/",
        {
            "temperature": "52",
            "contact": False,
            "under_observation": False,
            "travels": [{"division_code": "530111", "date_from": "2020-02-21", "date_to": "2020-02-22"}],
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    body = response.json()
    assert "temperature" in body and "travels" in body


def test_the_health_answers_are_required(world, at, api_as):
    response = api_as(world.users["resident"]).post(
        "/api/declarations/", {"temperature": "36.5"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"contact", "under_observation"}


def test_declarations_are_listed_in_scope(world, at, api_as, declare):
    declare(world.people["resident"])
    declare(world.people["worker_2"])
    ids = {
        d["person"] for d in api_as(world.users["grid_official"]).get("/api/declarations/").json()["results"]
    }
    assert ids == {world.people["resident"].pk}
    assert api_as(world.users["resident"]).get("/api/declarations/").json()["count"] == 1
    assert api_as(world.users["commander_b"]).get("/api/declarations/").json()["count"] == 0


def test_the_command_adds_and_ends_a_risk_area(world, at, api_as):
    api = api_as(world.users["park_commander"])
    response = api.post(
        "/api/risk-areas/",
        {
            "park": world.nodes["park_a"].pk,
            "division_code": "420100",
            "level": "high",
            "valid_from": "2020-01-23",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert api.post(f"/api/risk-areas/{response.json()['id']}/end/").status_code == 200
    assert RiskArea.objects.get().valid_to == DAY


def test_a_grid_official_cannot_add_risk_areas(world, at, api_as):
    response = api_as(world.users["grid_official"]).post(
        "/api/risk-areas/",
        {
            "park": world.nodes["park_a"].pk,
            "division_code": "420100",
            "level": "high",
            "valid_from": "2020-01-23",
        },
        format="json",
    )
    assert response.status_code == 404  # the park is not in a grid official's scope


def test_rule_sets_are_readable_in_scope(world, at, api_as):
    ruleset_install_defaults(park=world.nodes["park_a"])
    ruleset_install_defaults(park=world.nodes["park_b"])
    body = api_as(world.users["park_commander"]).get("/api/colour-rules/").json()
    assert body["count"] == 1
    assert body["results"][0]["rules"][0]["reason_code"] == "fever"


def test_colour_status_of_a_person_in_scope(world, at, api_as, declare):
    declare(world.people["worker_1"], temperature="37.9")
    body = (
        api_as(world.users["grid_official"]).get(f"/api/colour-status/{world.people['worker_1'].pk}/").json()
    )
    assert body["colour"] == "red"
    assert body["reasons"][0]["code"] == "fever"
    assert (
        api_as(world.users["neighbour_official"])
        .get(f"/api/colour-status/{world.people['worker_1'].pk}/")
        .status_code
        == 404
    )


def test_a_resident_reads_only_their_own_status(world, at, api_as):
    api = api_as(world.users["resident"])
    assert api.get(f"/api/colour-status/{world.people['resident'].pk}/").status_code == 200
    assert api.get(f"/api/colour-status/{world.people['worker_1'].pk}/").status_code == 404


def test_manual_change_request_and_approval_by_a_second_official(world, at, api_as):
    person = world.people["worker_1"]
    until = (dt.datetime(2020, 2, 22, 18, 0)).isoformat()
    response = api_as(world.users["park_commander"]).post(
        "/api/manual-colour-changes/",
        {"person": person.pk, "colour": "red", "reason": "密接核查中", "until": until},
        format="json",
    )
    assert response.status_code == 201, response.json()
    change_id = response.json()["id"]
    own = api_as(world.users["park_commander"]).post(
        f"/api/manual-colour-changes/{change_id}/approve/", {}, format="json"
    )
    assert own.status_code == 400
    assert own.json()["code"] == "own_request"
    approved = api_as(world.users["task_force_member"]).post(
        f"/api/manual-colour-changes/{change_id}/approve/", {}, format="json"
    )
    assert approved.status_code == 200
    assert ManualChange.objects.get().status == "approved"
    status = api_as(world.users["grid_official"]).get(f"/api/colour-status/{person.pk}/").json()
    assert status["colour"] == "red" and status["manual"] is True


@pytest.mark.parametrize(
    ("url", "payload", "status"),
    [
        (
            "/api/risk-areas/",
            {"park": 0, "division_code": "420100", "level": "high", "valid_from": "2020-01-23"},
            404,
        ),
        (
            "/api/risk-areas/",
            {"park": "x", "division_code": "420100", "level": "high", "valid_from": "2020-01-23"},
            400,
        ),
        (
            "/api/risk-areas/",
            {"park": "PARK", "division_code": "999999", "level": "high", "valid_from": "2020-01-23"},
            400,
        ),
        (
            "/api/risk-areas/",
            {"park": "PARK", "division_code": "420100", "level": "low", "valid_from": "2020-01-23"},
            400,
        ),
        (
            "/api/manual-colour-changes/",
            {"person": 0, "colour": "red", "reason": "x", "until": "2020-02-21T10:00"},
            404,
        ),
        (
            "/api/manual-colour-changes/",
            {"person": "WORKER", "colour": "red", "reason": "", "until": "2020-02-21T10:00"},
            400,
        ),
        (
            "/api/manual-colour-changes/",
            {"person": "WORKER", "colour": "red", "reason": "x", "until": "soon"},
            400,
        ),
    ],
)
def test_bad_api_input_is_a_clear_4xx(world, at, api_as, url, payload, status):
    payload = {
        k: world.nodes["park_a"].pk if v == "PARK" else world.people["worker_1"].pk if v == "WORKER" else v
        for k, v in payload.items()
    }
    response = api_as(world.users["park_commander"]).post(
        url, payload, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == status, response.content


def test_a_bad_date_filter_is_a_400(world, at, api_as):
    assert api_as(world.users["park_commander"]).get("/api/declarations/?date=yesterday").status_code == 400
