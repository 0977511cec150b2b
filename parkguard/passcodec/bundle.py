"""The signed bundle for gate devices: a trust list and a revocation list in one ES256-signed file.

``PGB1`` then a tagged COSE_Sign1 (the same envelope as a pass, kid in the protected header) whose
payload is the CBOR map ``{1: format version, 2: created (epoch s), 3: [[kid, issuer, SPKI DER,
not_before, not_after, accepted], ...], 4: revoked pass-id hashes, sorted and concatenated}``. A gate
holds one anchor public key (the issuing park's bundle key) and loads nothing that key did not sign.
"""

from __future__ import annotations

import io
import time

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from .keys import TrustedKey, TrustList, TrustListError, key_id, load_public_key, public_key_der
from .revocation import RevocationList, RevocationListError
from .token import _ES256, _der_signature, _protected_header, _sig_structure

MAGIC = b"PGB1"
BUNDLE_VERSION = 1
B_VERSION, B_CREATED, B_KEYS, B_REVOKED = 1, 2, 3, 4


class BundleError(ValueError):
    """A bundle that is not one, is damaged, or was not signed by the anchor key."""


def sign_bundle(
    trust: TrustList, revoked: RevocationList, private_key: ec.EllipticCurvePrivateKey, kid: bytes
) -> bytes:
    """The signed export of ``trust`` and ``revoked`` for gate devices."""
    if kid != key_id(private_key.public_key()):
        raise ValueError("kid is not the key id of this private key")
    entries = [
        [key.kid, key.issuer, public_key_der(key.public_key), key.not_before, key.not_after, key.accepted]
        for key in sorted(trust, key=lambda key: key.kid)
    ]
    payload = cbor2.dumps(
        {B_VERSION: BUNDLE_VERSION, B_CREATED: int(time.time()), B_KEYS: entries, B_REVOKED: revoked.packed()}
    )
    protected = _protected_header(kid)
    r, s = decode_dss_signature(private_key.sign(_sig_structure(protected, payload), _ES256))
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return MAGIC + cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, signature]))


def load_bundle(
    data: bytes, anchor: TrustedKey | ec.EllipticCurvePublicKey
) -> tuple[TrustList, RevocationList]:
    """The trust list and revocation list of a bundle signed by ``anchor``; ``BundleError`` otherwise."""
    public_key = anchor.public_key if isinstance(anchor, TrustedKey) else anchor
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        raise BundleError("the anchor is not a public key")
    if type(data) is not bytes or not data.startswith(MAGIC):
        raise BundleError("not a ParkGuard bundle")
    payload = _signed_parts(data[len(MAGIC) :], public_key)
    try:
        content = cbor2.loads(payload, max_depth=6)
    except (cbor2.CBORDecodeError, ValueError, OverflowError, RecursionError) as exc:
        raise BundleError("the bundle's content is not CBOR") from exc
    if not isinstance(content, dict) or content.get(B_VERSION) != BUNDLE_VERSION:
        raise BundleError("unsupported bundle version")
    try:
        trust = TrustList(_trusted_key(entry) for entry in content[B_KEYS])
        revoked = RevocationList.unpacked(content[B_REVOKED])
    except (KeyError, TypeError, TrustListError, RevocationListError) as exc:
        raise BundleError(f"the bundle's content is malformed: {exc}") from exc
    return trust, revoked


def _signed_parts(data: bytes, public_key: ec.EllipticCurvePublicKey) -> bytes:
    stream = io.BytesIO(data)
    try:
        message = cbor2.CBORDecoder(stream, max_depth=4).decode()
    except (cbor2.CBORDecodeError, ValueError, OverflowError, RecursionError) as exc:
        raise BundleError("the bundle is not CBOR (damaged or cut off)") from exc
    if stream.tell() != len(data):
        raise BundleError("the bundle has bytes after its signed message")
    if (
        type(message) is not cbor2.CBORTag
        or message.tag != 18
        or not isinstance(message.value, list | tuple)
        or len(message.value) != 4
    ):
        raise BundleError("the bundle is not a COSE_Sign1 message")
    protected, _unprotected, payload, signature = message.value
    if not all(type(part) is bytes for part in (protected, payload, signature)) or len(signature) != 64:
        raise BundleError("the bundle is not a COSE_Sign1 message")
    if protected != _protected_header(key_id(public_key)):
        raise BundleError("the bundle was not signed by the anchor key")
    der = _der_signature(signature)
    try:
        public_key.verify(der, _sig_structure(protected, payload), _ES256)
    except InvalidSignature:
        raise BundleError("the bundle's signature does not match: it was altered") from None
    return payload


def _trusted_key(entry: object) -> TrustedKey:
    if not isinstance(entry, list | tuple) or len(entry) != 6:
        raise TrustListError("a bundle key entry is not six fields")
    kid, issuer, der, not_before, not_after, accepted = entry
    try:
        public_key = load_public_key(der)
    except (TypeError, ValueError) as exc:
        raise TrustListError("a bundle key entry has no valid public key") from exc
    return TrustedKey.checked(kid, issuer, public_key, not_before, not_after, accepted)
