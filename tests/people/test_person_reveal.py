"""Revealing a full id number and phone: only with the permission, always audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parkguard.audit.models import AuditAction, AuditEvent
from tests.core.messages_zh import both
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NO_PERMISSION = "You may not reveal personal data."
# Personas who see someone but may not reveal them, and whom they see.
REFUSED = [("enterprise_contact", "worker_1"), ("building_head", "resident"), ("resident", "resident")]


def page_reveal(client, person, **extra):
    return client.post(reverse("people:person_reveal", args=[person.pk]), {"reason": "核酸阳性流调"}, **extra)


def api_reveal(api, person, **extra):
    return api.post(reverse("person-reveal", args=[person.pk]), {"reason": "核酸阳性流调"}, **extra)


def seen_by(world, persona: str, key: str):
    if persona == "gate_guard":  # a guard sees nobody's record but their own
        return PersonFactory(residence=world.nodes["compound_1"], user=world.users["gate_guard"])
    return world.people[key]


def test_grid_official_sees_the_full_values_after_revealing(world, login):
    person = world.people["resident"]

    response = page_reveal(login(world.users["grid_official"]), person)

    assert response.status_code == 200
    assert person.id_number in response.content.decode()
    assert person.phone in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_reveal_writes_one_audit_event_with_actor_node_and_address(world, login):
    person = world.people["resident"]

    page_reveal(login(world.users["grid_official"]), person, REMOTE_ADDR="10.8.0.7")

    event = AuditEvent.objects.get()
    assert (event.action, event.actor) == (AuditAction.REVEAL, world.users["grid_official"])
    assert (event.node, event.object_id, event.address) == (person.residence, str(person.pk), "10.8.0.7")
    assert event.changes == {"fields": ["id_number", "phone"], "reason": "核酸阳性流调"}


def test_reveal_through_the_api_answers_the_values_and_is_audited(world, api_as):
    person = world.people["worker_1"]

    response = api_reveal(api_as(world.users["grid_official"]), person)

    assert response.json() == {"id_number": person.id_number, "phone": person.phone}
    assert AuditEvent.objects.filter(action=AuditAction.REVEAL, object_id=str(person.pk)).count() == 1


@pytest.mark.parametrize(("language", "message"), both(NO_PERMISSION))
@pytest.mark.parametrize(("persona", "key"), [*REFUSED, ("gate_guard", None)])
def test_reveal_without_the_permission_shows_an_error_and_records_nothing(
    world, login, persona, key, language, message
):
    person = seen_by(world, persona, key)

    response = page_reveal(login(world.users[persona]), person, follow=True, HTTP_ACCEPT_LANGUAGE=language)

    page = response.content.decode()
    assert message in page
    assert person.id_number not in page
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(("language", "message"), both(NO_PERMISSION))
@pytest.mark.parametrize(("persona", "key"), [*REFUSED, ("gate_guard", None)])
def test_reveal_without_the_permission_is_forbidden_in_the_api(
    world, api_as, persona, key, language, message
):
    person = seen_by(world, persona, key)

    response = api_reveal(api_as(world.users[persona]), person, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 403
    assert response.json()["detail"] == [message]
    assert not AuditEvent.objects.exists()


def test_reveal_of_someone_outside_scope_is_not_found(world, login, api_as):
    person = world.people["worker_2"]

    page = page_reveal(login(world.users["grid_official"]), person)
    api = api_reveal(api_as(world.users["grid_official"]), person)

    assert (page.status_code, api.status_code) == (404, 404)
    assert not AuditEvent.objects.exists()


def test_the_reveal_button_is_shown_only_to_those_who_may_reveal(world, login):
    page = f"/people/{world.people['worker_1'].pk}/"

    assert b'id="reveal"' in login(world.users["grid_official"]).get(page).content
    assert b'id="reveal"' not in login(world.users["enterprise_contact"]).get(page).content
