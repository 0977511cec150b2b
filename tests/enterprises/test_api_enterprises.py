import pytest

from parkguard.enterprises.choices import WorkStatus
from parkguard.enterprises.models import Employment, Enterprise
from tests.factories import PersonFactory

from .factories import EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprises(world):
    return (
        EnterpriseFactory(node=world.nodes["enterprise_1"], above_scale=True, contact_phone="13912345678"),
        EnterpriseFactory(node=world.nodes["enterprise_2"]),
    )


def test_list_shows_the_scope_only(world, api_as, enterprises):
    body = api_as(world.users["grid_official"]).get("/api/enterprises/").json()
    assert [e["id"] for e in body["results"]] == [enterprises[0].pk]
    assert body["results"][0]["contact_phone"] == "139****5678"


def test_list_filters(world, api_as, enterprises):
    api = api_as(world.users["area_leader"])
    assert [e["id"] for e in api.get("/api/enterprises/?above_scale=true").json()["results"]] == [
        enterprises[0].pk
    ]
    assert [e["id"] for e in api.get(f"/api/enterprises/?q={enterprises[1].uscc}").json()["results"]] == [
        enterprises[1].pk
    ]


def test_detail_out_of_scope_is_404(world, api_as, enterprises):
    assert (
        api_as(world.users["neighbour_official"]).get(f"/api/enterprises/{enterprises[0].pk}/").status_code
        == 404
    )


def test_create_under_a_grid_in_scope(world, api_as):
    code = make_uscc()
    response = api_as(world.users["grid_official"]).post(
        "/api/enterprises/",
        {
            "parent": world.nodes["grid_1"].pk,
            "name": "新厂",
            "uscc": code,
            "category": "standalone_plant",
            "headcount": 12,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    enterprise = Enterprise.objects.get(uscc=code)
    assert enterprise.node.parent == world.nodes["grid_1"] and enterprise.headcount == 12


def test_create_outside_the_scope_is_refused(world, api_as):
    response = api_as(world.users["neighbour_official"]).post(
        "/api/enterprises/",
        {"parent": world.nodes["grid_1"].pk, "name": "新厂", "uscc": make_uscc()},
        format="json",
    )
    assert response.status_code == 400
    assert not Enterprise.objects.exists()


def test_create_with_a_bad_credit_code_is_400(world, api_as):
    response = api_as(world.users["grid_official"]).post(
        "/api/enterprises/",
        {"parent": world.nodes["grid_1"].pk, "name": "新厂", "uscc": "123"},
        format="json",
    )
    assert response.status_code == 400


def test_update_keeps_history(world, api_as, enterprises):
    enterprise = enterprises[0]
    response = api_as(world.users["enterprise_contact"]).patch(
        f"/api/enterprises/{enterprise.pk}/", {"headcount": 77}, format="json"
    )
    assert response.status_code == 200 and response.json()["headcount"] == 77
    assert enterprise.history.first().history_user == world.users["enterprise_contact"]


def test_roster_list_is_scoped_filtered_and_masked(world, api_as, enterprises):
    mine = Employment.objects.create(
        enterprise=enterprises[0],
        person=PersonFactory(employer=enterprises[0].node),
        work_status=WorkStatus.IN_ISOLATION,
    )
    Employment.objects.create(enterprise=enterprises[1], person=PersonFactory(employer=enterprises[1].node))
    api = api_as(world.users["grid_official"])
    body = api.get("/api/roster/").json()
    assert [r["id"] for r in body["results"]] == [mine.pk]
    assert body["results"][0]["person"]["id_number"] == mine.person.id_number_masked
    assert api.get("/api/roster/?status=on_site").json()["results"] == []
    assert (
        len(api.get(f"/api/roster/?enterprise={enterprises[0].pk}&status=in_isolation").json()["results"])
        == 1
    )


def test_roster_update_through_the_service(world, api_as, enterprises):
    row = Employment.objects.create(
        enterprise=enterprises[0], person=PersonFactory(employer=enterprises[0].node)
    )
    response = api_as(world.users["enterprise_contact"]).patch(
        f"/api/roster/{row.pk}/",
        {"work_status": "on_site", "actual_return_date": "2020-02-12"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    row.refresh_from_db()
    assert row.work_status == "on_site" and str(row.expected_return_date) == "2020-02-12"


def test_roster_row_out_of_scope_is_404(world, api_as, enterprises):
    row = Employment.objects.create(
        enterprise=enterprises[0], person=PersonFactory(employer=enterprises[0].node)
    )
    api = api_as(world.users["neighbour_official"])
    assert api.get(f"/api/roster/{row.pk}/").status_code == 404
    assert api.patch(f"/api/roster/{row.pk}/", {"work_status": "left"}, format="json").status_code == 404
