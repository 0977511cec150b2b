"""Issuers and signing keys: a park's issuer, its current key, and key rotation.

A park becomes an issuer the first time it needs one (its first pass, its first export, or a
rotation), with a first key. Rotation makes a new key current at once and retires the old one, whose
``not_after`` is moved to cover the last pass it signed: those passes verify until they expire. See
docs/adr/0016-pass-keys-rotation-pseudonyms.md.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkguard import passcodec
from parkguard.accounts.roles import Capability
from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.core.scoping import scope_of
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node, encode_step

from .models import Issuer, SigningKey

KEY_START_TOLERANCE = 60


def default_issuer_id(park: Node) -> str:
    """``CN-<division code>-P<park id in base 36>``: readable at a gate, unique, never reused."""
    division = (park.division_code or "000000")[:6]
    return f"CN-{division}-P{encode_step(park.pk).lstrip('0').upper() or '0'}"


def park_of_node(node: Node) -> Node:
    """The park a node belongs to; ``ServiceError`` for a node above the parks."""
    if node.kind == NodeKind.PARK:
        return node
    park = Node.objects.filter(path=node.park_path).first() if node.park_path else None
    if park is None:
        raise ServiceError(
            _("This node belongs to no park, so no park can issue its passes."), code="no_park"
        )
    return park


def check_key_manager(actor: Any, park: Node) -> None:
    """``actor`` None is an operator's command; anyone else needs the key capability over the park."""
    if actor is None:
        return
    if not (
        getattr(actor, "is_authenticated", False)
        and actor.has_capability(Capability.MANAGE_PASS_KEYS)
        and scope_of(actor).covers_path(park.path)
    ):
        raise ScopeError(_("You may not manage this park's pass keys."), code="no_permission")


def _new_key(issuer: Issuer, *, now: dt.datetime) -> SigningKey:
    now = now.replace(microsecond=0)  # tokens carry whole seconds
    private = passcodec.generate_private_key()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")
    public = private.public_key()
    return SigningKey.objects.create(
        issuer=issuer,
        kid=passcodec.key_id(public).hex(),
        public_key=base64.b64encode(passcodec.public_key_der(public)).decode("ascii"),
        private_key=pem,
        not_before=now,
        not_after=now + dt.timedelta(days=settings.PASS_KEY_LIFETIME_DAYS),
    )


def issuer_for_park(park: Node, *, actor: Any = None, issuer_id: str = "") -> Issuer:
    """The park's issuer, created with its first key when the park has none yet (audited)."""
    issuer = Issuer.objects.filter(park=park).first()
    if issuer is not None:
        return issuer
    if park.kind != NodeKind.PARK:
        raise ServiceError(_("Only a park issues passes."), code="issuer_not_park")
    issuer_id = (issuer_id or default_issuer_id(park)).strip()
    if not issuer_id or len(issuer_id.encode("utf-8")) > 64:
        raise ServiceError(_("An issuer id has 1 to 64 characters."), code="issuer_id")
    try:
        with transaction.atomic():
            issuer = Issuer.objects.create(park=park, issuer_id=issuer_id)
            key = _new_key(issuer, now=timezone.now())
    except IntegrityError as exc:  # created by a concurrent request a moment ago, or the id is taken
        issuer = Issuer.objects.filter(park=park).first()
        if issuer is None:
            raise ServiceError(
                _("This issuer id is already used by another park."), code="issuer_id_taken"
            ) from exc
        return issuer
    audit_record(actor=actor, action=AuditAction.CREATE, obj=issuer, node=park, changes={"kid": key.kid})
    return issuer


def current_key(issuer: Issuer, *, now: dt.datetime | None = None) -> SigningKey:
    """The key new passes are signed with; ``ServiceError`` when none is inside its validity."""
    now = now or timezone.now()
    # A key rotated in during this request may start a second after ``now`` (whole seconds).
    key = (
        SigningKey.objects.filter(
            issuer=issuer,
            retired_at__isnull=True,
            not_before__lte=now + dt.timedelta(seconds=KEY_START_TOLERANCE),
            not_after__gte=now,
        )
        .order_by("-not_before", "-id")
        .first()
    )
    if key is None:
        raise ServiceError(
            _("%(issuer)s has no signing key valid now: rotate the key (manage.py pass_rotate_key)."),
            params={"issuer": issuer.issuer_id},
            code="no_valid_key",
        )
    return key


def private_key_of(key: SigningKey) -> ec.EllipticCurvePrivateKey:
    private = serialization.load_pem_private_key(key.private_key.encode("ascii"), password=None)
    assert isinstance(private, ec.EllipticCurvePrivateKey)
    return private


def trusted_key(key: SigningKey) -> passcodec.TrustedKey:
    """Our key as the codec's trust list holds it (validity in epoch seconds)."""
    public = passcodec.load_public_key(base64.b64decode(key.public_key))
    return passcodec.TrustedKey(
        kid=bytes.fromhex(key.kid),
        issuer=key.issuer.issuer_id,
        public_key=public,
        not_before=int(key.not_before.timestamp()),
        not_after=int(key.not_after.timestamp()),
    )


@transaction.atomic
def rotate_key(*, park: Node, actor: Any, issuer_id: str = "") -> SigningKey:
    """A new current key for the park; the old one retires but verifies the passes it signed.

    The old key's ``not_after`` becomes the later of now and its last pass's expiry, so every pass it
    signed still verifies (the codec checks the pass's issue time against the key's validity).
    """
    check_key_manager(actor, park)
    issuer = issuer_for_park(park, actor=actor, issuer_id=issuer_id)
    issuer = Issuer.objects.select_for_update().get(pk=issuer.pk)  # one rotation at a time
    now = timezone.now().replace(microsecond=0)
    retired = []
    for old in SigningKey.objects.filter(issuer=issuer, retired_at__isnull=True):
        last_expiry = old.passes.aggregate(last=Max("expires_at"))["last"]
        old.retired_at = now
        old.not_after = max(now, last_expiry or now) if old.not_after >= now else old.not_after
        old.save(update_fields=["retired_at", "not_after"])
        retired.append(old.kid)
    key = _new_key(issuer, now=now)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=issuer,
        node=park,
        changes={"rotated": [retired, key.kid]},
    )
    from .verification import invalidate

    invalidate()
    return key
