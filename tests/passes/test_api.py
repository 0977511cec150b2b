"""The passes API: my pass, scope, revoke, public exports, partner imports."""

from __future__ import annotations

import json

from parkguard.passes import issuers, services


def test_my_pass_is_issued_when_needed(world, api_as):
    response = api_as(world.users["resident"]).get("/api/passes/mine/")
    assert response.status_code == 200 and response.json()["token"].startswith("PC1:")
    again = api_as(world.users["resident"]).get("/api/passes/mine/")
    assert again.json()["pass_id_hash"] == response.json()["pass_id_hash"]
    assert api_as(world.users["grid_official"]).get("/api/passes/mine/").status_code == 404


def test_passes_are_listed_in_scope_and_revoked_with_a_reason(world, api_as):
    mine = services.issue_person_pass(world.people["resident"])
    services.issue_person_pass(world.people["worker_2"])
    listed = api_as(world.users["grid_official"]).get("/api/passes/").json()["results"]
    assert [p["id"] for p in listed] == [mine.pk]

    commander = api_as(world.users["park_commander"])
    bad = commander.post(f"/api/passes/{mine.pk}/revoke/", {"reason": ""}, format="json")
    assert bad.status_code == 400
    done = commander.post(f"/api/passes/{mine.pk}/revoke/", {"reason": "lost"}, format="json")
    assert done.status_code == 200 and done.json()["revoked_at"]
    denied = api_as(world.users["neighbour_official"]).post(f"/api/passes/{mine.pk}/revoke/", {"reason": "x"})
    assert denied.status_code == 404


def test_trust_list_and_revocations_are_public(world, api_as):
    issuer = issuers.issuer_for_park(world.nodes["park_a"])
    trust = api_as(None).get(f"/api/issuers/{issuer.issuer_id}/trust-list/")
    assert trust.status_code == 200 and json.loads(trust.content)["format"] == "parkguard-trust-list"
    revoked = api_as(None).get(f"/api/issuers/{issuer.issuer_id}/revocations/")
    assert json.loads(revoked.content)["format"] == "parkguard-revocation-list"


def test_a_partner_is_added_and_its_lists_imported(world, api_as):
    issuer_a = issuers.issuer_for_park(world.nodes["park_a"])
    api = api_as(world.users["commander_b"])
    created = api.post(
        "/api/partners/", {"park": world.nodes["park_b"].pk, "name": "昆明", "issuer_id": issuer_a.issuer_id}
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    bad = api.post(f"/api/partners/{pk}/trust-list/", {"document": "{"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "import_json"
    good = api.post(
        f"/api/partners/{pk}/trust-list/", {"document": services.export_trust_list(issuer_a)}, format="json"
    )
    assert good.status_code == 200 and len(good.json()["keys"]) == 1
    revoked = api.post(
        f"/api/partners/{pk}/revocations/", {"document": services.export_revocations(issuer_a)}, format="json"
    )
    assert revoked.status_code == 200
    other = api_as(world.users["park_commander"]).post(
        "/api/partners/", {"park": world.nodes["park_b"].pk, "name": "x", "issuer_id": "y"}
    )
    assert other.status_code == 404
