"""Issuing and revoking passes; the trust-list services are re-exported from ``trust``.

A person's pass carries their colour status of the moment (``health.status.current_status``); a
vehicle's pass says its registration is approved and current. Claims are minimal: a random pass id, a
random per-person pseudonym, the masked name or plate, colour, kind, scope (the holder's node path),
rule-set version, issue and expiry (≤ 24 h). When a colour worsens, the previous pass is revoked; when
it improves, the previous pass is only superseded (docs/adr/0016).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkguard import passcodec
from parkguard.accounts.roles import Capability
from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.health.choices import worse
from parkguard.health.status import ColourStatus, current_status
from parkguard.people.models import Person

from .choices import PassKind
from .issuers import current_key, issuer_for_park, park_of_node, private_key_of
from .models import Pass, Pseudonym
from .trust import (  # noqa: F401 (the contract of the passes app: one import place for other apps)
    export_bundle,
    export_revocations,
    export_trust_list,
    import_revocations,
    import_trust_list,
    partner_create,
)
from .verification import invalidate

REVOKE_WORSE = "colour worsened"


def validity() -> dt.timedelta:
    return dt.timedelta(hours=settings.PASS_VALIDITY_HOURS)


def pseudonym_of(person: Person) -> bytes:
    """The person's pseudonym, drawn at random the first time (never derived from the id number)."""
    row = Pseudonym.objects.filter(person=person).first()
    if row is None:
        try:
            with transaction.atomic():
                row = Pseudonym.objects.create(person=person, value=os.urandom(16))
        except IntegrityError:  # drawn by a concurrent request a moment ago
            row = Pseudonym.objects.get(person=person)
    return bytes(row.value)


def _check_person_actor(actor: Any, person: Person) -> None:
    """``actor`` None is the system (a command, a colour change); a person may have their own pass."""
    if actor is None or (person.user_id is not None and getattr(actor, "pk", None) == person.user_id):
        return
    if not getattr(actor, "is_authenticated", False) or not (
        Person.objects.visible_to(actor).filter(pk=person.pk).exists()
    ):
        raise ScopeError(
            _("This person is outside your scope: you may not issue their pass."), code="out_of_scope"
        )


def _signer(holder_node: Any) -> tuple[Any, Any, dt.datetime]:
    """The issuer and key that sign the holder's pass, and the issue time (whole seconds).

    The time is read after the key: a key created or rotated a moment ago is never "not yet valid"
    for the pass it signs.
    """
    issuer = issuer_for_park(park_of_node(holder_node))
    key = current_key(issuer)
    return issuer, key, max(timezone.now().replace(microsecond=0), key.not_before)


def _sign(
    *,
    signer: tuple[Any, Any, dt.datetime],
    kind: str,
    holder_node: Any,
    pseudonym: bytes,
    subject: str,
    colour: str,
    ruleset: int,
    expires_at: dt.datetime,
) -> tuple[bytes, str]:
    issuer, key, now = signer
    pass_id = os.urandom(16)
    claims = passcodec.Claims(
        pass_id=pass_id,
        pseudonym=pseudonym,
        subject=subject or "*",
        colour=colour,
        kind=passcodec.Kind(kind),
        scope=holder_node.path,
        ruleset=ruleset,
        issuer=issuer.issuer_id,
        issued_at=int(now.timestamp()),
        expires_at=int(expires_at.timestamp()),
    )
    token = passcodec.issue_token(claims, private_key_of(key), bytes.fromhex(key.kid))
    return pass_id, token


def _store(*, pass_id: bytes, **fields: Any) -> Pass:
    return Pass.objects.create(pass_id=pass_id, pass_id_hash=passcodec.pass_id_hash(pass_id).hex(), **fields)


def _previous(**holder: Any) -> list[Pass]:
    now = timezone.now()
    return list(Pass.objects.select_for_update().filter(**holder).valid_at(now))


