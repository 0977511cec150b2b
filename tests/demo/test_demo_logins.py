"""Each demo login authenticates and sees what its role is meant to see, and nothing of another park."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.test import RequestFactory
from django.utils import timezone

from parkguard.accounts.models import Assignment, User
from parkguard.demo.logins import DEMO_PASSWORD, USERNAMES
from parkguard.demo.parks import HEFEI, KUNMING, SHANGHAIMIAO, WUXI
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.people.models import Person
from parkguard.reports.authority import authority_list, authority_staff, construction_status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

SEES_PEOPLE = {
    "demo-commander",
    "demo-commander-shm",
    "demo-taskforce",
    "demo-area",
    "demo-grid",
    "demo-commissioner",
    "demo-construction",
    "demo-building",
    "demo-enterprise",
    "demo-resident",
}
# 宁东 (the partner park of issue #5) has a road check station and no people in the demo.
SEES_NO_PEOPLE = {
    "demo-national",
    "demo-guard",
    "demo-compound-guard",
    "demo-guard-nd",
    "demo-commander-nd",
}
SEES_NODES = SEES_PEOPLE - {"demo-resident"}
# The park each login's people belong to.
HOME_PARK = {
    "demo-commander": KUNMING,
    "demo-commander-shm": SHANGHAIMIAO,
    "demo-taskforce": KUNMING,
    "demo-area": KUNMING,
    "demo-grid": KUNMING,
    "demo-commissioner": HEFEI,
    "demo-construction": WUXI,
    "demo-building": KUNMING,
    "demo-enterprise": KUNMING,
    "demo-resident": KUNMING,
}


def user(username: str) -> User:
    return User.objects.get(username=username)


def test_every_login_of_the_table_has_an_expectation():
    assert set(USERNAMES) == {"admin"} | SEES_PEOPLE | SEES_NO_PEOPLE


@pytest.mark.parametrize("username", USERNAMES)
def test_demo_login_authenticates_with_the_demo_password(username):
    request = RequestFactory().post("/")

    authenticated = authenticate(request=request, username=username, password=DEMO_PASSWORD)

    assert authenticated is not None and authenticated.username == username


@pytest.mark.parametrize("username", USERNAMES)
def test_demo_password_passes_the_password_validators(username):
    validate_password(DEMO_PASSWORD, user=user(username))


@pytest.mark.parametrize("username", sorted(SEES_PEOPLE))
def test_login_sees_people(username):
    assert Person.objects.visible_to(user(username)).exists()


@pytest.mark.parametrize("username", sorted(SEES_NODES))
def test_login_sees_nodes(username):
    assert Node.objects.visible_to(user(username)).exists()


@pytest.mark.parametrize("username", sorted(SEES_NO_PEOPLE))
def test_login_sees_no_people(username):
    assert not Person.objects.visible_to(user(username)).exists()


@pytest.mark.parametrize("username", sorted(HOME_PARK))
def test_login_never_sees_a_person_of_another_park(username):
    park = Node.objects.get(kind=NodeKind.PARK, name=HOME_PARK[username].name)

    for person in Person.objects.visible_to(user(username)).with_nodes():
        assert (person.residence or person.employer).path.startswith(park.path)


def test_national_officer_sees_every_node():
    assert Node.objects.visible_to(user("demo-national")).count() == Node.objects.count()


def test_grid_official_sees_compounds_buildings_an_enterprise_and_their_people():
    official = user("demo-grid")

    kinds = set(Node.objects.visible_to(official).values_list("kind", flat=True))
    people = Person.objects.visible_to(official)

    assert {NodeKind.GRID, NodeKind.COMPOUND, NodeKind.BUILDING, NodeKind.ENTERPRISE} <= kinds
    assert people.filter(residence__isnull=False).exists()
    assert people.filter(employer__isnull=False).exists()


def test_commissioner_sees_exactly_the_assigned_enterprises():
    commissioner = user("demo-commissioner")
    assigned = set(Assignment.objects.filter(user=commissioner).values_list("node", flat=True))

    visible = set(Node.objects.visible_to(commissioner).values_list("pk", flat=True))

    assert assigned and visible == assigned


def test_resident_sees_only_their_own_record():
    resident = user("demo-resident")

    assert list(Person.objects.visible_to(resident)) == [resident.person]


def test_building_head_sees_the_residents_of_the_building_of_the_resident_login():
    resident = user("demo-resident").person

    assert Person.objects.visible_to(user("demo-building")).filter(pk=resident.pk).exists()


def test_admin_is_a_superuser():
    admin = user("admin")

    assert admin.is_superuser and admin.is_staff


def test_the_construction_authority_of_wuxi_sees_all_194_projects_twice_a_day():
    """无锡's 双报告制度: construction projects report to their community and to the construction authority."""
    staff = user("demo-construction")

    [authority] = authority_list(user=staff)
    status = construction_status(department=authority, day=timezone.localdate())

    assert authority.park.name == WUXI.name and staff in authority_staff(authority)
    assert len(status.rows) == WUXI.construction_projects == 194
    assert len(status.periods) == 2
