"""A node's page names the officials on it; the residents of a building are not officials."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def officials_on(client, node) -> list[str]:
    page = client.get(reverse("hierarchy:node_detail", args=[node.pk]))
    return [membership.user.username for membership in page.context["officials"]]


def test_building_page_names_its_head_and_not_its_residents(world, login):
    client = login(world.users["grid_official"])

    assert officials_on(client, world.nodes["building_1"]) == ["building_head"]


def test_national_office_does_not_learn_who_lives_in_a_building(world, login):
    page = login(world.users["national_officer"]).get(
        reverse("hierarchy:node_detail", args=[world.nodes["building_1"].pk])
    )

    assert page.status_code == 200
    assert "resident" not in [m.user.username for m in page.context["officials"]]


def test_residents_are_not_offered_as_responsible_officials(world, login):
    page = login(world.users["park_commander"]).get(
        reverse("hierarchy:node_detail", args=[world.nodes["enterprise_1"].pk])
    )

    candidates = {user.username for user in page.context["assignment_form"].fields["responsible"].queryset}
    assert "grid_official" in candidates
    assert "resident" not in candidates
