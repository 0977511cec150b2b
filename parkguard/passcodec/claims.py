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
from dataclasses import dataclass, fields
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

    The layout ``encode_claims`` writes is read in place (``_read_claims``); anything else, and anything
    that reader does not accept whole, goes to cbor2 and the checks below, so what is refused does not
    depend on the reader.
    """
    claims = _read_claims(payload)
    return claims if claims is not None else _decode_claims_cbor(payload)


# The bytes ``encode_claims`` always writes around the values (cbor2 keeps the map's key order):
# A5 01 <issuer tstr> 04 <exp uint> 06 <iat uint> 07 50 <pass id> 3A 00 01 00 00 A6 01 50 <pseudonym>
# 02 <subject tstr> 03 <colour 1..3> 04 <kind 1..2> 05 <scope array of uints | tstr> 06 <ruleset uint>
_PRIVATE_HEAD = b"\x3a\x00\x01\x00\x00\xa6\x01\x50"
_UINT_EXTRA = {0x18: 1, 0x19: 2, 0x1A: 4, 0x1B: 8}
_SCOPE_ARRAYS: dict[bytes, str] = {}
"""Scope texts by the exact bytes of their level array (only arrays read whole and accepted); bounded."""
_KIND_OF = (None, Kind.PERSON, Kind.VEHICLE)


class _ClaimsBuilder:
    """Claims under construction: the same slots, set plainly, then made a ``Claims`` by assigning its
    class (allowed between classes of the same slots). A frozen dataclass's __init__ sets each field
    through ``object.__setattr__``, a third of reading a pass; tests check the result equals
    ``Claims(...)`` and stays frozen."""

    __slots__ = tuple(field.name for field in fields(Claims))

    def __init__(
        self, pass_id, pseudonym, subject, colour, kind, scope, ruleset, issuer, issued_at, expires_at
    ):
        self.pass_id = pass_id
        self.pseudonym = pseudonym
        self.subject = subject
        self.colour = colour
        self.kind = kind
        self.scope = scope
        self.ruleset = ruleset
        self.issuer = issuer
        self.issued_at = issued_at
        self.expires_at = expires_at


assert _ClaimsBuilder.__slots__ == Claims.__slots__
_COLOUR_OF = (None, *COLOURS)


def _read_uint(p: bytes, at: int) -> tuple[int, int]:
    """The unsigned integer whose head is at ``at`` and the offset after it (``IndexError`` past the end)."""
    head = p[at]
    if head < 0x18:
        return head, at + 1
    extra = _UINT_EXTRA[head]  # KeyError: not an unsigned integer
    end = at + 1 + extra
    if end > len(p):
        raise IndexError
    return int.from_bytes(p[at + 1 : end], "big"), end


def _read_claims(p: bytes) -> Claims | None:
    """The claims of a payload in exactly the layout ``encode_claims`` writes, all checks passed; else
    ``None`` (the caller then decodes with cbor2 and refuses or accepts as it always did)."""
    typical = _TYPICAL.match(p)
    try:
        # The pattern finds where the texts end; their heads must then say the same.
        if (
            typical is not None
            and len(typical[2]) == typical[1][0] - 0x60
            and len(typical[8]) == (typical[7][0] - 0x60)
        ):
            _, issuer, expires, issued, pass_id, pseudonym, _, subject, colour, kind = typical.groups()
            issuer, subject, colour, kind = issuer.decode(), subject.decode(), colour[0], kind[0]
            expires_at, issued_at = int.from_bytes(expires, "big"), int.from_bytes(issued, "big")
            at = typical.end()
        else:
            front = _read_front(p)
            if front is None:
                return None
            issuer, expires_at, issued_at, pass_id, pseudonym, subject, colour, kind, at = front
        head = p[at]
        if 0x81 <= head <= 0x80 + _MAX_STEPS:
            scope, at = _read_scope_array(p, at)
        elif 0x61 <= head <= 0x77 or head == 0x78:
            size, at = (head - 0x60, at + 1) if head != 0x78 else (p[at + 1], at + 2)
            if size > MAX_TEXT_BYTES["scope"]:
                return None
            end = at + size
            scope, at = p[at:end].decode(), end
        else:
            return None
        if p[at] != 0x06:
            return None
        ruleset, at = _read_uint(p, at + 1)
    except (IndexError, KeyError, UnicodeDecodeError, ClaimsError):
        return None
    if (
        at != len(p)
        or len(pass_id) != ID_BYTES
        or len(pseudonym) != ID_BYTES
        or not issuer
        or not subject
        or not scope
        or ruleset > _MAX_INT
        or not issued_at < expires_at <= issued_at + MAX_VALIDITY
        or expires_at > _MAX_INT
    ):
        return None
    claims = _ClaimsBuilder(
        pass_id,
        pseudonym,
        subject,
        _COLOUR_OF[colour],
        _KIND_OF[kind],
        scope,
        ruleset,
        issuer,
        issued_at,
        expires_at,
    )
    claims.__class__ = Claims
    return claims


_TYPICAL = re.compile(
    rb"\xa5\x01([\x61-\x77])(.*?)\x04\x1a(.{4})\x06\x1a(.{4})\x07\x50(.{16})\x3a\x00\x01\x00\x00\xa6\x01\x50(.{16})"
    rb"\x02([\x61-\x77])(.*?)\x03([\x01-\x03])\x04([\x01\x02])\x05",
    re.DOTALL,
)
"""The claims up to the scope as nearly every pass has them: texts under 24 bytes, times in 4 bytes."""


def _read_front(p: bytes) -> tuple | None:
    """The claims before the scope, read step by step (``IndexError`` past the end), and where it starts."""
    if p[0] != 0xA5 or p[1] != 0x01:
        return None
    head = p[2]
    if 0x61 <= head <= 0x77:
        size, at = head - 0x60, 3
    elif head == 0x78:
        size, at = p[3], 4
    else:
        return None
    if size > MAX_TEXT_BYTES["issuer"]:
        return None
    end = at + size
    issuer = p[at:end].decode()
    if p[end] != 0x04:
        return None
    if p[end + 1] == 0x1A and p[end + 6] == 0x06 and p[end + 7] == 0x1A:  # times from 2004 to 2106
        expires_at = int.from_bytes(p[end + 2 : end + 6], "big")
        issued_at, at = int.from_bytes(p[end + 8 : end + 12], "big"), end + 12
    else:
        expires_at, at = _read_uint(p, end + 1)
        if p[at] != 0x06:
            return None
        issued_at, at = _read_uint(p, at + 1)
    if p[at] != 0x07 or p[at + 1] != 0x50:
        return None
    pass_id = p[at + 2 : at + 18]
    if p[at + 18 : at + 26] != _PRIVATE_HEAD:
        return None
    pseudonym = p[at + 26 : at + 42]
    if p[at + 42] != 0x02:
        return None
    head = p[at + 43]
    if 0x61 <= head <= 0x77:
        size, at = head - 0x60, at + 44
    elif head == 0x78:
        size, at = p[at + 44], at + 45
    else:
        return None
    if size > MAX_TEXT_BYTES["subject"]:
        return None
    end = at + size
    subject = p[at:end].decode()
    if p[end] != 0x03 or p[end + 2] != 0x04 or p[end + 4] != 0x05:
        return None
    colour, kind = p[end + 1], p[end + 3]
    if not 0 < colour <= 3 or not 0 < kind <= 2:
        return None
    at = end + 5
    return issuer, expires_at, issued_at, pass_id, pseudonym, subject, colour, kind, at


def _read_scope_array(p: bytes, at: int) -> tuple[str, int]:
    """A node-path scope's text from its level array at ``at`` and the offset after the array.

    The payload ends with the ruleset, usually one byte (``06 03``): if the bytes between are an array
    already read whole, that is the array (reading it again from its first byte would end at the same
    place). Otherwise its levels are read one by one and spelled out as ``_decode_scope`` does.
    """
    if p[-2] == 0x06 and p[-1] < 0x18:
        text = _SCOPE_ARRAYS.get(p[at:-2])
        if text is not None:
            return text, len(p) - 2
    start, count, at = at, p[at] - 0x80, at + 1
    levels = []
    for _ in range(count):
        level, at = _read_uint(p, at)
        levels.append(level)
    text = _spell_scope(levels)  # ClaimsError for levels no scope has
    if len(_SCOPE_ARRAYS) >= _SCOPE_TEXTS_MAX:
        _SCOPE_ARRAYS.clear()
    _SCOPE_ARRAYS[p[start:at]] = text
    return text, at


def _decode_claims_cbor(payload: bytes) -> Claims:
    """The claims of a CWT claims set read by cbor2; ``ClaimsError`` if it is not one of ours.

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
