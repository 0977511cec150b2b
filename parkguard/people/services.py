"""Creating, changing and revealing people. One transaction each, audited, scope-checked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric

from parkguard.accounts.roles import Capability
from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record, diff, snapshot
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.core.scoping import scope_of
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.lib import fieldcrypt
from parkguard.lib.codes import validate_division_code, validate_id_number, validate_mobile

from .models import Person

RESIDENCE_KINDS = frozenset({NodeKind.BUILDING, NodeKind.COMPOUND})
EMPLOYER_KINDS = frozenset(
    {
        NodeKind.ENTERPRISE,
        NodeKind.CONSTRUCTION,
        NodeKind.MEDICAL,
        NodeKind.ISOLATION_SITE,
        NodeKind.CHECKPOINT,
    }
)
_TRACKED = ("name", "id_number", "phone", "residence", "employer", "origin_code", "user")


@dataclass
class PersonResult:
    person: Person
    warnings: list[str]


def id_number_index(value: str) -> str:
    return fieldcrypt.blind_index(value, context="id_number")


def phone_index(value: str) -> str:
    return fieldcrypt.blind_index(value, context="phone") if value else ""


def _check_nodes(actor: Any, residence: Node | None, employer: Node | None) -> None:
    if residence is None and employer is None:
        raise ServiceError(_("A person needs a residence or an employer."), code="person_unplaced")
    if residence is not None and residence.kind not in RESIDENCE_KINDS:
        raise ServiceError(_("A residence is a building or a compound."), code="residence_kind")
    if employer is not None and employer.kind not in EMPLOYER_KINDS:
        raise ServiceError(_("An employer is an enterprise or another site."), code="employer_kind")
    scope = scope_of(actor)
    for node in (residence, employer):
        if node is not None and not scope.covers_path(node.path):
            raise ScopeError(_("This part of the hierarchy is outside your scope."), code="out_of_scope")
    if not (scope.everything or actor.has_capability(Capability.EDIT_PEOPLE)):
        raise ScopeError(_("You may not change people's records."), code="no_permission")


def _clean(*, id_number: str, phone: str, origin_code: str) -> tuple[str, str, str, list[str]]:
    checked = validate_id_number(id_number)
    clean_phone = validate_mobile(phone) if phone else ""
    clean_origin = validate_division_code(origin_code) if origin_code else ""
    return checked.value, clean_phone, clean_origin, checked.warnings


def _save(person: Person) -> None:
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        raise ServiceError(
            _("A person with this id number is already registered."), code="id_number_duplicate"
        ) from exc


@transaction.atomic
def person_create(
    *,
    actor: Any,
    name: str,
    id_number: str,
    phone: str = "",
    residence: Node | None = None,
    employer: Node | None = None,
    origin_code: str = "",
    user: Any = None,
) -> PersonResult:
    if not name.strip():
        raise ServiceError(_("A name is required."), code="name_required")
    _check_nodes(actor, residence, employer)
    number, clean_phone, origin, warnings = _clean(id_number=id_number, phone=phone, origin_code=origin_code)
    index = id_number_index(number)
    if Person.objects.filter(id_number_index=index).exists():
        raise ServiceError(
            _("A person with this id number is already registered."), code="id_number_duplicate"
        )
    person = Person(
        name=name.strip(),
        id_number=number,
        id_number_index=index,
        phone=clean_phone,
        phone_index=phone_index(clean_phone),
        residence=residence,
        employer=employer,
        origin_code=origin,
        birth_date=ric.get_birth_date(number),
        user=user,
    )
    _save(person)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=person,
        node=residence or employer,
        changes=diff({}, snapshot(person, _TRACKED)),
    )
    return PersonResult(person, warnings)


@transaction.atomic
def person_update(*, actor: Any, person: Person, **fields: Any) -> PersonResult:
    unknown = set(fields) - set(_TRACKED)
    if unknown:
        raise ServiceError(
            _("These fields cannot be changed here: %(names)s"), params={"names": ", ".join(unknown)}
        )
    before = snapshot(person, _TRACKED)
    # The actor must cover the record where it is now and where it goes.
    _check_nodes(actor, person.residence, person.employer)
    residence = fields.get("residence", person.residence)
    employer = fields.get("employer", person.employer)
    _check_nodes(actor, residence, employer)
    number, clean_phone, origin, warnings = _clean(
        id_number=fields.get("id_number", person.id_number),
        phone=fields.get("phone", person.phone),
        origin_code=fields.get("origin_code", person.origin_code),
    )
    if "name" in fields and not fields["name"].strip():
        raise ServiceError(_("A name is required."), code="name_required")
    person.name = fields.get("name", person.name).strip()
    person.id_number, person.id_number_index = number, id_number_index(number)
    person.phone, person.phone_index = clean_phone, phone_index(clean_phone)
    person.origin_code, person.residence, person.employer = origin, residence, employer
    person.birth_date = ric.get_birth_date(number)
    if "user" in fields:
        person.user = fields["user"]
    _save(person)
    changes = diff(before, snapshot(person, _TRACKED))
    if changes:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=person,
            node=person.residence or person.employer,
            changes=changes,
        )
    return PersonResult(person, warnings)


@transaction.atomic
def person_reveal(*, actor: Any, person: Person, reason: str = "") -> dict[str, str]:
    """Full id number and phone for someone with the reveal permission; always audited.

    ``person`` must come from ``Person.objects.visible_to(actor)``; the scope is re-checked here.
    """
    if not getattr(actor, "is_authenticated", False) or not actor.has_capability(Capability.REVEAL_PERSONAL):
        raise ScopeError(_("You may not reveal personal data."), code="no_permission")
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise ScopeError(_("This part of the hierarchy is outside your scope."), code="out_of_scope")
    audit_record(
        actor=actor,
        action=AuditAction.REVEAL,
        obj=person,
        node=person.residence or person.employer,
        changes={"fields": ["id_number", "phone"], "reason": reason[:200]},
    )
    return {"id_number": person.id_number, "phone": person.phone}
