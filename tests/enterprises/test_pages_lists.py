import pytest
from django.urls import reverse

from parkguard.enterprises.choices import WorkStatus
from parkguard.enterprises.models import Employment
from tests.factories import NodeFactory, PersonFactory

from .factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _employ(enterprise, status=WorkStatus.ON_SITE, department="生产部"):
    person = PersonFactory(employer=enterprise.node)
    return Employment.objects.create(
        enterprise=enterprise, person=person, work_status=status, department=department
    )


@pytest.fixture
def two_enterprises(world):
    return (
        EnterpriseFactory(node=world.nodes["enterprise_1"], key_enterprise=True),
        EnterpriseFactory(node=world.nodes["enterprise_2"], category="trade_logistics"),
    )


def test_enterprise_list_shows_only_the_scope(world, login, two_enterprises):
    mine, _neighbours = two_enterprises
    response = login(world.users["grid_official"]).get(reverse("enterprises:enterprise_list"))
    assert response.status_code == 200
    assert list(response.context["enterprises"]) == [mine]
    assert response.context["counts"]["total"] == 1


def test_enterprise_list_filters(world, login, two_enterprises):
    client = login(world.users["area_leader"])
    url = reverse("enterprises:enterprise_list")
    assert [e.pk for e in client.get(url, {"key": "1"}).context["enterprises"]] == [two_enterprises[0].pk]
    assert [e.pk for e in client.get(url, {"category": "trade_logistics"}).context["enterprises"]] == [
        two_enterprises[1].pk
    ]
    assert [e.pk for e in client.get(url, {"q": two_enterprises[1].uscc}).context["enterprises"]] == [
        two_enterprises[1].pk
    ]
    assert client.get(url, {"category": "nonsense"}).status_code == 200


@pytest.mark.parametrize("persona", ["enterprise_contact", "grid_official"])
def test_roster_renders_masked_for_those_in_scope(world, login, two_enterprises, persona):
    row = _employ(two_enterprises[0])
    response = login(world.users[persona]).get(
        reverse("enterprises:roster_list", args=[two_enterprises[0].pk])
    )
    assert response.status_code == 200
    assert row.person.id_number_masked.encode() in response.content
    assert row.person.id_number.encode() not in response.content
    assert row.person.phone.encode() not in response.content


def test_roster_of_an_enterprise_out_of_scope_is_404(world, login, two_enterprises):
    response = login(world.users["neighbour_official"]).get(
        reverse("enterprises:roster_list", args=[two_enterprises[0].pk])
    )
    assert response.status_code == 404


def test_roster_filters_by_status_and_department(world, login, two_enterprises):
    enterprise = two_enterprises[0]
    isolated = _employ(enterprise, WorkStatus.IN_ISOLATION, department="仓储部")
    _employ(enterprise, WorkStatus.ON_SITE)
    _employ(enterprise, WorkStatus.LEFT)
    client = login(world.users["enterprise_contact"])
    url = reverse("enterprises:roster_list", args=[enterprise.pk])
    assert len(client.get(url).context["rows"]) == 2  # those who left are not listed by default
    assert list(client.get(url, {"status": "in_isolation"}).context["rows"]) == [isolated]
    assert list(client.get(url, {"department": "仓储部"}).context["rows"]) == [isolated]
    assert len(client.get(url, {"status": "all"}).context["rows"]) == 3


def test_import_list_renders_and_hides_other_grids_jobs(world, login):
    response = login(world.users["neighbour_official"]).get(reverse("enterprises:import_list"))
    assert response.status_code == 200


def _grow_enterprises(world, n):
    grid = world.nodes["grid_1"]
    from parkguard.enterprises.models import Enterprise

    while Enterprise.objects.count() < n:
        EnterpriseFactory(node=NodeFactory(parent=grid, kind="enterprise"))


@pytest.mark.parametrize("n", [5, 15])
def test_enterprise_list_queries_do_not_grow_with_rows(world, login, django_assert_max_num_queries, n):
    _grow_enterprises(world, n)
    client = login(world.users["grid_official"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("enterprises:enterprise_list"))
    assert len(response.context["enterprises"]) == n


@pytest.mark.parametrize("n", [5, 15])
def test_roster_queries_do_not_grow_with_rows(world, login, django_assert_max_num_queries, n):
    enterprise = EnterpriseFactory(node=world.nodes["enterprise_1"])
    for _ in range(n):
        _employ(enterprise)
    client = login(world.users["grid_official"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("enterprises:roster_list", args=[enterprise.pk]))
    assert len(response.context["rows"]) == n
