"""Reads of the passes app, each through the user's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from parkguard.accounts.roles import Capability
from parkguard.core.scoping import scope_of
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node
from parkguard.people.models import Person

from .models import Issuer, Partner, PartnerKey, Pass, PassQuerySet, SigningKey


def pass_list(*, user: Any, kind: str = "", valid_only: bool = False) -> PassQuerySet:
    rows = Pass.objects.visible_to(user).select_related("person", "vehicle", "issuer")
    if kind:
        rows = rows.filter(kind=kind)
    return rows.valid_at(timezone.now()) if valid_only else rows


def person_queryset(*, user: Any) -> QuerySet[Person]:
    return Person.objects.visible_to(user).select_related("residence", "employer")


def own_person(user: Any) -> Person | None:
    """The person record of the logged-in user (Person.user), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    # The user's own record, whatever their roles reach (an official may live outside their grid).
    return Person.objects.filter(user=user).select_related("residence", "employer").first()


def managed_parks(*, user: Any) -> QuerySet[Node]:
    """Parks whose keys, partners and lists the user manages (MANAGE_PASS_KEYS over the park)."""
    if not getattr(user, "is_authenticated", False) or not user.has_capability(Capability.MANAGE_PASS_KEYS):
        return Node.objects.none()
    scope = scope_of(user)
    parks = Node.objects.visible_to(user).filter(kind=NodeKind.PARK)
    return parks.filter(pk__in=[p.pk for p in parks if scope.covers_path(p.path)])


def key_list(*, user: Any) -> QuerySet[SigningKey]:
    return SigningKey.objects.visible_to(user).select_related("issuer", "issuer__park").defer("private_key")


def issuer_list(*, user: Any) -> QuerySet[Issuer]:
    return Issuer.objects.visible_to(user).select_related("park")


def partner_list(*, user: Any) -> QuerySet[Partner]:
    return Partner.objects.visible_to(user).select_related("park", "revocations")


def partner_key_list(*, user: Any) -> QuerySet[PartnerKey]:
    return PartnerKey.objects.visible_to(user).select_related("partner")


def public_issuer(issuer_id: str) -> Issuer | None:
    """An issuer by its id, for the public exports (public keys and revoked hashes only)."""
    return Issuer.objects.filter(issuer_id=issuer_id).select_related("park").first()
