"""Machines (gates, partner systems) authenticate with a token from /api/token/."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.core.scope_matrix import SEES_NODES
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def test_token_from_user_name_and_password_lists_the_users_nodes(world):
    machine = APIClient()
    token = machine.post("/api/token/", {"username": "grid_official", "password": PASSWORD}).json()["token"]

    machine.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = machine.get("/api/nodes/")

    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {
        world.nodes[k].pk for k in SEES_NODES["grid_official"]
    }


def test_wrong_password_gives_no_token(world):
    response = APIClient().post("/api/token/", {"username": "grid_official", "password": "wrong-horse"})

    assert response.status_code == 400
    assert "token" not in response.json()


def test_unknown_token_is_refused(world):
    machine = APIClient()
    machine.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    response = machine.get("/api/nodes/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "results" not in response.json()


def test_no_credentials_no_data(world):
    assert APIClient().get("/api/nodes/").status_code in (401, 403)
