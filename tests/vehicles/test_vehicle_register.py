"""Registering, approving and suspending vehicles; pass numbers; the vehicle pass."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from parkguard import passcodec
from parkguard.audit.models import AuditEvent
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.passes import services as pass_services
from parkguard.passes.verification import verify
from parkguard.vehicles import services
from parkguard.vehicles.choices import VehicleStatus
from parkguard.vehicles.models import Vehicle


def test_a_registration_gets_a_pass_number_of_the_division_code_and_a_serial(register):
    first = register()
    second = register(plate="云A12345")
    assert first.pass_number == "530111-000001" and second.pass_number == "530111-000002"
    assert first.status == VehicleStatus.PENDING and first.plate == "云AD12345"
    assert AuditEvent.objects.filter(object_type="vehicles.vehicle", object_id=str(first.pk)).exists()


def test_the_drivers_phone_is_encrypted_and_masked(register):
    vehicle = register()
    assert vehicle.driver_phone_masked == "138****5678"
    with connection.cursor() as cursor:
        cursor.execute("SELECT driver_phone FROM vehicles_vehicle WHERE id = %s", [vehicle.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("v1$") and "13812345678" not in stored
    assert Vehicle.objects.get(pk=vehicle.pk).driver_phone == "13812345678"


def test_a_registration_outside_scope_is_refused(register):
    with pytest.raises(ScopeError) as error:
        register(company="enterprise_2")
    assert error.value.code == "out_of_scope"
    with pytest.raises(ScopeError):
        register(actor="resident")
    assert not Vehicle.objects.exists()


def test_bad_registrations_get_their_errors(register):
    with pytest.raises(ServiceError) as error:
        register(plate="ABC123")
    assert "plate" in error.value.message_dict
    with pytest.raises(ServiceError) as error:
        register(valid_from=dt.date(2020, 3, 1), valid_to=dt.date(2020, 2, 1))
    assert error.value.message_dict["valid_to"] == ["The end date is before the start date."]
    with pytest.raises(ServiceError) as error:
        register(driver_phone="12")
    assert "driver_phone" in error.value.message_dict
    with pytest.raises(ServiceError) as error:
        register(company="compound_1")
    assert "company" in error.value.message_dict
    register()
    with pytest.raises(ServiceError) as error:
        register(plate="云A D12345")
    assert error.value.message_dict["plate"] == ["A vehicle with this plate is already registered."]


def test_the_enterprise_contact_registers_but_an_official_approves(world, register):
    vehicle = register(actor="enterprise_contact")
    with pytest.raises(ScopeError):
        services.vehicle_approve(actor=world.users["enterprise_contact"], vehicle=vehicle)
    approved = services.vehicle_approve(actor=world.users["grid_official"], vehicle=vehicle)
    assert approved.status == VehicleStatus.APPROVED and approved.decided_by == world.users["grid_official"]


def test_an_approved_vehicle_gets_a_vehicle_pass_that_a_person_lane_refuses(world, register):
    vehicle = services.vehicle_approve(actor=world.users["grid_official"], vehicle=register())
    pass_ = pass_services.issue_vehicle_pass(vehicle, actor=world.users["grid_official"])

    verdict = verify(pass_.token, kind="vehicle")
    assert verdict.ok and verdict.claims.kind == "vehicle" and verdict.claims.subject == "云A·D***45"
    assert verdict.claims.pseudonym == bytes(vehicle.pseudonym)
    assert verify(pass_.token, kind="person").reason == passcodec.Reason.WRONG_KIND


def test_no_pass_for_a_pending_vehicle_or_outside_its_dates(world, register):
    vehicle = register()
    with pytest.raises(ServiceError) as error:
        pass_services.issue_vehicle_pass(vehicle, actor=world.users["grid_official"])
    assert error.value.code == "vehicle_not_running"
    ended = register(plate="云A54321", valid_from=dt.date(2020, 2, 1), valid_to=dt.date(2020, 2, 2))
    ended = services.vehicle_approve(actor=world.users["grid_official"], vehicle=ended)
    with pytest.raises(ServiceError):
        pass_services.issue_vehicle_pass(ended, actor=world.users["grid_official"])


def test_suspending_revokes_the_vehicles_passes(world, register):
    official = world.users["grid_official"]
    vehicle = services.vehicle_approve(actor=official, vehicle=register())
    pass_ = pass_services.issue_vehicle_pass(vehicle, actor=official)
    with pytest.raises(ServiceError) as error:
        services.vehicle_suspend(actor=official, vehicle=vehicle, note="")
    assert "note" in error.value.message_dict

    services.vehicle_suspend(actor=official, vehicle=vehicle, note="route through a risk area")

    assert verify(pass_.token).reason == passcodec.Reason.REVOKED


def test_updating_a_vehicle_checks_the_same_rules(world, register):
    vehicle = register()
    services.vehicle_update(actor=world.users["grid_official"], vehicle=vehicle, data={"cargo": "消毒液"})
    assert Vehicle.objects.get(pk=vehicle.pk).cargo == "消毒液"
    with pytest.raises(ServiceError):
        services.vehicle_update(
            actor=world.users["grid_official"], vehicle=vehicle, data={"valid_to": dt.date(2000, 1, 1)}
        )
    with pytest.raises(ScopeError):
        services.vehicle_update(actor=world.users["neighbour_official"], vehicle=vehicle, data={"cargo": "x"})


def test_revealing_the_drivers_phone_is_audited(world, register):
    vehicle = register()
    phone = services.driver_phone_reveal(actor=world.users["grid_official"], vehicle=vehicle, reason="call")
    assert phone == "13812345678"
    assert AuditEvent.objects.filter(action="reveal", object_id=str(vehicle.pk)).exists()
    with pytest.raises(ScopeError):
        services.driver_phone_reveal(actor=world.users["neighbour_official"], vehicle=vehicle)
