from __future__ import annotations

from parkguard.audit.models import AuditAction, AuditEvent


def test_a_guard_lists_their_own_gate_only(world, gates, api_as):
    answer = api_as(gates.compound_guard).get("/api/checkpoints/")
    assert [c["name"] for c in answer.json()["results"]] == ["幸福小区"]


def test_the_id_check_endpoint_answers_colour_and_masked_name(world, gates, api_as, declare):
    resident = world.people["resident"]
    declare(resident)

    answer = api_as(gates.compound_guard).post(
        "/api/scans/id-check/",
        {"checkpoint": gates.compound.pk, "id_number": resident.id_number, "direction": "in"},
    )

    assert answer.status_code == 200
    assert (answer.json()["outcome"], answer.json()["subject"]) == ("allowed", resident.name_masked)


def test_scanning_at_a_gate_out_of_reach_is_not_found(world, gates, api_as):
    answer = api_as(gates.compound_guard).post(
        "/api/scans/", {"checkpoint": gates.road.pk, "token": "PC1:XYZ", "direction": "in"}
    )
    assert answer.status_code == 404


def test_a_wrong_direction_is_a_400_with_a_message(world, gates, api_as):
    answer = api_as(world.users["gate_guard"]).post(
        "/api/scans/id-check/",
        {"checkpoint": gates.road.pk, "id_number": world.people["resident"].id_number, "direction": "up"},
    )
    assert answer.status_code == 400 and "direction" in answer.json()


def test_tracing_by_api_is_scoped_and_audited(world, gates, api_as):
    answer = api_as(world.users["park_commander"]).get(
        "/api/scans/trace/", {"start": "2020-02-20T08:00:00+08:00", "end": "2020-02-20T18:00:00+08:00"}
    )
    assert answer.status_code == 200 and answer.json() == []
    assert AuditEvent.objects.filter(action=AuditAction.REVEAL).count() == 1


def test_tracing_by_api_is_forbidden_to_a_guard(world, gates, api_as):
    answer = api_as(world.users["gate_guard"]).get(
        "/api/scans/trace/", {"start": "2020-02-20T08:00:00+08:00", "end": "2020-02-20T18:00:00+08:00"}
    )
    assert answer.status_code == 403


def test_a_backwards_period_by_api_is_a_400(world, gates, api_as):
    answer = api_as(world.users["park_commander"]).get(
        "/api/scans/trace/", {"start": "2020-02-20T18:00:00+08:00", "end": "2020-02-20T08:00:00+08:00"}
    )
    assert answer.status_code == 400 and answer.json()["code"] == "period_order"


def test_scanning_by_api_answers_the_verdict(world, gates, api_as, declare):
    from parkguard.passes.services import issue_person_pass

    declare(world.people["resident"])
    token = issue_person_pass(world.people["resident"]).token

    answer = api_as(world.users["gate_guard"]).post(
        "/api/scans/",
        {"checkpoint": gates.road.pk, "token": token, "direction": "in", "lane": gates.vehicle_lane.pk},
    )

    assert answer.status_code == 200
    assert (answer.json()["outcome"], answer.json()["reason"]) == ("refused", "wrong_kind")


def test_garbage_by_api_is_a_verdict_not_an_error(world, gates, api_as):
    answer = api_as(world.users["gate_guard"]).post(
        "/api/scans/", {"checkpoint": gates.road.pk, "token": "PC1:abc!!", "direction": "in"}
    )
    assert answer.status_code == 200 and answer.json()["reason"] == "bad_base45"
