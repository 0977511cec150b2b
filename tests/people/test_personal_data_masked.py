"""Id numbers and phones: masked on every page and in every API answer, never logged, encrypted at rest."""

from __future__ import annotations

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def raw_values(world) -> list[str]:
    return [value for person in world.people.values() for value in (person.id_number, person.phone)]


def page_urls(world) -> list[str]:
    people = [world.people[key] for key in ("resident", "worker_1", "worker_2")]
    return [
        "/people/",
        *(reverse("people:person_detail", args=[p.pk]) for p in people),
        reverse("hierarchy:node_detail", args=[world.nodes["building_1"].pk]),
        "/audit/",
    ]


def api_urls(world) -> list[str]:
    return ["/api/people/", *(reverse("person-detail", args=[p.pk]) for p in world.people.values())]


def test_masks_keep_the_first_three_and_last_four_characters(world):
    person = PersonFactory(
        id_number="11010519491231002X", phone="13812345678", residence=world.nodes["building_1"]
    )

    assert person.id_number_masked == "110***********002X"
    assert person.phone_masked == "138****5678"


def test_pages_show_masked_values_and_never_the_raw_ones(world, login):
    client = login(world.users["park_commander"])

    pages = "".join(client.get(url).content.decode() for url in page_urls(world))

    assert [value for value in raw_values(world) if value in pages] == []
    assert world.people["worker_1"].id_number_masked in pages
    assert world.people["worker_1"].phone_masked in pages


def test_api_answers_masked_values_and_never_the_raw_ones(world, api_as):
    api = api_as(world.users["park_commander"])

    answers = "".join(api.get(url).content.decode() for url in api_urls(world))
    detail = api.get(reverse("person-detail", args=[world.people["worker_1"].pk])).json()

    assert [value for value in raw_values(world) if value in answers] == []
    assert detail["id_number"] == world.people["worker_1"].id_number_masked
    assert detail["phone"] == world.people["worker_1"].phone_masked


def test_no_raw_value_reaches_a_log_line(world, login, api_as, caplog):
    client, api = login(world.users["park_commander"]), api_as(world.users["park_commander"])
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    new = {"name": "新登记", "id_number": "11010519491231002X", "phone": "13812345678"}

    # The debug cursor logs every statement with its parameters, as DEBUG=True would.
    with CaptureQueriesContext(connection):
        for url in page_urls(world) + api_urls(world):
            client.get(url)
        created = api.post("/api/people/", {**new, "residence": world.nodes["building_1"].pk}, format="json")
        revealed = api.post(reverse("person-reveal", args=[world.people["resident"].pk]))
        client.post(reverse("people:person_reveal", args=[world.people["worker_1"].pk]))

    assert created.status_code == 201
    assert revealed.json()["id_number"] == world.people["resident"].id_number
    assert 'INSERT INTO "people_person"' in caplog.text  # statements were logged, with their parameters
    assert [v for v in [*raw_values(world), new["id_number"], new["phone"]] if v in caplog.text] == []


def test_database_column_holds_only_ciphertext(world):
    person = world.people["worker_1"]

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM people_person WHERE id = %s", [person.pk])
        stored_id_number, stored_phone = cursor.fetchone()

    assert stored_id_number != person.id_number and stored_id_number.startswith("v1$")
    assert stored_phone != person.phone and stored_phone.startswith("v1$")
    assert person.id_number not in stored_id_number and person.phone not in stored_phone
