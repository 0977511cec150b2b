"""Point-to-point transport runs (点对点运输): a bus, its crew, its manifest, temperatures, planned → arrived.

A run is made by approving a plan (``plans._make_runs``). The command gives it a registered vehicle of
the park (its vehicle pass is issued through the passes service), a driver, a responsible leader
(每车一名负责人), a route and times. Temperatures are taken at boarding and at arrival; 37.3 °C or more
sends a notice to the park's command. The status moves planned → departed → arrived, one service
each, one ``RunTransition`` row each; any other step is refused with the status the run is in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ServiceError
from parkguard.health.choices import FEVER_AT, TEMPERATURE_MAX, TEMPERATURE_MIN
from parkguard.passes.models import Pass
from parkguard.passes.services import issue_vehicle_pass
from parkguard.vehicles.models import Vehicle

from .choices import RunStatus
from .models import RunPassenger, RunTransition, TransportRun
from .services import check_command, notify_command

FEVER = Decimal(FEVER_AT)
LOWEST, HIGHEST = Decimal(TEMPERATURE_MIN), Decimal(TEMPERATURE_MAX)
BOARDING, ARRIVAL = "boarding", "arrival"
NEXT = {RunStatus.PLANNED: RunStatus.DEPARTED, RunStatus.DEPARTED: RunStatus.ARRIVED}
CREW_FIELDS = ("driver_name", "leader_name", "route", "departure_at", "arrival_at", "seats")


def _locked(run: TransportRun) -> TransportRun:
    return TransportRun.objects.select_for_update().select_related("plan__park").get(pk=run.pk)


def _check_step(run: TransportRun, target: str) -> None:
    if NEXT.get(run.status) != target:
        raise ServiceError(
            _("This run is “%(status)s”: it cannot become “%(target)s” now."),
            code="not_allowed",
            params={"status": RunStatus(run.status).label, "target": RunStatus(target).label},
        )


def _check_manifest(run: TransportRun, seats: int) -> None:
    count = run.passengers.count()
    if count > seats:
        raise ServiceError(
            {
                "seats": [
                    ValidationError(
                        _("The manifest has %(count)s passengers, more than the bus's %(seats)s seats."),
                        code="manifest_over_seats",
                        params={"count": count, "seats": seats},
                    )
                ]
            }
        )


def _check_vehicle(run: TransportRun, vehicle: Vehicle | None) -> None:
    if vehicle is not None and vehicle.park_id != run.plan.park_id:
        raise ServiceError(
            {"vehicle": [ValidationError(_("Choose a vehicle registered in the park."), code="vehicle_park")]}
        )


@transaction.atomic
def run_update(
    *, actor: Any, run: TransportRun, vehicle: Vehicle | None = None, **values: Any
) -> TransportRun:
    """Set a planned run's vehicle (issuing its pass), crew, route, times and seats."""
    current = _locked(run)
    check_command(actor, current.plan.park)
    if current.status != RunStatus.PLANNED:
        raise ServiceError(_("Only a planned run can be changed."), code="run_not_planned")
    unknown = set(values) - set(CREW_FIELDS)
    if unknown:
        raise ServiceError(
            _("These fields cannot be changed here: %(names)s"), params={"names": ", ".join(unknown)}
        )
    _check_vehicle(current, vehicle)
    seats = values.get("seats", current.seats)
    if not isinstance(seats, int) or seats < 1:
        raise ServiceError({"seats": [ValidationError(_("A bus has at least one seat."), code="seats")]})
    _check_manifest(current, seats)
    departure, arrival = (
        values.get("departure_at", current.departure_at),
        values.get("arrival_at", current.arrival_at),
    )
    if departure and arrival and arrival < departure:
        raise ServiceError(
            {
                "arrival_at": [
                    ValidationError(_("The arrival is before the departure."), code="times_reversed")
                ]
            }
        )
    before = {k: str(getattr(current, k)) for k in CREW_FIELDS} | {"vehicle": current.vehicle_id}
    for key, value in values.items():
        setattr(current, key, value.strip() if isinstance(value, str) else value)
    if vehicle is not None and vehicle.pk != current.vehicle_id:
        current.vehicle = vehicle
        current.vehicle_pass = _vehicle_pass(vehicle, actor=actor)
    current.save()
    after = {k: str(getattr(current, k)) for k in CREW_FIELDS} | {"vehicle": current.vehicle_id}
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        node=current.plan.park,
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
    )
    return current


def _temperature(value: Any) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError) as exc:
        raise _bad_temperature() from exc
    if not LOWEST <= number <= HIGHEST:
        raise _bad_temperature()
    return number


def _bad_temperature() -> ServiceError:
    return ServiceError(
        _("Enter a temperature between %(low)s and %(high)s °C."),
        code="temperature",
        params={"low": LOWEST, "high": HIGHEST},
    )


def _record(current: TransportRun, stage: str, temperatures: dict[int, Any]) -> list[RunPassenger]:
    field = f"{stage}_temperature"
    passengers = {p.pk: p for p in current.passengers.select_related("returnee__person")}
    unknown = set(temperatures) - set(passengers)
    if unknown:
        raise ServiceError(_("Someone is not on this run's manifest."), code="not_on_manifest")
    fevers = []
    for pk, value in temperatures.items():
        if value in (None, ""):
            continue
        passenger = passengers[pk]
        setattr(passenger, field, _temperature(value))
        passenger.save(update_fields=[field])
        if getattr(passenger, field) >= FEVER:
            fevers.append(passenger)
    for passenger in fevers:
        _fever_notice(current, passenger, stage)
    return fevers


