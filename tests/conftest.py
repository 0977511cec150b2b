from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from .personas import PASSWORD, World, build_world


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 is the production hasher (tests/accounts/test_login.py checks it); tests log in hundreds
    # of times, so they hash with MD5 unless a test asks otherwise.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _postgresql_only(request):
    # Tests marked `postgresql` are deselected by `make test`; run on SQLite anyway, they fail, not skip.
    if request.node.get_closest_marker("postgresql"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.fail("this test needs PostgreSQL: run it with `make test-pg`", pytrace=False)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings, tmp_path):
    # Background tasks run inline in tests; uploads go to a temporary media folder.
    settings.TASKS_MODE = "sync"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def api_as():
    def _api(user) -> APIClient:
        api = APIClient()
        if user is not None:
            api.force_authenticate(user)
        return api

    return _api


@pytest.fixture
def password() -> str:
    return PASSWORD
