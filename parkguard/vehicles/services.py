"""Registering, changing, approving and suspending vehicles. One transaction each, audited, scoped."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkguard.accounts.roles import CAPABILITIES, Capability, Role
from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record, diff, snapshot
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.core.scoping import scope_of
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.lib.codes import validate_mobile

from .choices import VehicleStatus, VehicleType
from .models import PassNumberSerial, Vehicle
from .plates import validate_plate

COMPANY_KINDS = frozenset({NodeKind.ENTERPRISE, NodeKind.CONSTRUCTION, NodeKind.MEDICAL})
_TRACKED = (
    "plate",
    "vehicle_type",
    "company",
    "driver_name",
    "driver_phone",
    "cargo",
    "route",
    "valid_from",
    "valid_to",
    "status",
)
EDITABLE = frozenset(_TRACKED) - {"status"}
# Who decides on a registration: an official holding the capability, not the enterprise's own contact.
_DECIDING_ROLES = frozenset(
    role for role, caps in CAPABILITIES.items() if Capability.REGISTER_VEHICLES in caps
) - {Role.ENTERPRISE_CONTACT}


def check_vehicle_actor(actor: Any, company: Node) -> None:
    """``actor`` None is an operator's command; anyone else registers vehicles over the company."""
    if actor is None:
        return
    if not (getattr(actor, "is_authenticated", False) and actor.has_capability(Capability.REGISTER_VEHICLES)):
        raise ScopeError(_("You may not register vehicles."), code="no_permission")
    if not scope_of(actor).covers_path(company.path):
        raise ScopeError(_("This company is outside your scope."), code="out_of_scope")


def can_decide(actor: Any, vehicle: Vehicle) -> bool:
    """Approving or suspending needs an official over the company (not the enterprise contact)."""
    if actor is None:
        return True
    if not getattr(actor, "is_authenticated", False) or not scope_of(actor).covers_path(vehicle.company.path):
        return False
    return actor.is_superuser or any(
        m.role in _DECIDING_ROLES and vehicle.company.path.startswith(m.node.park_path or m.node.path)
        for m in actor.memberships_cached
    )


def _park_of(company: Node) -> Node:
    park = Node.objects.filter(path=company.park_path).first() if company.park_path else None
    if park is None:
        raise ServiceError(_("This company belongs to no park."), code="no_park")
    return park


