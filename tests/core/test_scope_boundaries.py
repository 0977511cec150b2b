"""The edges of scope, stated once more in plain words beside the matrix."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parkguard.hierarchy.models import Node
from parkguard.people.models import Person

from .scope_matrix import PARK_B

pytestmark = pytest.mark.django_db

PAGES = ["/nodes/?buildings=1", "/nodes/assignments/", "/people/"]
ENDPOINTS = ["/api/nodes/", "/api/people/", "/api/memberships/"]


def park_b_names(world) -> list[str]:
    return [world.nodes[key].name for key in PARK_B] + [world.people["worker_b"].name]


def test_grid_official_never_sees_another_park_in_a_list(world, login, api_as):
    client, api = login(world.users["grid_official"]), api_as(world.users["grid_official"])

    pages = "".join(client.get(url).content.decode() for url in PAGES)
    listed = {url: {row["id"] for row in api.get(url).json()["results"]} for url in ENDPOINTS}

    assert [name for name in park_b_names(world) if name in pages] == []
    assert listed["/api/nodes/"].isdisjoint(world.nodes[key].pk for key in PARK_B)
    assert world.people["worker_b"].pk not in listed["/api/people/"]
    assert world.users["commander_b"].memberships.get().pk not in listed["/api/memberships/"]


def test_grid_official_finds_nothing_of_another_park_by_id(world, login):
    client = login(world.users["grid_official"])
    urls = [
        reverse(name, args=[world.nodes[key].pk])
        for key in PARK_B
        for name in ("hierarchy:node_detail", "node-detail")
    ]
    urls += [
        reverse(name, args=[world.people["worker_b"].pk])
        for name in ("people:person_detail", "person-detail")
    ]

    statuses = {client.get(url).status_code for url in urls}

    assert statuses == {404}


def test_national_officer_sees_every_node_and_no_person(world, api_as):
    api = api_as(world.users["national_officer"])

    nodes = api.get("/api/nodes/").json()
    people = api.get("/api/people/").json()

    assert nodes["count"] == Node.objects.count()
    assert people["count"] == 0
    assert api.get(reverse("person-detail", args=[world.people["worker_1"].pk])).status_code == 404


def test_outsider_without_a_role_sees_nothing(world, login, api_as):
    client, api = login(world.users["outsider"]), api_as(world.users["outsider"])

    tree = client.get("/nodes/")
    counts = [api.get(url).json()["count"] for url in ENDPOINTS]

    assert list(tree.context["nodes"]) == []
    assert counts == [0, 0, 0]
    assert client.get("/audit/").status_code == 403
    assert client.get(reverse("people:person_detail", args=[Person.objects.first().pk])).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(world, client, api_as):
    page = client.get("/people/")

    assert page.status_code == 302 and page.url.startswith(reverse("accounts:login"))
    assert api_as(None).get("/api/people/").status_code == 401
