"""The API: the same services and scope as the pages."""

from __future__ import annotations

import pytest

from parkguard.resumption.models import Application

from .conftest import pdf, user, valid_fields

URL = "/api/resumption-applications/"


def _json_fields(**overrides: object) -> dict[str, object]:
    fields = valid_fields(**overrides)
    fields["planned_date"] = fields["planned_date"].isoformat()  # type: ignore[union-attr]
    return fields


@pytest.mark.django_db
def test_create_submit_inspect_approve_resume_through_the_api(world, enterprises, department, api_as):
    contact = api_as(user(world, "enterprise_contact"))
    response = contact.post(
        URL,
        {
            **_json_fields(),
            "enterprise": enterprises["enterprise_1"].pk,
            "plan_document": pdf(),
            "commitment_letter": pdf(),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["allowed_actions"] == ["submit"]
    assert (
        contact.post(f"{URL}{pk}/transition/", {"action": "submit", "expected_state": "draft"}).status_code
        == 200
    )
    official = api_as(user(world, "grid_official"))
    response = official.post(
        f"{URL}{pk}/inspect/",
        {"expected_state": "submitted", "checklist": {"disinfection": True}, "passed": True},
        format="json",
    )
    assert response.json()["state"] == "inspected"
    department_staff = api_as(user(world, "task_force_member"))
    response = department_staff.post(
        f"{URL}{pk}/transition/", {"action": "approve", "expected_state": "inspected"}
    )
    assert response.json()["state"] == "approved"
    response = contact.post(f"{URL}{pk}/transition/", {"action": "resume", "expected_state": "approved"})
    assert response.json()["state"] == "resumed"
    history = contact.get(f"{URL}{pk}/history/").json()
    assert [h["action"] for h in history] == ["create", "submit", "inspect", "approve", "resume"]


@pytest.mark.django_db
def test_a_refused_step_is_a_400_with_its_code(world, walk, api_as):
    application = walk("submitted")
    response = api_as(user(world, "enterprise_contact")).post(
        f"{URL}{application.pk}/transition/", {"action": "resume", "expected_state": "submitted"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "not_allowed"


@pytest.mark.django_db
def test_a_stale_expected_state_is_a_400(world, walk, api_as):
    application = walk("inspected")
    response = api_as(user(world, "task_force_member")).post(
        f"{URL}{application.pk}/transition/",
        {"action": "reject", "expected_state": "submitted", "reason": "x"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "stale_state"


@pytest.mark.django_db
def test_bad_headcounts_are_a_400_by_field(world, enterprises, api_as):
    response = api_as(user(world, "enterprise_contact")).post(
        URL, {**_json_fields(headcount_local=1), "enterprise": enterprises["enterprise_1"].pk}, format="json"
    )
    assert response.status_code == 400
    assert "headcount_local" in response.json()
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_an_enterprise_out_of_scope_is_a_404_and_lists_stay_in_scope(world, enterprises, walk, api_as):
    walk("submitted")
    response = api_as(user(world, "enterprise_contact")).post(
        URL, {**_json_fields(), "enterprise": enterprises["enterprise_b"].pk}, format="json"
    )
    assert response.status_code == 404
    assert len(api_as(user(world, "grid_official")).get(URL).json()["results"]) == 1
    assert api_as(user(world, "neighbour_official")).get(URL).json()["results"] == []
    assert api_as(user(world, "national_officer")).get(URL).json()["results"] == []
