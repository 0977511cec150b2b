"""The guard's page, the tracing page and the configuration page: reachable by whom they are for only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parkguard.audit.models import AuditAction, AuditEvent
from parkguard.checkpoints.models import Checkpoint


def test_a_guard_with_one_gate_lands_on_its_scanner(world, gates, login):
    response = login(gates.compound_guard).get(reverse("checkpoints:checkpoint_list"))
    assert response.status_code == 302
    assert response.url == reverse("checkpoints:scan", args=[gates.compound.pk])


def test_the_scanner_page_has_the_wedge_field_focused_and_the_camera_script(world, gates, login):
    page = login(gates.compound_guard).get(reverse("checkpoints:scan", args=[gates.compound.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="token"' in html and "autofocus" in html
    assert "js/guard.js" in html and "vendor/zxing-wasm/zxing_reader.wasm" in html


@pytest.mark.parametrize("who", ["outsider", "resident", "commander_b", "building_head"])
def test_the_scanner_of_a_gate_is_missing_for_others(world, gates, login, who):
    page = login(world.users[who]).get(reverse("checkpoints:scan", args=[gates.road.pk]))
    assert page.status_code == 404


def test_another_gates_guard_does_not_find_this_scanner(world, gates, login):
    page = login(gates.compound_guard).get(reverse("checkpoints:scan", args=[gates.road.pk]))
    assert page.status_code == 404


def test_the_id_number_check_answers_json_for_the_script(world, gates, login, declare):
    resident = world.people["resident"]
    declare(resident)
    client = login(gates.compound_guard)

    answer = client.post(
        reverse("checkpoints:id_check", args=[gates.compound.pk]),
        {"id_number": resident.id_number, "direction": "in"},
        HTTP_ACCEPT="application/json",
    )

    assert answer.status_code == 200
    assert answer.json()["outcome"] == "allowed" and answer.json()["subject"] == resident.name_masked


def test_without_the_script_the_id_number_check_renders_the_verdict(world, gates, login, declare):
    resident = world.people["resident"]
    declare(resident, temperature="38.5")
    page = login(gates.compound_guard).post(
        reverse("checkpoints:id_check", args=[gates.compound.pk]),
        {"id_number": resident.id_number, "direction": "out"},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "verdict-refused" in html and resident.name_masked in html and resident.name not in html


def test_a_mistyped_id_number_is_a_clear_error_not_a_500(world, gates, login):
    answer = login(gates.compound_guard).post(
        reverse("checkpoints:id_check", args=[gates.compound.pk]),
        {"id_number": "123", "direction": "in"},
        HTTP_ACCEPT="application/json",
    )
    assert answer.status_code == 400 and answer.json()["error"]


def test_the_tracing_page_queries_and_audits(world, gates, login):
    client = login(world.users["park_commander"])
    assert client.get(reverse("checkpoints:trace")).status_code == 200
    assert not AuditEvent.objects.filter(action=AuditAction.REVEAL).exists()

    page = client.get(
        reverse("checkpoints:trace"),
        {"checkpoint": gates.road.pk, "start": "2020-02-20T08:00", "end": "2020-02-20T18:00"},
    )

    assert page.status_code == 200 and 'id="trace-results"' in page.content.decode()
    assert (
        AuditEvent.objects.filter(action=AuditAction.REVEAL, actor=world.users["park_commander"]).count() == 1
    )


def test_a_backwards_period_on_the_tracing_page_is_a_form_error(world, gates, login):
    page = login(world.users["park_commander"]).get(
        reverse("checkpoints:trace"), {"start": "2020-02-20T18:00", "end": "2020-02-20T08:00"}
    )
    assert page.status_code == 200 and "trace-results" not in page.content.decode()


@pytest.mark.parametrize("who", ["gate_guard", "grid_official", "outsider"])
def test_the_tracing_page_is_forbidden_without_the_capability(world, login, who):
    assert login(world.users[who]).get(reverse("checkpoints:trace")).status_code == 403


def test_the_commander_configures_a_compound_gate_from_its_page(world, login):
    client = login(world.users["park_commander"])
    url = reverse("checkpoints:configure", args=[world.nodes["compound_1"].pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"yellow": "refuse", "red": "refuse", "own_scope": "node", "active": "on"})

    assert response.status_code == 302
    assert Checkpoint.objects.get(node=world.nodes["compound_1"]).yellow == "refuse"


def test_a_lane_is_added_from_the_configuration_page(world, gates, login):
    client = login(world.users["park_commander"])
    client.post(
        reverse("checkpoints:lane_add", args=[gates.road.node.pk]),
        {"name": "车辆出城", "kind": "vehicle", "direction": "out"},
    )
    assert gates.road.lanes.filter(name="车辆出城", direction="out").exists()


def test_configuration_is_missing_for_a_guard(world, gates, login):
    url = reverse("checkpoints:configure", args=[gates.road.node.pk])
    assert login(world.users["gate_guard"]).get(url).status_code == 404


def test_the_list_shows_the_commander_gates_to_configure(world, gates, login):
    page = login(world.users["park_commander"]).get(reverse("checkpoints:checkpoint_list"))
    html = page.content.decode()
    assert page.status_code == 200 and "经开区东卡口" in html and "幸福小区" in html


def test_the_tracing_query_exports_to_xlsx_with_masked_names_and_is_audited(world, gates, login):
    import io

    from openpyxl import load_workbook

    from parkguard.checkpoints.models import ScanEvent

    resident = world.people["resident"]
    ScanEvent.objects.create(
        checkpoint=gates.road,
        node=gates.road.node,
        scanned_at="2020-02-20T04:00:00Z",
        direction="in",
        result="allowed",
        reason="ok",
        colour="green",
        subject_masked=resident.name_masked,
        person=resident,
    )
    answer = login(world.users["park_commander"]).get(
        reverse("checkpoints:trace"),
        {"start": "2020-02-20T08:00", "end": "2020-02-20T18:00", "export": "xlsx"},
    )

    rows = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    assert rows[1][6] == resident.name_masked and resident.name not in str(rows)
    assert AuditEvent.objects.filter(action=AuditAction.REVEAL).count() == 1


def test_a_refused_reveal_goes_back_only_to_a_page_of_this_site(world, gates, login):
    from parkguard.checkpoints.models import ScanEvent

    scan = ScanEvent.objects.create(
        checkpoint=gates.road,
        node=gates.road.node,
        scanned_at="2020-02-20T04:00:00Z",
        direction="in",
        result="allowed",
        reason="ok",
    )
    response = login(world.users["park_commander"]).post(
        reverse("checkpoints:trace_reveal", args=[scan.pk]), {"back": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.url == reverse("checkpoints:trace")


def test_a_scan_answers_json_for_the_script_and_the_page_without_it(world, gates, login, declare):
    from parkguard.passes.services import issue_person_pass

    declare(world.people["resident"])
    token = issue_person_pass(world.people["resident"]).token
    client = login(gates.compound_guard)
    url = reverse("checkpoints:scan", args=[gates.compound.pk])

    answer = client.post(url, {"token": token, "direction": "in"}, HTTP_ACCEPT="application/json")
    page = client.post(url, {"token": token, "direction": "out"})

    assert answer.json()["outcome"] == "allowed" and answer.json()["reason"] == "ok"
    assert page.status_code == 200 and "verdict-allowed" in page.content.decode()


def test_an_empty_scan_is_a_clear_error(world, gates, login):
    url = reverse("checkpoints:scan", args=[gates.compound.pk])
    answer = login(gates.compound_guard).post(
        url, {"token": "", "direction": "in"}, HTTP_ACCEPT="application/json"
    )
    assert answer.status_code == 400 and answer.json()["error"]