def _audit_issue(pass_: Pass, actor: Any, node: Any) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=pass_,
        node=node,
        changes={"kind": pass_.kind, "colour": pass_.colour, "expires_at": pass_.expires_at.isoformat()},
    )


def _retire(previous: list[Pass], *, new: Pass, actor: Any) -> None:
    """Revoke the previous passes when the new colour is worse, else mark them superseded."""
    for old in previous:
        if worse(old.colour, new.colour):
            _revoke(old, actor=actor, reason=REVOKE_WORSE)
        elif old.superseded_at is None:
            old.superseded_at = new.issued_at
            old.save(update_fields=["superseded_at"])


@transaction.atomic
def issue_person_pass(person: Person, *, actor: Any = None, status: ColourStatus | None = None) -> Pass:
    """A new pass for ``person`` from their colour status now (audited)."""
    _check_person_actor(actor, person)
    node = person.residence or person.employer
    if node is None:
        raise ServiceError(
            _("This person has no residence or employer, so no park issues their pass."), code="no_park"
        )
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one issue per person at a time
    status = status or current_status(person)
    signer = issuer, key, now = _signer(node)
    expires_at = now + validity()
    pass_id, token = _sign(
        signer=signer,
        kind=PassKind.PERSON,
        holder_node=node,
        pseudonym=pseudonym_of(person),
        subject=person.name_masked,
        colour=status.colour,
        ruleset=status.ruleset_version,
        expires_at=expires_at,
    )
    previous = _previous(person=person)
    pass_ = _store(
        pass_id=pass_id,
        kind=PassKind.PERSON,
        person=person,
        issuer=issuer,
        key=key,
        subject=person.name_masked,
        colour=status.colour,
        reasons=list(status.stored_reasons),
        ruleset=status.ruleset_version,
        scope=node.path,
        issued_at=now,
        expires_at=expires_at,
        issued_by=actor if getattr(actor, "pk", None) else None,
        token=token,
    )
    _retire(previous, new=pass_, actor=actor)
    _audit_issue(pass_, actor, node)
    return pass_


def _matches(pass_: Pass, status: ColourStatus) -> bool:
    return (
        pass_.colour == status.colour
        and pass_.reason_codes == status.reason_codes
        and pass_.ruleset == status.ruleset_version
    )


def current_person_pass(person: Person) -> Pass | None:
    """The person's newest pass valid now, if any."""
    return Pass.objects.filter(person=person).valid_at(timezone.now()).first()


def person_pass_get_or_issue(person: Person, *, actor: Any = None) -> Pass:
    """The person's current pass when it still says what their status says and is not about to
    expire; otherwise a new one (what the pass page and ``GET /api/passes/mine/`` show)."""
    _check_person_actor(actor, person)
    status = current_status(person)
    current = current_person_pass(person)
    renew_at = timezone.now() + dt.timedelta(minutes=settings.PASS_RENEW_MINUTES)
    if current is not None and _matches(current, status) and current.expires_at > renew_at:
        return current
    return issue_person_pass(person, actor=actor, status=status)


def on_status_changed(person: Person, after: ColourStatus) -> Pass | None:
    """A changed status replaces a holder's current pass (a worse colour revokes it).

    A person who holds no valid pass gets none here: the next visit to the pass page issues it, so a
    re-evaluation of a whole park does not sign thousands of passes nobody looks at.
    """
    current = current_person_pass(person)
    if current is None or _matches(current, after):
        return None
    return issue_person_pass(person, actor=None, status=after)


# --- vehicles ---------------------------------------------------------------------------------------