def allocate_pass_number(park: Node) -> str:
    """``<division code>-<serial>``, the next serial of the park's division code, without races.

    The counter row is locked (PostgreSQL) or the write transaction is exclusive (SQLite, IMMEDIATE);
    the unique constraint on ``pass_number`` is the last guard.
    """
    code = (park.division_code or "")[:6]
    if len(code) != 6:
        raise ServiceError(
            _("The park has no division code, so its vehicles get no pass number."), code="no_division_code"
        )
    with transaction.atomic():
        PassNumberSerial.objects.get_or_create(division_code=code)
        serial = PassNumberSerial.objects.select_for_update().get(division_code=code)
        serial.last += 1
        serial.save(update_fields=["last"])
    return f"{code}-{serial.last:0{settings.VEHICLE_PASS_SERIAL_DIGITS}d}"


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Validated values of the registration fields present in ``data``; every error at once."""
    errors: dict[str, list[ValidationError]] = {}
    clean = dict(data)

    def check(name: str, func: Any) -> None:
        if name in data:
            try:
                clean[name] = func(data[name])
            except ValidationError as exc:
                errors.setdefault(name, []).extend(exc.error_list)

    check("plate", validate_plate)
    check("driver_phone", validate_mobile)
    if "vehicle_type" in data and data["vehicle_type"] not in VehicleType.values:
        errors["vehicle_type"] = [ValidationError(_("Choose a vehicle type."), code="vehicle_type")]
    if "driver_name" in data:
        clean["driver_name"] = (data["driver_name"] or "").strip()
        if not clean["driver_name"]:
            errors["driver_name"] = [ValidationError(_("Enter the driver's name."), code="driver_required")]
    for name in ("cargo", "route"):
        if name in data:
            clean[name] = (data[name] or "").strip()
    for name in ("valid_from", "valid_to"):
        if name in data and not isinstance(data[name], dt.date):
            errors[name] = [ValidationError(_("Enter a date."), code="date_required")]
    if errors:
        raise ServiceError(errors)
    return clean


def _check_dates(vehicle: Vehicle) -> None:
    if vehicle.valid_from > vehicle.valid_to:
        raise ServiceError(
            {"valid_to": [ValidationError(_("The end date is before the start date."), code="dates_order")]}
        )


def _check_company(actor: Any, company: Any) -> None:
    if not isinstance(company, Node) or company.kind not in COMPANY_KINDS:
        raise ServiceError(
            {"company": [ValidationError(_("The owner is an enterprise of the park."), code="company_kind")]}
        )
    check_vehicle_actor(actor, company)


def _save(vehicle: Vehicle) -> None:
    try:
        with transaction.atomic():
            vehicle.save()
    except IntegrityError as exc:
        raise ServiceError(
            {
                "plate": [
                    ValidationError(
                        _("A vehicle with this plate is already registered."), code="plate_duplicate"
                    )
                ]
            }
        ) from exc


@transaction.atomic
def vehicle_register(*, actor: Any, company: Node, data: dict[str, Any]) -> Vehicle:
    """Register a vehicle of ``company`` (awaiting approval); its pass number is allocated now."""
    _check_company(actor, company)
    required = {"plate", "vehicle_type", "driver_name", "driver_phone", "valid_from", "valid_to"}
    missing = sorted(name for name in required if not data.get(name))
    if missing:
        raise ServiceError(
            {name: [ValidationError(_("This field is required."), code="required")] for name in missing}
        )
    clean = _clean({name: data.get(name) for name in EDITABLE - {"company"} if name in data})
    if Vehicle.objects.filter(plate=clean["plate"]).exists():
        raise ServiceError(
            {
                "plate": [
                    ValidationError(
                        _("A vehicle with this plate is already registered."), code="plate_duplicate"
                    )
                ]
            }
        )
    park = _park_of(company)
    vehicle = Vehicle(
        company=company,
        park=park,
        pseudonym=os.urandom(16),
        registered_by=actor if getattr(actor, "pk", None) else None,
        **clean,
    )
    _check_dates(vehicle)
    vehicle.pass_number = allocate_pass_number(park)
    _save(vehicle)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=vehicle,
        node=company,
        changes=diff({}, snapshot(vehicle, _TRACKED)),
    )
    return vehicle


@transaction.atomic
def vehicle_update(*, actor: Any, vehicle: Vehicle, data: dict[str, Any]) -> Vehicle:
    unknown = set(data) - EDITABLE
    if unknown:
        raise ServiceError(
            _("These fields cannot be changed here: %(names)s"), params={"names": ", ".join(sorted(unknown))}
        )
    check_vehicle_actor(actor, vehicle.company)
    if "company" in data:
        _check_company(actor, data["company"])
        if data["company"].park_path != vehicle.company.park_path:
            raise ServiceError(_("A vehicle stays with a company of its park."), code="company_park")
    before = snapshot(vehicle, _TRACKED)
    clean = _clean({k: v for k, v in data.items() if k != "company"})
    for name, value in clean.items():
        setattr(vehicle, name, value)
    if "company" in data:
        vehicle.company = data["company"]
    _check_dates(vehicle)
    if Vehicle.objects.filter(plate=vehicle.plate).exclude(pk=vehicle.pk).exists():
        raise ServiceError(
            {
                "plate": [
                    ValidationError(
                        _("A vehicle with this plate is already registered."), code="plate_duplicate"
                    )
                ]
            }
        )
    _save(vehicle)
    changes = diff(before, snapshot(vehicle, _TRACKED))
    if changes:
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=vehicle, node=vehicle.company, changes=changes
        )
    return vehicle


def _decide(*, actor: Any, vehicle: Vehicle, status: str, note: str) -> Vehicle:
    if not can_decide(actor, vehicle):
        raise ScopeError(_("You may not approve or suspend this vehicle."), code="no_permission")
    vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
    before = vehicle.status
    vehicle.status, vehicle.status_note = status, (note or "").strip()[:200]
    vehicle.decided_by = actor if getattr(actor, "pk", None) else None
    vehicle.decided_at = timezone.now()
    vehicle.save(update_fields=["status", "status_note", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=vehicle,
        node=vehicle.company,
        changes={"status": [before, status], "note": vehicle.status_note},
    )
    return vehicle


@transaction.atomic
def vehicle_approve(*, actor: Any, vehicle: Vehicle, note: str = "") -> Vehicle:
    if vehicle.status == VehicleStatus.APPROVED:
        raise ServiceError(_("This vehicle is already approved."), code="already_approved")
    return _decide(actor=actor, vehicle=vehicle, status=VehicleStatus.APPROVED, note=note)


@transaction.atomic
def vehicle_suspend(*, actor: Any, vehicle: Vehicle, note: str) -> Vehicle:
    """Suspend a registration: its valid passes are revoked (partners learn it at their next sync)."""
    from parkguard.passes.services import revoke_vehicle_passes

    if not (note or "").strip():
        raise ServiceError(
            {"note": [ValidationError(_("Give the reason for the suspension."), code="reason_required")]}
        )
    if vehicle.status == VehicleStatus.SUSPENDED:
        raise ServiceError(_("This vehicle is already suspended."), code="already_suspended")
    vehicle = _decide(actor=actor, vehicle=vehicle, status=VehicleStatus.SUSPENDED, note=note)
    revoke_vehicle_passes(vehicle, actor=actor, reason=note)
    return vehicle


@transaction.atomic
def driver_phone_reveal(*, actor: Any, vehicle: Vehicle, reason: str = "") -> str:
    """The driver's full phone number, for someone with the reveal permission over the company (audited)."""
    if not (
        getattr(actor, "is_authenticated", False)
        and actor.has_capability(Capability.REVEAL_PERSONAL)
        and Vehicle.objects.visible_to(actor).filter(pk=vehicle.pk).exists()
    ):
        raise ScopeError(_("You may not reveal personal data."), code="no_permission")
    audit_record(
        actor=actor,
        action=AuditAction.REVEAL,
        obj=vehicle,
        node=vehicle.company,
        changes={"fields": ["driver_phone"], "reason": reason[:200]},
    )
    return vehicle.driver_phone
