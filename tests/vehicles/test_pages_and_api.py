"""Vehicle pages and API: register, errors in the form, approve, issue the pass, scope."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from parkguard.vehicles.models import Vehicle


def _form(world, **overrides):
    data = {
        "plate": "云A·D12345",
        "vehicle_type": "truck",
        "company": world.nodes["enterprise_1"].pk,
        "driver_name": "赵司机",
        "driver_phone": "13812345678",
        "cargo": "口罩",
        "route": "昆明—安宁",
        "valid_from": dt.date.today().isoformat(),
        "valid_to": (dt.date.today() + dt.timedelta(days=10)).isoformat(),
    }
    data.update(overrides)
    return data


def test_registering_approving_and_issuing_on_the_pages(world, login):
    client = login(world.users["grid_official"])
    response = client.post(reverse("vehicles:vehicle_create"), _form(world))
    vehicle = Vehicle.objects.get()
    assert response.status_code == 302 and vehicle.pass_number == "530111-000001"

    client.post(reverse("vehicles:vehicle_approve", args=[vehicle.pk]))
    client.post(reverse("vehicles:vehicle_pass_issue", args=[vehicle.pk]))
    body = client.get(reverse("vehicles:vehicle_detail", args=[vehicle.pk])).content.decode()
    assert "云A·D***45" in body and "<svg" in body and "138****5678" in body and "13812345678" not in body


def test_the_form_shows_bad_plates_and_dates(world, login):
    client = login(world.users["grid_official"])
    response = client.post(
        reverse("vehicles:vehicle_create"), _form(world, plate="XYZ", valid_to="2000-01-01")
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "is not a mainland plate number" in body and "The end date is before the start date." in body
    assert not Vehicle.objects.exists()


def test_a_company_outside_scope_cannot_be_chosen(world, login):
    client = login(world.users["grid_official"])
    response = client.post(
        reverse("vehicles:vehicle_create"), _form(world, company=world.nodes["enterprise_2"].pk)
    )
    assert response.status_code == 400 and not Vehicle.objects.exists()


def test_the_list_is_scoped(world, login):
    login(world.users["grid_official"]).post(reverse("vehicles:vehicle_create"), _form(world))
    assert (
        "云A·D12345"
        in login(world.users["park_commander"]).get(reverse("vehicles:vehicle_list")).content.decode()
    )
    neighbour = login(world.users["neighbour_official"])
    assert "云A·D12345" not in neighbour.get(reverse("vehicles:vehicle_list")).content.decode()
    vehicle = Vehicle.objects.get()
    assert neighbour.get(reverse("vehicles:vehicle_detail", args=[vehicle.pk])).status_code == 404


def test_the_api_registers_approves_and_issues(world, api_as):
    api = api_as(world.users["grid_official"])
    created = api.post("/api/vehicles/", _form(world), format="json")
    assert created.status_code == 201 and created.json()["driver_phone"] == "138****5678"
    pk = created.json()["id"]
    bad = api.post("/api/vehicles/", _form(world, plate="京I12345"), format="json")
    assert bad.status_code == 400 and "plate" in bad.json()
    pending = api.post(f"/api/vehicles/{pk}/pass/")
    assert pending.status_code == 400 and pending.json()["code"] == "vehicle_not_running"
    assert api.post(f"/api/vehicles/{pk}/approve/", {}, format="json").status_code == 200
    issued = api.post(f"/api/vehicles/{pk}/pass/")
    assert issued.status_code == 201 and issued.json()["kind"] == "vehicle"
    patched = api.patch(f"/api/vehicles/{pk}/", {"cargo": "蔬菜"}, format="json")
    assert patched.status_code == 200 and patched.json()["cargo"] == "蔬菜"
    suspended = api.post(f"/api/vehicles/{pk}/suspend/", {"note": "route closed"}, format="json")
    assert suspended.json()["status"] == "suspended"
    outside = api_as(world.users["neighbour_official"])
    assert outside.get(f"/api/vehicles/{pk}/").status_code == 404
    assert outside.post("/api/vehicles/", _form(world), format="json").status_code == 404