def _fever_notice(run: TransportRun, passenger: RunPassenger, stage: str) -> None:
    temperature = getattr(passenger, f"{stage}_temperature")
    where = _("at boarding") if stage == BOARDING else _("at arrival")
    notify_command(
        park=run.plan.park,
        title=str(_("Fever on a returnee bus: %(name)s, %(temperature)s °C %(where)s"))
        % {"name": passenger.returnee.person.name_masked, "temperature": temperature, "where": where},
        body=str(_("Run of %(date)s from %(origin)s. Isolate and test at once."))
        % {"date": run.arrival_date.isoformat(), "origin": run.origin_group},
        link=reverse("returns:run_detail", args=[run.pk]),
        dedupe_key=f"returns-fever-{passenger.pk}-{stage}",
    )


@transaction.atomic
def run_record_temperatures(
    *, actor: Any, run: TransportRun, stage: str, temperatures: dict[int, Any]
) -> list[RunPassenger]:
    """Boarding temperatures before departure, arrival temperatures once under way; fevers to the command."""
    current = _locked(run)
    check_command(actor, current.plan.park)
    allowed = {BOARDING: (RunStatus.PLANNED,), ARRIVAL: (RunStatus.DEPARTED, RunStatus.ARRIVED)}
    if stage not in allowed:
        raise ServiceError(_("Unknown stage."), code="stage")
    if current.status not in allowed[stage]:
        raise ServiceError(
            _("This run is “%(status)s”: these temperatures cannot be recorded now."),
            code="not_allowed",
            params={"status": RunStatus(current.status).label},
        )
    fevers = _record(current, stage, temperatures)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        node=current.plan.park,
        changes={"temperatures": [stage, len(temperatures)], "fevers": len(fevers)},
    )
    return fevers


def _missing(current: TransportRun, stage: str) -> None:
    if current.passengers.filter(**{f"{stage}_temperature__isnull": True}).exists():
        message = (
            _("Record every passenger's boarding temperature before departure.")
            if stage == BOARDING
            else _("Record every passenger's arrival temperature.")
        )
        raise ServiceError(message, code="temperatures_missing")


def _step(current: TransportRun, target: str, actor: Any) -> None:
    source = current.status
    current.status = target
    stamp = "departed_at" if target == RunStatus.DEPARTED else "arrived_at"
    setattr(current, stamp, timezone.now())
    current.save(update_fields=["status", stamp, "updated_at"])
    RunTransition.objects.create(run=current, from_status=source, to_status=target, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        node=current.plan.park,
        changes={"status": [source, target]},
    )


@transaction.atomic
def run_depart(*, actor: Any, run: TransportRun, temperatures: dict[int, Any] | None = None) -> TransportRun:
    """planned → departed: a vehicle with a valid pass, a driver and a leader, every boarding temperature."""
    current = _locked(run)
    check_command(actor, current.plan.park)
    _check_step(current, RunStatus.DEPARTED)
    if temperatures:
        _record(current, BOARDING, temperatures)
    missing = [
        label
        for label, value in (
            (_("vehicle"), current.vehicle_id),
            (_("driver"), current.driver_name),
            (_("responsible leader"), current.leader_name),
        )
        if not value
    ]
    if missing:
        raise ServiceError(
            _("Before departure the run needs: %(missing)s."),
            code="crew_missing",
            params={"missing": "、".join(str(m) for m in missing)},
        )
    _check_manifest(current, current.seats)
    _missing(current, BOARDING)
    if current.vehicle_pass is None or not _valid(current.vehicle_pass):
        current.vehicle_pass = _vehicle_pass(current.vehicle, actor=actor)
        current.save(update_fields=["vehicle_pass"])
    _step(current, RunStatus.DEPARTED, actor)
    return current


def _vehicle_pass(vehicle: Vehicle, *, actor: Any) -> Pass:
    """The vehicle's pass valid now, or a new one: a bus on a run keeps the pass it already carries."""
    current = Pass.objects.filter(vehicle=vehicle).valid_at(timezone.now()).first()
    return current or issue_vehicle_pass(vehicle, actor=actor)


def _valid(pass_: Any) -> bool:
    now = timezone.now()
    return pass_.revoked_at is None and pass_.expires_at > now


@transaction.atomic
def run_arrive(*, actor: Any, run: TransportRun, temperatures: dict[int, Any] | None = None) -> TransportRun:
    """departed → arrived: every arrival temperature taken (the returnees then check in at their site)."""
    current = _locked(run)
    check_command(actor, current.plan.park)
    _check_step(current, RunStatus.ARRIVED)
    if temperatures:
        _record(current, ARRIVAL, temperatures)
    _missing(current, ARRIVAL)
    _step(current, RunStatus.ARRIVED, actor)
    return current


def arrival_day(run: TransportRun) -> dt.date:
    return timezone.localdate(run.arrived_at) if run.arrived_at else run.arrival_date
