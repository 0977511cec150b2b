"""Issue and verify pass tokens: ``PC1:`` + Base45( [zlib]( COSE_Sign1( CWT claims ) ) ).

Byte layout of the COSE_Sign1 (RFC 9052), always written the same way::

    D2                      tag 18 (COSE_Sign1)
    84                      array of 4
    4D A2 01 26 04 48 <kid> protected header: {1 (alg): -7 (ES256), 4 (kid): 8 bytes}, as a 13-byte bstr
    A0                      unprotected header: empty map
    58 LL <claims>          payload: the CWT claims set (claims.py)
    58 40 <r||s>            signature: raw 64-byte ES256 signature

The first byte after Base45 decoding says whether it was compressed: ``D2`` is the COSE_Sign1 itself,
``18`` a zlib stream of it, written only when shorter. Its header is ``18 D3``: deflate with a 512-byte
window at level 9 (a token is a few hundred bytes; the default 32 KiB window makes zlib allocate and
clear a quarter of a megabyte per token, more than the signature costs). Verification never raises for
any string; every refusal carries its ``Reason``. See docs/passes-token.md.
"""

from __future__ import annotations

import logging
import time
import zlib
from dataclasses import dataclass, fields

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from . import base45
from .claims import Claims, ClaimsError, Kind, _read_claims, decode_claims, encode_claims
from .keys import TrustedKey, TrustList
from .reasons import REASON_TEXT, Reason
from .revocation import HASH_BYTES, RevocationList, sha256

logger = logging.getLogger(__name__)

PREFIX = "PC1:"
MAX_TOKEN_CHARS = 1000
MAX_MESSAGE_BYTES = 4096
CLOCK_SKEW = 300
"""Seconds a gate's clock may lag the issuer's before a fresh pass reads as not yet valid."""

COSE_SIGN1_TAG = b"\xd2"
ZLIB_MARK = 0x18
ZLIB_HEADER = b"\x18\xd3"  # deflate, 512-byte window, level 9: the one header a token's stream may have
ZLIB_WBITS = 9
ZLIB_MEMLEVEL = 5  # room for 2,047 symbols: a token's message is always one deflate block
ALG_ES256 = -7
HEADER_ALG, HEADER_KID = 1, 4
SIGNATURE_BYTES = 64
MAX_KID_BYTES = 32
_ES256 = ec.ECDSA(hashes.SHA256())
_SIGN1_HEAD = b"\xd2\x84"
_SIGNATURE_HEAD = b"\x58\x40"
_SIG_CONTEXT = b"\x84\x6aSignature1"
_PROTECTED_KID8 = b"\xa2\x01\x26\x04\x48"
_SIGN1_KID8 = _SIGN1_HEAD + b"\x4d" + _PROTECTED_KID8
_SIG_CONTEXT_KID8 = _SIG_CONTEXT + b"\x4d"


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer of ``verify_token``: ``claims`` once the signature holds, ``kid`` once it was read."""

    ok: bool
    reason: Reason
    claims: Claims | None
    kid: bytes | None

    @property
    def messages(self) -> tuple[str, str]:
        """The reason's message in English and in Chinese."""
        return REASON_TEXT[self.reason]


class _VerdictBuilder:
    """A verdict under construction: Verdict's slots set plainly, then made a ``Verdict`` by assigning its
    class, without the four ``object.__setattr__`` calls of a frozen dataclass's __init__ (tests check
    the result equals ``Verdict(...)`` and stays frozen). See ``claims._ClaimsBuilder``."""

    __slots__ = tuple(field.name for field in fields(Verdict))

    def __init__(self, reason: Reason, claims: Claims, kid: bytes) -> None:
        self.ok = reason is _OK
        self.reason = reason
        self.claims = claims
        self.kid = kid


assert _VerdictBuilder.__slots__ == Verdict.__slots__
# Enum members read as class attributes go through the enum machinery on every access.
_OK, _REVOKED, _EXPIRED, _WRONG_KIND = Reason.OK, Reason.REVOKED, Reason.EXPIRED, Reason.WRONG_KIND
_UNTRUSTED_ISSUER, _KEY_NOT_VALID, _NOT_YET_VALID = (
    Reason.UNTRUSTED_ISSUER,
    Reason.KEY_NOT_VALID,
    Reason.NOT_YET_VALID,
)


def _verdict(reason: Reason, claims: Claims, kid: bytes) -> Verdict:
    verdict = _VerdictBuilder(reason, claims, kid)
    verdict.__class__ = Verdict
    return verdict


