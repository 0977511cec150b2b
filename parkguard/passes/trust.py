"""Trust-list and revocation exchange with partner jurisdictions (一张证明、两地通行), and the gate bundle.

Exports are public data (public keys, hashes of revoked pass ids) and are served without login. An
import replaces what we held of that partner, in one transaction: a file with one bad entry changes
nothing. Errors name the entry and say what is wrong, in Chinese and English.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parkguard import passcodec
from parkguard.audit.models import AuditAction
from parkguard.audit.services import audit_record
from parkguard.core.errors import ServiceError
from parkguard.hierarchy.models import Node

from .issuers import check_key_manager, current_key, issuer_for_park, private_key_of, trusted_key
from .models import Issuer, Partner, PartnerKey, PartnerRevocations, SigningKey
from .verification import invalidate, own_revocations, store_for

MAX_TRUST_KEYS = 1000


def _issuer(issuer: Issuer | Node | str) -> Issuer:
    if isinstance(issuer, Issuer):
        return issuer
    if isinstance(issuer, Node):
        return issuer_for_park(issuer)
    found = Issuer.objects.filter(issuer_id=issuer).first()
    if found is None:
        raise ServiceError(
            _("No issuer %(issuer)s here."), params={"issuer": str(issuer)[:64]}, code="no_issuer"
        )
    return found


def export_trust_list(issuer: Issuer | Node | str) -> str:
    """Our trust list (JSON): the issuer's public keys that may still have valid passes, with validity."""
    issuer = _issuer(issuer)
    since = timezone.now() - dt.timedelta(seconds=passcodec.MAX_VALIDITY)
    keys = SigningKey.objects.filter(issuer=issuer, not_after__gte=since).select_related("issuer")
    return passcodec.TrustList(trusted_key(key) for key in keys).to_json()


def export_revocations(issuer: Issuer | Node | str) -> str:
    """Our revocation list (JSON): the hashes of the issuer's revoked passes that have not expired."""
    return own_revocations([_issuer(issuer)]).to_json()


def export_bundle(park: Node) -> bytes:
    """The park's whole trust store (our keys, partners' keys, all revocations), signed for gates.

    Signed with the park's current signing key: a gate holds that key's public key as its anchor
    (it is in our trust list) and is given the new one when the key rotates.
    """
    issuer = issuer_for_park(park)
    key = current_key(issuer)
    store = store_for(park)
    return passcodec.sign_bundle(store.trust, store.revoked, private_key_of(key), bytes.fromhex(key.kid))


# --- partners ----------------------------------------------------------------------------------------


@transaction.atomic
def partner_create(*, actor: Any, park: Node, name: str, issuer_id: str) -> Partner:
    check_key_manager(actor, park)
    name, issuer_id = name.strip(), issuer_id.strip()
    if not name or not issuer_id:
        raise ServiceError(_("A partner needs a name and an issuer id."), code="partner_required")
    own = Issuer.objects.filter(park=park).values_list("issuer_id", flat=True).first()
    if issuer_id == own:
        raise ServiceError(
            _("%(issuer)s is our own issuer id: a partner cannot have it."),
            params={"issuer": issuer_id},
            code="partner_is_us",
        )
    if (
        Partner.objects.filter(park=park, issuer_id=issuer_id).exists()
        or Partner.objects.filter(park=park, name=name).exists()
    ):
        raise ServiceError(
            _("This park already has a partner of this name or issuer id."), code="partner_duplicate"
        )
    partner = Partner.objects.create(park=park, name=name[:120], issuer_id=issuer_id[:64])
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=partner, node=park, changes={"issuer_id": issuer_id}
    )
    return partner


def _document(text: str | bytes, *, format_name: str, what: str) -> dict[str, Any]:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ServiceError(_("The file is not UTF-8 text."), code="import_encoding") from exc
    try:
        document = json.loads(text)
    except (ValueError, TypeError) as exc:
        raise ServiceError(
            _("The %(what)s is not a JSON file: %(error)s"),
            params={"what": what, "error": str(exc)[:120]},
            code="import_json",
        ) from exc
    if not isinstance(document, dict) or document.get("format") != format_name:
        raise ServiceError(
            _("This file is not a ParkGuard %(what)s."), params={"what": what}, code="import_format"
        )
    if document.get("version") != 1:
        raise ServiceError(
            _("This %(what)s has a version we cannot read."), params={"what": what}, code="import_version"
        )
    return document


