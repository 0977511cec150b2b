"""Issue #4: the API — reports list/detail/submit, completeness and roll-up, in the caller's scope."""

from __future__ import annotations

import pytest

from .reporting import submit, values

pytestmark = pytest.mark.django_db


def test_submit_through_the_api(world, templates, api_as):
    api = api_as(world.users["enterprise_contact"])
    body = {"site": world.nodes["enterprise_1"].pk, "date": "2020-02-20", "values": values()}
    response = api.post("/api/reports/submit/", body, format="json")
    assert response.status_code == 200, response.data
    assert response.data["status"] == "submitted"


def test_a_bad_value_is_a_400_with_the_field(world, templates, api_as):
    api = api_as(world.users["enterprise_contact"])
    body = {"site": world.nodes["enterprise_1"].pk, "date": "2020-02-20", "values": values(suspected=-1)}
    response = api.post("/api/reports/submit/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "suspected" in response.data


def test_a_site_outside_the_scope_is_404(world, templates, api_as):
    api = api_as(world.users["neighbour_official"])
    body = {"site": world.nodes["enterprise_1"].pk, "date": "2020-02-20", "values": values()}
    assert api.post("/api/reports/submit/", body, format="json").status_code == 404
    submit(world)
    assert (
        api.get("/api/reports/").data["count"] == 0
        if isinstance(api.get("/api/reports/").data, dict)
        else True
    )
    report_id = world.nodes["enterprise_1"].daily_reports.get().pk
    assert api.get(f"/api/reports/{report_id}/").status_code == 404


def test_completeness_and_rollup_endpoints(world, templates, api_as):
    submit(world)
    api = api_as(world.users["park_commander"])
    params = {"node": world.nodes["park_a"].pk, "date": "2020-02-20"}
    c = api.get("/api/reports/completeness/", params).data
    assert (c["expected"], c["submitted"], c["missing"]) == (2, 1, 1)
    r = api.get("/api/reports/rollup/", params).data
    assert r["totals"]["arrivals_today"] == 3


def test_the_national_office_sees_aggregates_but_no_report_rows(world, templates, api_as):
    submit(world)
    api = api_as(world.users["national_officer"])
    r = api.get("/api/reports/rollup/", {"node": world.nodes["national"].pk, "date": "2020-02-20"}).data
    assert r["totals"]["arrivals_today"] == 3
    listing = api.get("/api/reports/").data
    assert (listing["count"] if isinstance(listing, dict) else len(listing)) == 0
