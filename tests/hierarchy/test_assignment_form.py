"""Setting an enterprise's 包保 official, commissioner and supervising department from its page."""

import pytest

from parkguard.accounts.models import Assignment
from parkguard.audit.models import AuditEvent
from parkguard.hierarchy.models import Department

pytestmark = pytest.mark.django_db


def _department(world):
    return Department.objects.create(park=world.nodes["park_a"], name="经济发展局")


def test_commander_assigns_official_commissioner_and_department(world, login):
    enterprise, department = world.nodes["enterprise_1"], _department(world)
    client = login(world.users["park_commander"])

    response = client.post(
        f"/nodes/{enterprise.pk}/assign/",
        {
            "responsible": world.users["grid_official"].pk,
            "commissioner": world.users["service_commissioner"].pk,
            "department": department.pk,
        },
    )

    assert response.status_code == 302
    roles = dict(Assignment.objects.filter(node=enterprise).values_list("role", "user__username"))
    assert roles == {"responsible": "grid_official", "commissioner": "service_commissioner"}
    enterprise.refresh_from_db()
    assert enterprise.supervising_department == department
    assert AuditEvent.objects.filter(node=enterprise, action="assign").count() == 2


def test_the_form_is_shown_to_commanders_only(world, login):
    page = f"/nodes/{world.nodes['enterprise_1'].pk}/"

    assert b'id="assignment-form"' in login(world.users["park_commander"]).get(page).content
    assert b'id="assignment-form"' not in login(world.users["grid_official"]).get(page).content


def test_grid_official_may_not_assign(world, login):
    enterprise = world.nodes["enterprise_1"]

    response = login(world.users["grid_official"]).post(
        f"/nodes/{enterprise.pk}/assign/", {"responsible": world.users["grid_official"].pk}
    )

    assert response.status_code == 403
    assert not Assignment.objects.filter(node=enterprise).exists()


def test_assigning_out_of_scope_enterprise_is_404(world, login):
    response = login(world.users["commander_b"]).post(f"/nodes/{world.nodes['enterprise_1'].pk}/assign/", {})

    assert response.status_code == 404


def test_an_official_of_another_park_cannot_be_chosen(world, login):
    enterprise = world.nodes["enterprise_1"]

    login(world.users["park_commander"]).post(
        f"/nodes/{enterprise.pk}/assign/", {"responsible": world.users["commander_b"].pk}
    )

    assert not Assignment.objects.filter(node=enterprise).exists()
