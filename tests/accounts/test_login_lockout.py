"""A wrong password is refused; after LOGIN_FAILURE_LIMIT of them so is the right one, and a page says why."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.core.messages_zh import expected
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
LOCKED = (
    "This account is locked after too many failed log-in attempts. "
    "Try again later or ask your park's administrator."
)


def fail_until_locked(client, username: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": username, "password": "wrong-horse"})


def test_wrong_password_shows_the_form_again_without_a_session(world, client):
    response = client.post(
        LOGIN, {"username": "grid_official", "password": "wrong-horse"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert "Your user name and password did not match." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_correct_password_is_refused_once_locked(world, client):
    fail_until_locked(client, "grid_official")

    response = client.post(LOGIN, {"username": "grid_official", "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_locked_page_speaks_chinese_by_default(world, client):
    fail_until_locked(client, "grid_official")

    page = client.post(LOGIN, {"username": "grid_official", "password": PASSWORD}).content.decode()

    assert expected("zh-hans", LOCKED) in page
    assert expected("zh-hans", "Account locked") in page


def test_locked_page_speaks_english_when_the_browser_asks(world, client):
    fail_until_locked(client, "grid_official")

    page = client.post(LOGIN, {"username": "grid_official", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")

    assert LOCKED in page.content.decode()


def test_locked_page_speaks_english_when_the_language_cookie_says_so(world, client):
    fail_until_locked(client, "grid_official")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.post(LOGIN, {"username": "grid_official", "password": PASSWORD})

    assert LOCKED in page.content.decode()


def test_lockout_is_per_user_name(world, client):
    fail_until_locked(client, "grid_official")

    response = client.post(LOGIN, {"username": "neighbour_official", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.users["neighbour_official"].pk)


def test_token_endpoint_is_locked_too(world, api_as):
    api = api_as(None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post("/api/token/", {"username": "grid_official", "password": "wrong-horse"})

    response = api.post("/api/token/", {"username": "grid_official", "password": PASSWORD})

    assert response.status_code == 400
    assert "token" not in response.json()


def test_a_lockout_is_recorded_in_the_audit_trail(world, client):
    from parkguard.audit.models import AuditEvent

    fail_until_locked(client, "grid_official")

    event = AuditEvent.objects.get(action="login_locked")
    assert event.actor == world.users["grid_official"]
    assert event.object_id == str(world.users["grid_official"].pk)
