"""The pages: the contact's form and status, the reviewer's queue, the detail with its actions."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parkguard.resumption.choices import State
from parkguard.resumption.models import Application

from .conftest import image_bytes, pdf, user, valid_fields


def _post_fields(**overrides: object) -> dict[str, object]:
    fields = valid_fields(**overrides)
    return {k: ("on" if v is True else "" if v is False else v) for k, v in fields.items()}


@pytest.mark.django_db
def test_the_form_is_prefilled_from_the_roster(world, enterprises, login):
    response = login(user(world, "enterprise_contact")).get(
        reverse("resumption:application_create", args=[enterprises["enterprise_1"].pk])
    )
    assert response.status_code == 200
    assert 'name="headcount_total" value="10"' in response.content.decode()


@pytest.mark.django_db
def test_the_contact_files_an_application_and_submits_it(world, enterprises, department, login):
    client = login(user(world, "enterprise_contact"))
    url = reverse("resumption:application_create", args=[enterprises["enterprise_1"].pk])
    response = client.post(url, {**_post_fields(), "plan_document": pdf(), "commitment_letter": pdf()})
    application = Application.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("resumption:application_detail", args=[application.pk])).content.decode()
    assert 'id="action-submit"' in page
    client.post(
        reverse("resumption:application_decide", args=[application.pk]),
        {"action": "submit", "expected_state": "draft"},
    )
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


@pytest.mark.django_db
def test_contradicting_headcounts_come_back_on_the_form(world, enterprises, login):
    client = login(user(world, "enterprise_contact"))
    url = reverse("resumption:application_create", args=[enterprises["enterprise_1"].pk])
    response = client.post(url, _post_fields(headcount_returned=50))
    assert response.status_code == 200
    assert "headcount_returned" in response.context["form"].errors
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_a_script_pdf_comes_back_on_the_form(world, enterprises, login):
    client = login(user(world, "enterprise_contact"))
    url = reverse("resumption:application_create", args=[enterprises["enterprise_1"].pk])
    response = client.post(url, {**_post_fields(), "plan_document": pdf(body=b"/OpenAction << /JS (x) >> ")})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_another_grid_gets_a_404(world, walk, login):
    application = walk("submitted")
    response = login(user(world, "neighbour_official")).get(
        reverse("resumption:application_detail", args=[application.pk])
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_grid_official_inspects_with_a_photo_and_the_department_approves(world, walk, login):
    application = walk("submitted")
    client = login(user(world, "grid_official"))
    queue = client.get(reverse("resumption:application_list")).content.decode()
    assert 'id="queue"' in queue and "滇池机械" in queue
    response = client.post(
        reverse("resumption:application_inspect", args=[application.pk]),
        {
            "expected_state": "submitted",
            "passed": "1",
            "findings": "符合要求",
            "check_prevention_group": "on",
            "photos": [SimpleUploadedFile("site.png", image_bytes("PNG"))],
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.INSPECTED
    assert application.inspections.get().photos.count() == 1
    client = login(user(world, "task_force_member"))
    client.post(
        reverse("resumption:application_decide", args=[application.pk]),
        {"action": "approve", "expected_state": "inspected"},
    )
    application.refresh_from_db()
    assert application.state == State.APPROVED


@pytest.mark.django_db
def test_a_stale_decision_is_told_on_the_page(world, walk, login):
    application = walk("inspected")
    client = login(user(world, "task_force_member"))
    client.post(
        reverse("resumption:application_decide", args=[application.pk]),
        {"action": "approve", "expected_state": "inspected"},
    )
    response = client.post(
        reverse("resumption:application_decide", args=[application.pk]),
        {"action": "reject", "expected_state": "inspected", "reason": "x"},
    )
    assert response.status_code == 400
    assert response.context["errors"]
    application.refresh_from_db()
    assert application.state == State.APPROVED


@pytest.mark.django_db
def test_the_documents_are_served_in_scope_only(world, walk, login):
    application = walk("submitted")
    url = reverse("resumption:application_file", args=[application.pk, "commitment_letter"])
    assert login(user(world, "grid_official")).get(url).status_code == 200
    assert login(user(world, "neighbour_official")).get(url).status_code == 404


@pytest.mark.django_db
def test_the_settings_page_switches_a_park_to_filing(world, login):
    client = login(user(world, "park_commander"))
    url = reverse("resumption:park_settings", args=[world.nodes["park_a"].pk])
    data = {
        "mode": "filing",
        "spot_check_percent": 30,
        "spot_check_days": 5,
        "review_hours": 48,
        "green_channel_hours": 12,
    }
    assert client.post(url, data).status_code == 302
    assert world.nodes["park_a"].resumption_settings.mode == "filing"
    assert login(user(world, "grid_official")).post(url, data).status_code == 404
    response = login(user(world, "task_force_member")).post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.django_db
def test_the_list_links_to_the_rates_of_the_users_top_nodes(world, login):
    page = login(user(world, "park_commander")).get(reverse("resumption:application_list")).content.decode()
    assert reverse("resumption:rates", args=[world.nodes["park_a"].pk]) in page
    assert reverse("resumption:park_settings", args=[world.nodes["park_a"].pk]) in page
    page = login(user(world, "grid_official")).get(reverse("resumption:application_list")).content.decode()
    assert reverse("resumption:rates", args=[world.nodes["grid_1"].pk]) in page
    assert "settings" not in page.split('id="resumption-links"')[1].split("</p>")[0]