def _bstr_head(size: int) -> bytes:
    if size < 24:
        return bytes((0x40 | size,))
    if size < 0x100:
        return bytes((0x58, size))
    if size < 0x10000:
        return b"\x59" + size.to_bytes(2, "big")
    return b"\x5a" + size.to_bytes(4, "big")


def _head_size(size: int) -> int:
    return 1 if size < 24 else 2 if size < 0x100 else 3 if size < 0x10000 else 5


def _sig_structure(protected: bytes, payload: bytes) -> bytes:
    """The bytes ES256 signs: ["Signature1", protected, h'' (no external aad), payload]."""
    if len(protected) == 13 and 24 <= len(payload) < 0x100:  # every pass: no length to work out
        return b"".join((_SIG_CONTEXT_KID8, protected, b"\x40\x58", bytes((len(payload),)), payload))
    return (
        _SIG_CONTEXT + _bstr_head(len(protected)) + protected + b"\x40" + _bstr_head(len(payload)) + payload
    )


def _der_integer(value: bytes) -> bytes:
    value = value.lstrip(b"\x00")
    if not value or value[0] & 0x80:
        value = b"\x00" + value
    return b"\x02" + bytes((len(value),)) + value


_DER_HEAD = {False: b"\x02\x20", True: b"\x02\x21\x00"}  # an INTEGER whose top bit is set gets a 00
# By the top bits of r and s: the SEQUENCE head with r's INTEGER head, and s's INTEGER head.
_DER_HEADS = tuple(
    (
        bytes((0x30, len(_DER_HEAD[r_high]) + len(_DER_HEAD[s_high]) + 64)) + _DER_HEAD[r_high],
        _DER_HEAD[s_high],
    )
    for r_high in (False, True)
    for s_high in (False, True)
)


def _der_signature(signature: bytes) -> bytes:
    """The DER ``ECDSA-Sig-Value`` of a raw r‖s signature, which is what cryptography verifies."""
    r_top, s_top = signature[0], signature[32]
    if r_top and s_top:  # 255 times in 256: neither number starts with a zero byte
        head, s_head = _DER_HEADS[(r_top >> 6 & 2) | s_top >> 7]
        return b"".join((head, signature[:32], s_head, signature[32:]))
    body = _der_integer(signature[:32]) + _der_integer(signature[32:])
    return b"\x30" + bytes((len(body),)) + body


def _protected_header(kid: bytes) -> bytes:
    return cbor2.dumps({HEADER_ALG: ALG_ES256, HEADER_KID: kid})


