"""The claims of a pass and their CWT encoding (RFC 8392).

Registered claims carry what they mean (``iss`` 1, ``exp`` 4, ``iat`` 6, ``cti`` 7 = the pass id); the
rest sit in one map under the private-use claim key -65537 (RFC 8392 §9.1 keeps keys below -65536 for
private use), with one-byte keys and small integers for the colour and the kind, so a person pass fits a
version-10 QR code at error correction M. A scope that is a ParkGuard node path (7 base-36 characters a
level, zero-padded: ``0000001000000A0000097…``) travels as the array of its levels' numbers, a third of
its text; any other scope (a division code) as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import cbor2

MAX_VALIDITY = 24 * 3600
ID_BYTES = 16
MAX_TEXT_BYTES = {"subject": 64, "scope": 96, "issuer": 64}
"""UTF-8 bytes at most per text claim: any claims that pass the checks make a token under 1,000 characters."""
PRIVATE_CLAIMS = -65537
CWT_ISS, CWT_EXP, CWT_IAT, CWT_CTI = 1, 4, 6, 7
P_PSEUDONYM, P_SUBJECT, P_COLOUR, P_KIND, P_SCOPE, P_RULESET = 1, 2, 3, 4, 5, 6
COLOURS = ("green", "yellow", "red")
_COLOUR_CODE = {colour: code for code, colour in enumerate(COLOURS, start=1)}
_CODE_COLOUR = {code: colour for colour, code in _COLOUR_CODE.items()}
_MAX_INT = 2**63 - 1


PATH_STEP = 7
_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_BASE36_PAIRS = tuple(high + low for high in _BASE36 for low in _BASE36)
_NODE_PATH = re.compile(r"(?:[0-9A-Z]{7})+")
_MAX_STEPS = MAX_TEXT_BYTES["scope"] // PATH_STEP


class Kind(StrEnum):
    PERSON = "person"
    VEHICLE = "vehicle"


_KIND_CODE = {Kind.PERSON: 1, Kind.VEHICLE: 2}
_CODE_KIND = {code: kind for kind, code in _KIND_CODE.items()}


class ClaimsError(ValueError):
    """Claims that a pass cannot carry (issue) or that a signed token should not hold (verify)."""


@dataclass(frozen=True, slots=True)
class Claims:
    """What a pass says: minimal, masked, never the id number or anything derived from it."""

    pass_id: bytes
    pseudonym: bytes
    subject: str
    colour: str
    kind: Kind
    scope: str
    ruleset: int
    issuer: str
    issued_at: int
    expires_at: int


def check_claims(claims: Claims) -> None:
    """Raise ``ClaimsError`` unless every claim has its type, size and range."""
    for name in ("pass_id", "pseudonym"):
        value = getattr(claims, name)
        if type(value) is not bytes or len(value) != ID_BYTES:
            raise ClaimsError(f"{name} must be {ID_BYTES} bytes")
    for name, most in MAX_TEXT_BYTES.items():
        value = getattr(claims, name)
        if type(value) is not str or not 0 < _utf8_size(value) <= most:
            raise ClaimsError(f"{name} must be a text of 1 to {most} UTF-8 bytes")
    if type(claims.colour) is not str or claims.colour not in _COLOUR_CODE:
        raise ClaimsError(f"colour must be one of {', '.join(COLOURS)}")
    if not isinstance(claims.kind, str) or claims.kind not in _KIND_CODE:
        raise ClaimsError("kind must be person or vehicle")
    for name in ("ruleset", "issued_at", "expires_at"):
        value = getattr(claims, name)
        if type(value) is not int or not 0 <= value <= _MAX_INT:
            raise ClaimsError(f"{name} must be a non-negative integer")
    if not claims.issued_at < claims.expires_at <= claims.issued_at + MAX_VALIDITY:
        raise ClaimsError("a pass expires after it is issued and within 24 hours")


def _utf8_size(text: str) -> int:
    try:
        return len(text.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate: not text that CBOR can carry
        return -1


def _encode_scope(scope: str) -> str | list[int]:
    if _NODE_PATH.fullmatch(scope):
        return [int(scope[at : at + PATH_STEP], 36) for at in range(0, len(scope), PATH_STEP)]
    return scope


_SCOPE_TEXTS: dict[tuple[int, ...], str] = {}
_SCOPE_TEXTS_MAX = 4096
"""Scope texts already spelled out, by their levels: a gate sees the scopes of one park over and over (its
buildings and compounds), and spelling one out costs more than the rest of the claims together."""


def _decode_scope(value: object) -> object:
    """The scope's text; a node path from its levels' numbers (anything else is left to the checks)."""
    if type(value) is not list and type(value) is not tuple:
        return value
    # Only integers key the memo: True == 1 and 1.0 == 1 as keys, and they are refused below.
    if 0 < len(value) <= _MAX_STEPS and all(type(n) is int for n in value):
        levels = tuple(value)
        text = _SCOPE_TEXTS.get(levels)
        if text is None:
            text = _spell_scope(value)
            if len(_SCOPE_TEXTS) >= _SCOPE_TEXTS_MAX:
                _SCOPE_TEXTS.clear()
            _SCOPE_TEXTS[levels] = text
        return text
    return _spell_scope(value)


def _spell_scope(value: list | tuple) -> str:
    if not 0 < len(value) <= _MAX_STEPS:
        raise ClaimsError("a scope path has no levels or too many")
    try:
        if min(value) < 0:
            raise ClaimsError("a scope path level is negative")
        # Each level in base 36 as one character and three pairs: 36 * 1296**3 == 36**7.
        text = "".join(
            [
                _BASE36[n // 2176782336]
                + _BASE36_PAIRS[n // 1679616 % 1296]
                + _BASE36_PAIRS[n // 1296 % 1296]
                + _BASE36_PAIRS[n % 1296]
                for n in value
                if type(n) is int
            ]
        )
    except (TypeError, IndexError) as exc:  # not numbers, or a level of 36**7 or more
        raise ClaimsError("a scope path level is not a number below 36**7") from exc
    if len(text) != PATH_STEP * len(value):  # a level that was not an integer (true, 1.0)
        raise ClaimsError("a scope path level is not an integer")
    return text


def encode_claims(claims: Claims) -> bytes:
    """The CWT claims set of ``claims`` (checked first)."""
    check_claims(claims)
    return cbor2.dumps(
        {
            CWT_ISS: claims.issuer,
            CWT_EXP: claims.expires_at,
            CWT_IAT: claims.issued_at,
            CWT_CTI: claims.pass_id,
            PRIVATE_CLAIMS: {
                P_PSEUDONYM: claims.pseudonym,
                P_SUBJECT: claims.subject,
                P_COLOUR: _COLOUR_CODE[claims.colour],
                P_KIND: _KIND_CODE[Kind(claims.kind)],
                P_SCOPE: _encode_scope(claims.scope),
                P_RULESET: claims.ruleset,
            },
        }
    )


def decode_claims(payload: bytes) -> Claims:
    """The claims of a CWT claims set; ``ClaimsError`` if it is not one of ours.

    Written out rather than through ``check_claims``: it runs on every scan, after the signature has
    shown that a trusted issuer wrote these bytes, and still refuses anything ``issue_token`` would.
    """
    try:
        cwt = cbor2.loads(payload)
    except (cbor2.CBORDecodeError, ValueError, OverflowError, RecursionError) as exc:
        raise ClaimsError("claims are not CBOR") from exc
    try:
        private = cwt[PRIVATE_CLAIMS]
        pass_id, issuer, issued_at, expires_at = cwt[CWT_CTI], cwt[CWT_ISS], cwt[CWT_IAT], cwt[CWT_EXP]
        pseudonym, subject, scope, ruleset = (
            private[P_PSEUDONYM],
            private[P_SUBJECT],
            _decode_scope(private[P_SCOPE]),
            private[P_RULESET],
        )
        colour, kind = _CODE_COLOUR[private[P_COLOUR]], _CODE_KIND[private[P_KIND]]
    except (KeyError, TypeError, IndexError) as exc:  # not maps, a missing claim, an unknown code
        raise ClaimsError("a claim is missing or has an unknown code") from exc
    if not (
        type(pass_id) is bytes
        and len(pass_id) == ID_BYTES
        and type(pseudonym) is bytes
        and len(pseudonym) == ID_BYTES
        and type(ruleset) is int
        and 0 <= ruleset <= _MAX_INT
        and type(issued_at) is int
        and type(expires_at) is int
        and 0 <= issued_at < expires_at <= issued_at + MAX_VALIDITY
        and expires_at <= _MAX_INT
        and type(subject) is str
        and type(scope) is str
        and type(issuer) is str
        # decoded CBOR text is valid UTF-8, so encoding cannot fail here
        and 0 < len(subject.encode()) <= MAX_TEXT_BYTES["subject"]
        and 0 < len(scope.encode()) <= MAX_TEXT_BYTES["scope"]
        and 0 < len(issuer.encode()) <= MAX_TEXT_BYTES["issuer"]
    ):
        raise ClaimsError("a claim has the wrong type, size or range")
    return Claims(pass_id, pseudonym, subject, colour, kind, scope, ruleset, issuer, issued_at, expires_at)
