"""Searching people by full id number keeps the number out of URLs (access logs, browser history)."""

import pytest

pytestmark = pytest.mark.django_db


def test_searching_an_id_number_redirects_to_its_blind_index(world, login):
    person = world.people["worker_1"]
    client = login(world.users["grid_official"])

    response = client.post("/people/", {"q": person.id_number})

    assert response.status_code == 302
    assert person.id_number not in response["Location"]
    assert f"id={person.id_number_index}" in response["Location"]
    page = client.get(response["Location"])
    assert list(page.context["people"]) == [person]


def test_searching_a_name_keeps_it_in_the_url(world, login):
    client = login(world.users["grid_official"])

    response = client.post("/people/", {"q": "李工人"})

    page = client.get(response["Location"])
    assert [p.name for p in page.context["people"]] == ["李工人"]


def test_an_id_number_of_someone_out_of_scope_finds_nobody(world, login):
    client = login(world.users["grid_official"])

    response = client.post("/people/", {"q": world.people["worker_b"].id_number})

    assert list(client.get(response["Location"]).context["people"]) == []


def test_api_search_takes_the_id_number_in_the_body(world, api_as):
    person = world.people["worker_1"]

    response = api_as(world.users["grid_official"]).post(
        "/api/people/search/", {"id_number": person.id_number}, format="json"
    )

    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [person.pk]
    assert person.id_number not in response.content.decode()