def deflate(message: bytes) -> bytes:
    """The zlib stream of a token's message: level 9, 512-byte window, one block, small tables."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, ZLIB_WBITS, ZLIB_MEMLEVEL)
    return compressor.compress(message) + compressor.flush()


def issue_token(claims: Claims, private_key: ec.EllipticCurvePrivateKey, kid: bytes) -> str:
    """Sign ``claims`` into a token string; ``ClaimsError`` for claims a pass cannot carry.

    ``kid`` must be ``key_id(private_key.public_key())`` (store it with the key): it is not recomputed
    here, as that would cost a third of the signature; a wrong one makes passes that verify as
    ``unknown_key`` or ``bad_signature``.
    """
    if type(kid) is not bytes or not 0 < len(kid) <= MAX_KID_BYTES:
        raise ValueError(f"kid must be 1 to {MAX_KID_BYTES} bytes")
    if not isinstance(private_key, ec.EllipticCurvePrivateKey) or not isinstance(
        private_key.curve, ec.SECP256R1
    ):
        raise TypeError("ES256 needs a P-256 private key")
    payload = encode_claims(claims)
    protected = _protected_header(kid)
    r, s = decode_dss_signature(private_key.sign(_sig_structure(protected, payload), _ES256))
    message = b"".join(
        (
            _SIGN1_HEAD,
            _bstr_head(len(protected)),
            protected,
            b"\xa0",
            _bstr_head(len(payload)),
            payload,
            _SIGNATURE_HEAD,
            r.to_bytes(32, "big"),
            s.to_bytes(32, "big"),
        )
    )
    packed = deflate(message)
    if not _one_huffman_block(packed):
        packed = message  # a stored block is never shorter; more blocks never happen below 2,047 symbols
    return PREFIX + base45.encode(packed if len(packed) < len(message) else message)


class _Refused(Exception):
    def __init__(self, reason: Reason, kid: bytes | None = None, claims: Claims | None = None) -> None:
        self.verdict = Verdict(False, reason, claims, kid)


def verify_token(
    token: str,
    *,
    trust: TrustList,
    revoked: RevocationList,
    now: int | None = None,
    kind: Kind | None = None,
) -> Verdict:
    """Verify a token offline against a trust list and a revocation list. Never raises."""
    try:
        return _verify(token, trust, revoked, now, kind)
    except _Refused as refused:
        return refused.verdict
    except Exception:  # a guard: every known failure maps to its own reason above
        logger.exception("unexpected failure verifying a pass token")
        return Verdict(False, Reason.BAD_CBOR, None, None)


def _verify(
    token: str, trust: TrustList, revoked: RevocationList, now: int | None, kind: Kind | None
) -> Verdict:
    message = _message_bytes(token)
    protected, payload, signature = _sign1_parts(message)
    # _kid(protected) and trust.get(kid), without the calls for the header every pass has
    kid = protected[5:] if protected.startswith(_PROTECTED_KID8) and len(protected) == 13 else _kid(protected)
    key = trust._keys.get(kid)
    if key is None:
        raise _Refused(Reason.UNKNOWN_KEY, kid)
    if not key.accepted:
        raise _Refused(Reason.UNTRUSTED_ISSUER, kid)
    # All the reading happens before the signature check and is only reported after it: a damaged
    # payload is a bad signature, not bad claims; and the Python work runs in one stretch, while the
    # processor's caches still hold it (the ECDSA check evicts them).
    claims: Claims | None = _read_claims(payload)  # decode_claims(payload), the call saved for a pass
    if claims is None:
        try:
            claims = decode_claims(payload)
        except ClaimsError:
            claims = None
    if claims is not None:
        reason = _claims_reason(claims, key, revoked, int(time.time()) if now is None else now, kind)
    signed = _sig_structure(protected, payload)
    try:
        key.public_key.verify(_der_signature(signature), signed, _ES256)
    except InvalidSignature:
        raise _Refused(Reason.BAD_SIGNATURE, kid) from None
    if claims is None:
        raise _Refused(Reason.BAD_CLAIMS, kid)
    return _verdict(reason, claims, kid)


def _claims_reason(
    claims: Claims, key: TrustedKey, revoked: RevocationList, now: int, kind: Kind | None
) -> Reason:
    if claims.issuer != key.issuer:
        return _UNTRUSTED_ISSUER
    issued_at = claims.issued_at
    if not key.not_before <= issued_at <= key.not_after:
        return _KEY_NOT_VALID
    # revoked.contains_hash(pass_id_hash(claims.pass_id)), without the two calls
    if sha256(claims.pass_id).digest()[:HASH_BYTES] in revoked._hashes:
        return _REVOKED
    if issued_at > now + CLOCK_SKEW:
        return _NOT_YET_VALID
    if now >= claims.expires_at:
        return _EXPIRED
    if kind is not None and claims.kind != kind:
        return _WRONG_KIND
    return _OK


def _message_bytes(token: str) -> bytes:
    """The COSE_Sign1 bytes of a token: prefix, Base45 and, when marked, zlib undone."""
    if type(token) is not str:
        raise _Refused(Reason.BAD_PREFIX)
    if len(token) > MAX_TOKEN_CHARS:
        raise _Refused(Reason.TOO_LARGE)
    text = token.strip()  # scanners end their line with CR/LF
    if not text.startswith(PREFIX):
        raise _Refused(Reason.BAD_PREFIX)
    try:
        data = base45.decode(text[len(PREFIX) :])
    except base45.Base45Truncated:
        raise _Refused(Reason.TRUNCATED) from None
    except base45.Base45Error:
        raise _Refused(Reason.BAD_BASE45) from None
    if not data:
        raise _Refused(Reason.TRUNCATED)
    if data[0] & 0x8F == 0x08:  # a zlib header (deflate, any window): ours is 18 D3, others are refused
        data = _inflate(data)
    if not data.startswith(COSE_SIGN1_TAG):
        raise _Refused(Reason.BAD_COSE)
    return data


def _one_huffman_block(data: bytes) -> bool:
    """Whether a zlib stream is our header then one final block of fixed or dynamic Huffman codes.

    Stored blocks have ignored padding bits in their middle, and a stream may be cut into blocks in
    many ways; ``issue_token`` never writes either, so refusing them leaves each token one encoding.
    """
    return len(data) > 2 and data.startswith(ZLIB_HEADER) and data[2] & 0b111 in (0b011, 0b101)


def _inflate(data: bytes) -> bytes:
    if not data.startswith(ZLIB_HEADER):
        raise _Refused(Reason.TRUNCATED if len(data) < len(ZLIB_HEADER) else Reason.BAD_COMPRESSION)
    if not _one_huffman_block(data):
        raise _Refused(Reason.TRUNCATED if len(data) == len(ZLIB_HEADER) else Reason.BAD_COMPRESSION)
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_MESSAGE_BYTES)
    except zlib.error:
        raise _Refused(Reason.BAD_COMPRESSION) from None
    if inflater.unconsumed_tail or inflater.unused_data:
        raise _Refused(Reason.BAD_COMPRESSION)  # inflates past the limit, or bytes after the stream
    if not inflater.eof:
        raise _Refused(Reason.TRUNCATED)
    if _padding_set(data, out):
        raise _Refused(Reason.BAD_COMPRESSION)
    return out


def _padding_set(data: bytes, out: bytes) -> bool:
    """Whether a bit that inflate ignores is set: the padding after the last block, before the Adler-32.

    Any other bit changes the output or breaks the stream; these would give one token several encodings,
    so a token is refused unless they are zero, as every deflate encoder writes them. Padding is the top
    bits of the last byte, so only its highest set bit needs a trial: if clearing it changes nothing it
    was padding; if it was a code bit, every bit above it is padding and zero.
    """
    last = data[-5]
    if not last:
        return False
    trial = zlib.decompressobj()
    try:
        again = trial.decompress(data[:-5] + bytes((last ^ (1 << (last.bit_length() - 1)),)) + data[-4:])
    except zlib.error:
        return False
    return trial.eof and not trial.unused_data and again == out


def _sign1_parts(data: bytes) -> tuple[bytes, bytes, bytes]:
    """Protected header, payload and signature of a tagged COSE_Sign1 written as ``issue_token`` does."""
    # Every pass is written with these bytes: read them in place (what cbor2 would return for them)
    # and leave any other shape to the decoder.
    if len(data) > 85 + 23 and data.startswith(_SIGN1_KID8) and data[16:18] == b"\xa0\x58":
        size = data[18]
        if size >= 24 and len(data) == 85 + size and data[19 + size : 21 + size] == _SIGNATURE_HEAD:
            return data[3:16], data[19 : 19 + size], data[-SIGNATURE_BYTES:]
    return _sign1_parts_decoded(data)


def _sign1_parts_decoded(data: bytes) -> tuple[bytes, bytes, bytes]:
    try:
        message = cbor2.loads(data, max_depth=8)
    except cbor2.CBORDecodeEOF:
        raise _Refused(Reason.TRUNCATED) from None
    except (cbor2.CBORDecodeError, ValueError, OverflowError, RecursionError):
        raise _Refused(Reason.BAD_CBOR) from None
    if type(message) is not cbor2.CBORTag or message.tag != 18:
        raise _Refused(Reason.BAD_COSE)
    parts = message.value
    if not isinstance(parts, (list, tuple)) or len(parts) != 4:
        raise _Refused(Reason.BAD_COSE)
    protected, unprotected, payload, signature = parts
    if type(protected) is not bytes or type(payload) is not bytes or type(signature) is not bytes:
        raise _Refused(Reason.BAD_COSE)
    if (
        len(signature) != SIGNATURE_BYTES
        or not isinstance(unprotected, dict | cbor2.frozendict)
        or unprotected
    ):
        raise _Refused(Reason.BAD_COSE)
    # Shortest-form lengths and nothing after the message: a token has exactly one encoding.
    size = 3 + _head_size(len(protected)) + len(protected) + _head_size(len(payload)) + len(payload)
    if size + 2 + SIGNATURE_BYTES != len(data):
        raise _Refused(Reason.BAD_COSE)
    return protected, payload, signature


def _kid(protected: bytes) -> bytes:
    """The key id of an ES256 protected header."""
    if len(protected) == 13 and protected.startswith(_PROTECTED_KID8):
        return protected[5:]
    try:
        header = cbor2.loads(protected, max_depth=2)
    except (cbor2.CBORDecodeError, ValueError, OverflowError, RecursionError):
        raise _Refused(Reason.BAD_COSE) from None
    if not isinstance(header, dict) or header.get(HEADER_ALG) != ALG_ES256:
        raise _Refused(Reason.BAD_COSE)
    kid = header.get(HEADER_KID)
    if type(kid) is not bytes or not 0 < len(kid) <= MAX_KID_BYTES:
        raise _Refused(Reason.BAD_COSE)
    return kid
