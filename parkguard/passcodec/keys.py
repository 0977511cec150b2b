"""Signing keys, key ids and the trust list (public keys with their issuer and validity).

The key id is the EU DCC's: the first 8 bytes of the SHA-256 of the public key's SubjectPublicKeyInfo
DER. A trust list holds our own keys and those imported from partners; ``accepted`` lets an operator keep
a partner's key on file without honouring its passes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

KID_BYTES = 8
TRUST_FORMAT = "parkguard-trust-list"
FORMAT_VERSION = 1


class TrustListError(ValueError):
    """A trust list that cannot be read, or two keys that claim the same key id."""


def generate_private_key() -> ec.EllipticCurvePrivateKey:
    """A new P-256 private key for ES256."""
    return ec.generate_private_key(ec.SECP256R1())


def public_key_der(public_key: ec.EllipticCurvePublicKey) -> bytes:
    """The SubjectPublicKeyInfo DER of a public key."""
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def key_id(public_key: ec.EllipticCurvePublicKey) -> bytes:
    """The key id of a public key: the first 8 bytes of the SHA-256 of its SPKI DER (as the EU DCC)."""
    return hashlib.sha256(public_key_der(public_key)).digest()[:KID_BYTES]


def load_public_key(data: bytes) -> ec.EllipticCurvePublicKey:
    """A P-256 public key from SPKI DER or PEM; ``ValueError`` for anything else."""
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(data)
        else:
            key = serialization.load_der_public_key(data)
    except UnsupportedAlgorithm as exc:
        raise ValueError("unsupported public key") from exc
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("not a P-256 public key")
    return key


@dataclass(frozen=True, slots=True)
class TrustedKey:
    """One public key that signs passes: its issuer and the period in which it may have signed."""

    kid: bytes
    issuer: str
    public_key: ec.EllipticCurvePublicKey
    not_before: int
    not_after: int
    accepted: bool = True

    @classmethod
    def for_key(
        cls,
        public_key: ec.EllipticCurvePublicKey,
        *,
        issuer: str,
        not_before: int,
        not_after: int,
        accepted: bool = True,
    ) -> TrustedKey:
        """The trusted key of ``public_key``, its key id computed."""
        return cls(key_id(public_key), issuer, public_key, not_before, not_after, accepted)

    def valid_at(self, when: int) -> bool:
        return self.not_before <= when <= self.not_after

    def to_dict(self) -> dict[str, object]:
        return {
            "kid": base64.b64encode(self.kid).decode("ascii"),
            "issuer": self.issuer,
            "public_key": base64.b64encode(public_key_der(self.public_key)).decode("ascii"),
            "not_before": self.not_before,
            "not_after": self.not_after,
            "accepted": self.accepted,
        }

    @classmethod
    def from_dict(cls, entry: object) -> TrustedKey:
        """A trusted key from its JSON entry; ``TrustListError`` if any field is wrong."""
        if not isinstance(entry, dict):
            raise TrustListError("a trust-list entry is not an object")
        try:
            kid = base64.b64decode(entry["kid"], validate=True)
            public_key = load_public_key(base64.b64decode(entry["public_key"], validate=True))
            issuer, not_before, not_after = entry["issuer"], entry["not_before"], entry["not_after"]
            accepted = entry.get("accepted", True)
        except (KeyError, TypeError, ValueError, binascii.Error) as exc:
            raise TrustListError(f"a trust-list entry is malformed: {exc}") from exc
        return cls.checked(kid, issuer, public_key, not_before, not_after, accepted)

    @classmethod
    def checked(
        cls,
        kid: object,
        issuer: object,
        public_key: ec.EllipticCurvePublicKey,
        not_before: object,
        not_after: object,
        accepted: object,
    ) -> TrustedKey:
        """A trusted key whose fields were read from a file: types checked, key id recomputed."""
        if not isinstance(issuer, str) or not issuer:
            raise TrustListError("a trust-list entry has no issuer")
        if type(not_before) is not int or type(not_after) is not int or not_before > not_after:
            raise TrustListError("a trust-list entry has a wrong validity period")
        if type(accepted) is not bool:
            raise TrustListError("a trust-list entry's accepted flag is not true or false")
        if kid != key_id(public_key):
            raise TrustListError("a trust-list entry's key id does not match its public key")
        return cls(kid, issuer, public_key, not_before, not_after, accepted)


class TrustList:
    """The keys whose passes this verifier can check, by key id."""

    __slots__ = ("_keys",)

    def __init__(self, keys: Iterable[TrustedKey] = ()) -> None:
        self._keys: dict[bytes, TrustedKey] = {}
        for key in keys:
            self.add(key)

    def add(self, key: TrustedKey) -> None:
        """Add or replace a key; ``TrustListError`` if another public key already has this key id."""
        known = self._keys.get(key.kid)
        if known is not None and public_key_der(known.public_key) != public_key_der(key.public_key):
            raise TrustListError(f"key id {key.kid.hex()} already names another public key")
        self._keys[key.kid] = key

    def merge(self, other: TrustList) -> TrustList:
        """Add every key of ``other`` (its entries win on the same key id); returns ``self``."""
        for key in other:
            self.add(key)
        return self

    def get(self, kid: bytes) -> TrustedKey | None:
        return self._keys.get(kid)

    def __contains__(self, kid: object) -> bool:
        return kid in self._keys

    def __iter__(self) -> Iterator[TrustedKey]:
        return iter(list(self._keys.values()))

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"<TrustList of {len(self._keys)} keys>"

    def to_json(self) -> str:
        keys = sorted(self._keys.values(), key=lambda key: (key.issuer, key.not_before, key.kid))
        document = {
            "format": TRUST_FORMAT,
            "version": FORMAT_VERSION,
            "keys": [key.to_dict() for key in keys],
        }
        return json.dumps(document, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str | bytes) -> TrustList:
        """Read a trust list written by ``to_json``; ``TrustListError`` if it is not one."""
        try:
            document = json.loads(text)
        except (ValueError, TypeError) as exc:
            raise TrustListError(f"the trust list is not JSON: {exc}") from exc
        if not isinstance(document, dict) or document.get("format") != TRUST_FORMAT:
            raise TrustListError("the file is not a ParkGuard trust list")
        if document.get("version") != FORMAT_VERSION or not isinstance(document.get("keys"), list):
            raise TrustListError("unsupported trust-list version")
        return cls(TrustedKey.from_dict(entry) for entry in document["keys"])
