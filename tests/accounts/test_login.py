"""Logging in: argon2 hashes in production and the log-in form accepts them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from config import settings as project_settings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Overrides the suite's MD5 shortcut: this module checks the hasher production uses.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_password_is_hashed_with_argon2_and_logs_in_through_the_form(client):
    user = UserFactory(password=None)
    user.set_password("correct-horse-battery")
    user.save()

    response = client.post(LOGIN, {"username": user.username, "password": "correct-horse-battery"})

    assert user.password.startswith("argon2")
    assert response.status_code == 302 and response.url == reverse("hierarchy:scope_tree")
    assert client.session["_auth_user_id"] == str(user.pk)
