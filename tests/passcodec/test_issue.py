"""Issuing: what issue_token writes and what it refuses."""

from __future__ import annotations

import zlib

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from parkguard.passcodec import (
    MAX_TOKEN_CHARS,
    PREFIX,
    ClaimsError,
    Kind,
    Reason,
    base45,
    issue_token,
    verify_token,
)
from parkguard.passcodec.claims import PRIVATE_CLAIMS

from .conftest import NOW, person_claims
from .tokens import token_bytes


def test_the_token_is_prefix_and_qr_alphanumeric_characters(issuer):
    token = issuer.issue()

    assert token.startswith(PREFIX)
    assert set(token) <= set(base45.ALPHABET)


def test_the_cose_sign1_layout(issuer):
    claims = person_claims()
    data = token_bytes(issuer.issue(claims))
    message = cbor2.loads(data)
    protected, unprotected, payload, signature = message.value

    assert data[:2] == b"\xd2\x84" and message.tag == 18
    assert cbor2.loads(protected) == {1: -7, 4: issuer.kid}
    assert unprotected == {} and len(signature) == 64
    cwt = cbor2.loads(payload)
    assert (cwt[1], cwt[4], cwt[6], cwt[7]) == (
        claims.issuer,
        claims.expires_at,
        claims.issued_at,
        claims.pass_id,
    )
    assert cwt[PRIVATE_CLAIMS] == {
        1: claims.pseudonym,
        2: "张*明",
        3: 1,
        4: 1,
        5: claims.scope,
        6: claims.ruleset,
    }


def test_a_node_path_scope_travels_as_its_levels_numbers(issuer, trust, revoked):
    path = "0000001000000A000009700000PG0000GR80006L3X"  # national → park → … → building
    claims = person_claims(scope=path)
    token = issuer.issue(claims)

    assert cbor2.loads(cbor2.loads(token_bytes(token)).value[2])[PRIVATE_CLAIMS][5] == [
        1,
        10,
        331,
        916,
        21716,
        307293,
    ]
    assert verify_token(token, trust=trust, revoked=revoked, now=NOW).claims.scope == path


@pytest.mark.parametrize("scope", ["150624", "150624000000", "0000001000000a", "ZZZZZZZ", "0000000"])
def test_other_scopes_round_trip_exactly(issuer, trust, revoked, scope):
    token = issuer.issue(person_claims(scope=scope))

    assert verify_token(token, trust=trust, revoked=revoked, now=NOW).claims.scope == scope


def test_a_typical_pass_is_not_compressed_a_repetitive_one_is(issuer):
    typical = base45.decode(issuer.issue()[4:])
    repetitive = base45.decode(issuer.issue(person_claims(scope="0" * 96))[4:])

    assert typical[0] == 0xD2
    assert repetitive[:2] == b"\x18\xd3" and len(repetitive) < len(zlib.decompress(repetitive))


def test_the_largest_claims_still_make_a_token_under_the_limit(issuer):
    claims = person_claims(
        subject="𠀀" * 16,
        scope="𠀀" * 24,
        issuer="𠀀" * 16,
        ruleset=2**63 - 1,
        issued_at=2**62,
        expires_at=2**62 + 86400,
    )

    assert len(issue_token(claims, issuer.private_key, issuer.kid)) <= MAX_TOKEN_CHARS


def test_a_pass_valid_for_more_than_24_hours_is_refused(issuer):
    claims = person_claims()

    with pytest.raises(ClaimsError, match="24 hours"):
        issuer.issue(person_claims(expires_at=claims.issued_at + 24 * 3600 + 1))


@pytest.mark.parametrize(
    "change",
    [
        {"pass_id": b"\x00" * 15},
        {"pseudonym": "not bytes"},
        {"subject": ""},
        {"subject": "\ud800"},
        {"scope": "0" * 97},
        {"colour": "purple"},
        {"colour": ["red"]},
        {"kind": "bicycle"},
        {"kind": None},
        {"ruleset": -1},
        {"ruleset": 1.5},
        {"issued_at": False},
    ],
)
def test_claims_a_pass_cannot_carry_are_refused(issuer, change):
    with pytest.raises(ClaimsError):
        issuer.issue(person_claims(**change))


def test_kind_may_be_given_as_its_value(issuer):
    assert issuer.issue(person_claims(kind="vehicle"))


@pytest.mark.parametrize("kid", [b"", "kid", b"\x01" * 33])
def test_the_kid_is_bytes(issuer, kid):
    with pytest.raises(ValueError, match="kid"):
        issue_token(person_claims(), issuer.private_key, kid)


def test_a_kid_that_is_not_the_keys_makes_passes_that_do_not_verify(issuer, trust, revoked):
    token = issue_token(person_claims(), issuer.private_key, b"\x01" * 8)

    assert verify_token(token, trust=trust, revoked=revoked, now=NOW).reason is Reason.UNKNOWN_KEY


def test_only_p256_keys_sign(issuer):
    with pytest.raises(TypeError):
        issue_token(person_claims(), ec.generate_private_key(ec.SECP384R1()), issuer.kid)


def test_each_issue_is_a_fresh_signature(issuer):
    claims = person_claims(kind=Kind.PERSON)

    assert issuer.issue(claims) != issuer.issue(claims)  # ECDSA signatures are randomised


def test_the_fast_reading_of_the_envelope_is_what_cbor_reads(issuer):
    from parkguard.passcodec.token import _sign1_parts, _sign1_parts_decoded

    for subject in ("张*明", "王*", "欧阳**华", "蒙K·***8D"):
        data = token_bytes(issuer.issue(person_claims(subject=subject)))
        assert _sign1_parts(data) == _sign1_parts_decoded(data)