def _entry_key(
    number: int, entry: object, *, partner: Partner, own_issuer: str | None
) -> passcodec.TrustedKey:
    params: dict[str, Any] = {"n": number}
    if not isinstance(entry, dict):
        raise ServiceError(
            _("Entry %(n)s of the trust list is not a key."), params=params, code="trust_entry"
        )
    issuer = entry.get("issuer")
    if own_issuer is not None and issuer == own_issuer:
        raise ServiceError(
            _("Entry %(n)s claims our own issuer id %(issuer)s: a partner cannot sign passes in our name."),
            params={**params, "issuer": own_issuer},
            code="trust_claims_us",
        )
    if issuer != partner.issuer_id:
        raise ServiceError(
            _("Entry %(n)s is a key of “%(issuer)s”, not of the partner %(partner)s (%(partner_issuer)s)."),
            params={
                **params,
                "issuer": str(issuer)[:64],
                "partner": partner.name,
                "partner_issuer": partner.issuer_id,
            },
            code="trust_other_issuer",
        )
    try:
        kid = base64.b64decode(entry["kid"], validate=True)
        public_key = passcodec.load_public_key(base64.b64decode(entry["public_key"], validate=True))
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise ServiceError(
            _("Entry %(n)s of the trust list has no readable key id or public key."),
            params=params,
            code="trust_entry",
        ) from exc
    if kid != passcodec.key_id(public_key):
        raise ServiceError(
            _("Entry %(n)s: the key id does not match the public key (the file was altered or is damaged)."),
            params=params,
            code="trust_bad_kid",
        )
    try:
        return passcodec.TrustedKey.from_dict(entry)
    except passcodec.TrustListError as exc:
        raise ServiceError(
            _("Entry %(n)s of the trust list is malformed: %(error)s"),
            params={**params, "error": str(exc)[:160]},
            code="trust_entry",
        ) from exc


def _aware(epoch: int) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise ServiceError(_("A key's validity is outside the calendar."), code="trust_validity") from exc


@transaction.atomic
def import_trust_list(text: str | bytes, *, partner: Partner, actor: Any) -> list[PartnerKey]:
    """Replace the partner's keys with those of its trust list (all or nothing, audited)."""
    check_key_manager(actor, partner.park)
    document = _document(text, format_name="parkguard-trust-list", what=_("trust list"))
    entries = document.get("keys")
    if not isinstance(entries, list) or not entries:
        raise ServiceError(_("The trust list holds no keys."), code="trust_empty")
    if len(entries) > MAX_TRUST_KEYS:
        raise ServiceError(_("The trust list holds too many keys."), code="trust_too_many")
    own = Issuer.objects.filter(park=partner.park).values_list("issuer_id", flat=True).first()
    keys = [_entry_key(n, entry, partner=partner, own_issuer=own) for n, entry in enumerate(entries, start=1)]
    try:
        passcodec.TrustList(keys)
    except passcodec.TrustListError as exc:
        raise ServiceError(
            _("Two keys of the trust list have the same key id."), code="trust_duplicate"
        ) from exc
    set_aside = set(PartnerKey.objects.filter(partner=partner, accepted=False).values_list("kid", flat=True))
    PartnerKey.objects.filter(partner=partner).delete()
    rows = [
        PartnerKey.objects.create(
            partner=partner,
            kid=key.kid.hex(),
            public_key=base64.b64encode(passcodec.public_key_der(key.public_key)).decode("ascii"),
            not_before=_aware(key.not_before),
            not_after=_aware(key.not_after),
            accepted=key.accepted and key.kid.hex() not in set_aside,
        )
        for key in {key.kid: key for key in keys}.values()
    ]
    partner.keys_imported_at = timezone.now()
    partner.save(update_fields=["keys_imported_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=partner,
        node=partner.park,
        changes={"trust_list": [row.kid for row in rows]},
    )
    invalidate()
    return rows


@transaction.atomic
def import_revocations(text: str | bytes, *, partner: Partner, actor: Any) -> PartnerRevocations:
    """Replace the partner's revocation list with this one (all or nothing, audited)."""
    check_key_manager(actor, partner.park)
    _document(text, format_name="parkguard-revocation-list", what=_("revocation list"))
    try:
        revoked = passcodec.RevocationList.from_json(text)
    except passcodec.RevocationListError as exc:
        raise ServiceError(
            _("The revocation list is damaged: %(error)s"),
            params={"error": str(exc)[:160]},
            code="revocations_damaged",
        ) from exc
    row, _created = PartnerRevocations.objects.select_for_update().get_or_create(partner=partner)
    before = row.count
    row.packed, row.count, row.imported_at = revoked.packed(), len(revoked), timezone.now()
    row.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=partner,
        node=partner.park,
        changes={"revocations": [before, row.count]},
    )
    invalidate()
    return row
