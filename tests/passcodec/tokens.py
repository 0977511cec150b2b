"""Build damaged tokens at each layer: text, Base45 bytes, zlib, CBOR/COSE, signed claims."""

from __future__ import annotations

import zlib

import cbor2
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from parkguard.passcodec import PREFIX, base45
from parkguard.passcodec.token import _ES256, ZLIB_MARK, _protected_header, _sig_structure


def token_bytes(token: str) -> bytes:
    """The COSE_Sign1 bytes of a token (inflated if it was compressed)."""
    data = base45.decode(token[len(PREFIX) :])
    return zlib.decompress(data) if data[0] == ZLIB_MARK else data


def from_bytes(data: bytes) -> str:
    return PREFIX + base45.encode(data)


def sign1(protected: bytes, payload: bytes, private_key, *, unprotected=None) -> bytes:
    """A tagged COSE_Sign1 over any payload, properly signed (to reach the checks after the signature)."""
    r, s = decode_dss_signature(private_key.sign(_sig_structure(protected, payload), _ES256))
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return cbor2.dumps(cbor2.CBORTag(18, [protected, unprotected or {}, payload, signature]))


def signed_token(payload: bytes, issuer) -> str:
    return from_bytes(sign1(_protected_header(issuer.kid), payload, issuer.private_key))


def parts(token: str) -> list:
    return list(cbor2.loads(token_bytes(token)).value)


def with_parts(token: str, **changes) -> str:
    protected, unprotected, payload, signature = parts(token)
    values = {"protected": protected, "unprotected": unprotected, "payload": payload, "signature": signature}
    values.update(changes)
    message = cbor2.CBORTag(
        18, [values[name] for name in ("protected", "unprotected", "payload", "signature")]
    )
    return from_bytes(cbor2.dumps(message))
