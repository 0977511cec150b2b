"""The OpenAPI schema and its documentation page render."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_schema_renders_every_endpoint(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    schema = response.content.decode()
    assert "openapi: 3" in schema
    assert all(path in schema for path in ("/api/nodes/", "/api/people/", "/api/memberships/", "/api/token/"))


def test_docs_page_renders(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert "swagger" in response.content.decode().lower()
