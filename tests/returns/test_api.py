"""The returns API: the same services and scope as the pages, with clear errors."""

from __future__ import annotations

import datetime as dt

import pytest

from parkguard.returns.models import Returnee, ReturnPlan, TransportRun

from .builders import SAFE_ORIGIN, returnee, site, today, vehicle


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def registration(world, **extra):
    data = {
        "enterprise": world.nodes["enterprise_1"].pk,
        "person": world.people["worker_1"].pk,
        "origin_code": SAFE_ORIGIN,
        "certificate_number": "2020-017",
        "certificate_issuer": "某村村委会",
        "certificate_date": (today() - dt.timedelta(days=1)).isoformat(),
        "key_position": True,
        "travels": [
            {
                "division_code": "620102",
                "date_from": str(today() - dt.timedelta(days=3)),
                "date_to": str(today() - dt.timedelta(days=2)),
            }
        ],
    }
    data.update(extra)
    return data


def test_the_enterprise_contact_registers_through_the_api(world, api_as):
    api = api_as(world.users["enterprise_contact"])
    response = api.post("/api/returnees/", registration(world), format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["blocks"] == [] and body["key_position"] and body["travels"][0]["division_code"] == "620102"
    assert api.get("/api/returnees/").json()["results"][0]["id"] == body["id"]


def test_a_missing_certificate_shows_as_a_block(world, api_as):
    api = api_as(world.users["enterprise_contact"])
    body = api.post(
        "/api/returnees/",
        registration(world, certificate_number=""),
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()
    assert [b["code"] for b in body["blocks"]] == ["no_certificate"]


def test_bad_input_answers_400_by_field(world, api_as):
    api = api_as(world.users["enterprise_contact"])
    bad = registration(
        world,
        earliest_arrival=str(today() + dt.timedelta(days=5)),
        latest_arrival=str(today() + dt.timedelta(days=1)),
    )
    response = api.post("/api/returnees/", bad, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["latest_arrival"] == [
        "The latest usable arrival is before the earliest: the window is reversed."
    ]
    assert not Returnee.objects.exists()


def test_an_enterprise_outside_scope_is_404(world, api_as):
    api = api_as(world.users["enterprise_contact"])
    data = registration(world, enterprise=world.nodes["enterprise_2"].pk, person=world.people["worker_2"].pk)
    assert api.post("/api/returnees/", data, format="json").status_code == 404


def test_the_neighbour_sees_no_returnee(world, api_as):
    r = returnee(world)
    assert api_as(world.users["neighbour_official"]).get(f"/api/returnees/{r.pk}/").status_code == 404


def test_the_command_runs_edits_and_approves_a_plan_then_drives_the_bus(world, api_as):
    s = site(world, capacity=1)
    a, b = returnee(world), returnee(world)
    api = api_as(world.users["park_commander"])
    first = today() + dt.timedelta(days=1)
    response = api.post(
        "/api/return-plans/",
        {
            "park": world.nodes["park_a"].pk,
            "first_day": str(first),
            "horizon_days": 4,
            "observation_days": 2,
            "bus_seats": 2,
            "sites": [s.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    plan = response.json()
    assert plan["state"] == "draft" and plan["bound"] >= plan["objective"] > 0
    entries = {e["returnee"]: e for e in plan["entries"]}
    clash = api.post(
        f"/api/return-plans/{plan['id']}/edit-entry/",
        {"entry": entries[b.pk]["id"], "arrival_date": entries[a.pk]["arrival_date"], "site": s.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert clash.status_code == 400 and "free beds" in clash.json()["detail"][0]

    approved = api.post(f"/api/return-plans/{plan['id']}/approve/")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    run = TransportRun.objects.filter(plan_id=plan["id"]).first()
    bus = vehicle(world)
    crewed = api.patch(
        f"/api/return-runs/{run.pk}/",
        {"vehicle": bus.pk, "driver_name": "张师傅", "leader_name": "李队长"},
        format="json",
    )
    assert crewed.status_code == 200 and crewed.json()["vehicle_pass"]
    passengers = {str(p["id"]): "36.6" for p in crewed.json()["passengers"]}
    departed = api.post(f"/api/return-runs/{run.pk}/depart/", {"temperatures": passengers}, format="json")
    assert departed.status_code == 200 and departed.json()["status"] == "departed"
    arrived = api.post(f"/api/return-runs/{run.pk}/arrive/", {"temperatures": passengers}, format="json")
    assert arrived.json()["status"] == "arrived"
    again = api.post(f"/api/return-runs/{run.pk}/depart/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400 and again.json()["code"] == "not_allowed"


def test_the_enterprise_contact_may_not_plan(world, api_as):
    s = site(world)
    response = api_as(world.users["enterprise_contact"]).post(
        "/api/return-plans/",
        {
            "park": world.nodes["park_a"].pk,
            "first_day": str(today()),
            "horizon_days": 4,
            "bus_seats": 2,
            "sites": [s.pk],
        },
        format="json",
    )
    assert response.status_code in (403, 404)
    assert not ReturnPlan.objects.exists()


def test_a_site_out_of_scope_is_404(world, api_as):
    other = site(world, park="park_b")
    response = api_as(world.users["park_commander"]).post(
        "/api/return-plans/",
        {
            "park": world.nodes["park_a"].pk,
            "first_day": str(today()),
            "horizon_days": 4,
            "bus_seats": 2,
            "sites": [other.pk],
        },
        format="json",
    )
    assert response.status_code == 404
    assert not ReturnPlan.objects.exists()
