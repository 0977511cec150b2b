"""Every page renders for those who may see it, and refuses or hides what is out of scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parkguard.health.models import RiskArea
from parkguard.health.services import ruleset_install_defaults

pytestmark = pytest.mark.django_db


def test_the_declaration_page_shows_the_colour_and_the_form(world, at, login):
    response = login(world.users["resident"]).get(reverse("health:declare"))
    assert response.status_code == 200
    assert b'id="colour-status"' in response.content
    assert b'name="temperature"' in response.content


def test_a_login_without_a_person_is_told_so(world, at, login):
    response = login(world.users["grid_official"]).get(reverse("health:declare"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "not linked to a person" in response.content.decode()


def test_declaring_on_the_page_turns_a_fever_red(world, at, login, settings):
    settings.LANGUAGE_CODE = "en"
    client = login(world.users["resident"])
    form = {
        "temperature": "38.1",
        "contact": "0",
        "under_observation": "0",
        "residence": world.nodes["building_1"].pk,
        "travel_rows": "2",
        "travel-0-place": "420106 湖北省 武汉市 武昌区",
        "travel-0-from": "2020-02-10",
        "travel-0-to": "2020-02-12",
    }
    response = client.post(reverse("health:declare"), form, follow=True)
    assert response.status_code == 200
    assert b'data-colour="red"' in response.content
    assert b'data-code="fever"' in response.content
    assert world.people["resident"].declarations.get().travels.get().division_code == "420106"


def test_unanswered_questions_and_bad_values_are_shown_not_saved(world, at, login):
    client = login(world.users["resident"])
    form = {
        "temperature": "45",
        "travel_rows": "1",
        "travel-0-place": "999999",
        "travel-0-from": "2020-02-01",
    }
    response = client.post(reverse("health:declare"), form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert not world.people["resident"].declarations.exists()


def test_division_search_answers_json_and_html(world, login):
    client = login(world.users["resident"])
    data = client.get(reverse("health:division_search"), {"q": "武昌", "format": "json"}).json()
    assert {"code": "420106", "label": "420106 湖北省 武汉市 武昌区"} in data["results"]
    assert "420106" in client.get(reverse("health:division_search"), {"q": "4201"}).content.decode()


def test_person_status_is_404_outside_scope(world, at, login):
    person = world.people["worker_2"]
    assert (
        login(world.users["grid_official"]).get(reverse("health:person_status", args=[person.pk])).status_code
        == 404
    )
    assert (
        login(world.users["neighbour_official"])
        .get(reverse("health:person_status", args=[person.pk]))
        .status_code
        == 200
    )


@pytest.mark.parametrize(
    "name",
    [
        "health:risk_area_list",
        "health:risk_area_import",
        "health:risk_area_history",
        "health:ruleset_list",
        "health:manual_list",
    ],
)
def test_command_pages_render(world, at, login, name):
    assert login(world.users["park_commander"]).get(reverse(name)).status_code == 200


def test_rule_editor_renders_and_adds_a_rule(world, at, login, settings):
    park = world.nodes["park_a"]
    ruleset_install_defaults(park=park)
    client = login(world.users["park_commander"])
    url = reverse("health:ruleset_edit", args=[park.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "fever",
            "threshold": "38.5",
            "colour": "red",
            "reason_code": "high_fever",
            "message_zh": "高热",
            "message_en": "High fever",
        },
    )
    assert response.status_code == 302
    assert park.rule_sets.latest("version").version == 2


def test_risk_area_page_adds_and_ends(world, at, login):
    client = login(world.users["park_commander"])
    park = world.nodes["park_a"]
    response = client.post(
        reverse("health:risk_area_list"),
        {"park": park.pk, "division_code": "420106", "level": "high", "valid_from": "2020-02-01"},
    )
    assert response.status_code == 302
    area = RiskArea.objects.get()
    assert area.name == "湖北省 武汉市 武昌区"
    assert client.post(reverse("health:risk_area_end", args=[area.pk])).status_code == 302
    area.refresh_from_db()
    assert area.valid_to is not None