@transaction.atomic
def issue_vehicle_pass(vehicle: Any, *, actor: Any) -> Pass:
    """A pass for an approved vehicle on a day inside its registration's dates (audited).

    It expires after the pass validity or at the end of the registration's last day, whichever is
    first. Its colour is green: what it certifies is the registration; the driver declares as a person.
    """
    from parkguard.vehicles.services import check_vehicle_actor

    check_vehicle_actor(actor, vehicle.company)
    signer = issuer, key, now = _signer(vehicle.company)
    if not vehicle.runs_on(timezone.localdate(now)):
        raise ServiceError(
            _("This vehicle is not approved for today (status or dates): no pass can be issued."),
            code="vehicle_not_running",
        )
    day_end = timezone.make_aware(dt.datetime.combine(vehicle.valid_to + dt.timedelta(days=1), dt.time()))
    expires_at = min(now + validity(), day_end)
    pass_id, token = _sign(
        signer=signer,
        kind=PassKind.VEHICLE,
        holder_node=vehicle.company,
        pseudonym=bytes(vehicle.pseudonym),
        subject=vehicle.plate_masked,
        colour="green",
        ruleset=0,
        expires_at=expires_at,
    )
    previous = _previous(vehicle=vehicle)
    pass_ = _store(
        pass_id=pass_id,
        kind=PassKind.VEHICLE,
        vehicle=vehicle,
        issuer=issuer,
        key=key,
        subject=vehicle.plate_masked,
        colour="green",
        reasons=[],
        ruleset=0,
        scope=vehicle.company.path,
        issued_at=now,
        expires_at=expires_at,
        issued_by=actor if getattr(actor, "pk", None) else None,
        token=token,
    )
    _retire(previous, new=pass_, actor=actor)
    _audit_issue(pass_, actor, vehicle.company)
    return pass_


def revoke_vehicle_passes(vehicle: Any, *, actor: Any, reason: str) -> int:
    """Revoke every valid pass of a vehicle (its registration was suspended)."""
    passes = Pass.objects.select_for_update().filter(vehicle=vehicle).valid_at(timezone.now())
    for pass_ in passes:
        _revoke(pass_, actor=actor, reason=reason)
    return len(passes)


# --- revocation -------------------------------------------------------------------------------------


def _check_revoker(actor: Any, pass_: Pass) -> None:
    if actor is None:
        return
    capabilities = {Capability.MANAGE_PASS_KEYS, Capability.CHANGE_COLOUR}
    if pass_.kind == PassKind.VEHICLE:
        capabilities.add(Capability.REGISTER_VEHICLES)
    if not (
        getattr(actor, "is_authenticated", False)
        and any(actor.has_capability(c) for c in capabilities)
        and Pass.objects.visible_to(actor).filter(pk=pass_.pk).exists()
    ):
        raise ScopeError(_("You may not revoke this pass."), code="no_permission")


def _revoke(pass_: Pass, *, actor: Any, reason: str) -> None:
    pass_.revoked_at = timezone.now()
    pass_.revoked_reason = reason[:200]
    pass_.revoked_by = actor if getattr(actor, "pk", None) else None
    pass_.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=pass_,
        node=pass_.node,
        changes={"revoked": [None, pass_.revoked_at.isoformat()], "reason": reason[:200]},
    )
    invalidate()


@transaction.atomic
def revoke_pass(pass_: Pass, *, actor: Any, reason: str) -> Pass:
    """Revoke a pass: it goes on our revocation list, which partners and gates fetch (audited)."""
    _check_revoker(actor, pass_)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Give the reason for the revocation."), code="reason_required")
    pass_ = Pass.objects.select_for_update().get(pk=pass_.pk)
    if pass_.revoked_at is not None:
        raise ServiceError(_("This pass is already revoked."), code="already_revoked")
    _revoke(pass_, actor=actor, reason=reason)
    return pass_


@transaction.atomic
def pass_print(person: Person, *, actor: Any) -> Pass:
    """The pass an official prints for a person without a phone (in their scope; audited)."""
    if actor is None or getattr(actor, "pk", None) == person.user_id:
        raise ScopeError(_("A printed pass is printed by an official."), code="no_permission")
    _check_person_actor(actor, person)
    pass_ = person_pass_get_or_issue(person, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=pass_,
        node=person.residence or person.employer,
        changes={"printed": True},
        label=f"printed pass {pass_}",
    )
    return pass_
