"""Logging out is a POST and ends the session."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN, LOGOUT = reverse("accounts:login"), reverse("accounts:logout")


def test_logout_ends_the_session(client):
    client.force_login(UserFactory())

    response = client.post(LOGOUT)

    assert response.status_code == 302 and response.url == LOGIN
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("people:person_list")).status_code == 302


def test_logout_is_post_only(client):
    client.force_login(UserFactory())

    assert client.get(LOGOUT).status_code == 405
    assert client.get(reverse("people:person_list")).status_code == 200
