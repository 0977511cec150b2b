"""Property-based tests of the decoder (issue #5, Acceptance): mutations are refused with a reason and
never raise; every claim survives a round trip."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parkguard.passcodec import (
    COLOURS,
    MAX_VALIDITY,
    Claims,
    ClaimsError,
    Kind,
    Reason,
    RevocationList,
    TrustList,
    base45,
    issue_token,
    verify_token,
)
from parkguard.passcodec.token import _Refused, _verify

from .conftest import NOW, Issuer, person_claims
from .tokens import from_bytes, token_bytes

ISSUER = Issuer(not_before=0, not_after=2**62)
TRUST = TrustList([ISSUER.trusted])
NO_REVOCATIONS = RevocationList()
TOKENS = [
    ISSUER.issue(),
    ISSUER.issue(person_claims(kind=Kind.VEHICLE, subject="蒙K·***8D", colour="yellow")),
    ISSUER.issue(person_claims(scope="0" * 96, subject="王*")),  # compresses
]
assert token_bytes(TOKENS[2]) != base45.decode(TOKENS[2][4:]), "the third token should be compressed"
PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def refusal(text: object) -> Reason:
    """The reason a text is refused; any exception other than a refusal fails the test."""
    try:
        verdict = _verify(text, TRUST, NO_REVOCATIONS, NOW, None)
    except _Refused as refused:
        verdict = refused.verdict
    public = verify_token(text, trust=TRUST, revoked=NO_REVOCATIONS, now=NOW)
    assert public == verdict
    assert not verdict.ok and verdict.reason is not Reason.OK
    return verdict.reason


def test_the_sample_tokens_are_valid():
    for token in TOKENS:
        assert verify_token(token, trust=TRUST, revoked=NO_REVOCATIONS, now=NOW).ok


@PROPERTY
@given(st.sampled_from(TOKENS), st.data())
def test_a_flipped_bit_anywhere_in_the_bytes_is_refused(token, data):
    raw = bytearray(token_bytes(token))
    bit = data.draw(st.integers(0, 8 * len(raw) - 1))
    raw[bit // 8] ^= 1 << (bit % 8)

    refusal(from_bytes(bytes(raw)))


@PROPERTY
@given(st.sampled_from(TOKENS), st.data())
def test_a_flipped_bit_in_the_compressed_bytes_is_refused(token, data):
    raw = bytearray(base45.decode(token[4:]))
    bit = data.draw(st.integers(0, 8 * len(raw) - 1))
    raw[bit // 8] ^= 1 << (bit % 8)

    refusal(from_bytes(bytes(raw)))


@PROPERTY
@given(st.sampled_from(TOKENS), st.data())
def test_a_changed_character_is_refused(token, data):
    at = data.draw(st.integers(0, len(token) - 1))
    char = data.draw(st.characters().filter(lambda c: c != token[at]))

    refusal(token[:at] + char + token[at + 1 :])


@PROPERTY
@given(st.sampled_from(TOKENS), st.data())
def test_deleted_characters_are_refused(token, data):
    start = data.draw(st.integers(0, len(token) - 1))
    end = data.draw(st.integers(start + 1, min(len(token), start + 12)))
    mutated = token[:start] + token[end:]

    refusal(mutated)


@PROPERTY
@given(st.sampled_from(TOKENS), st.data())
def test_inserted_characters_are_refused(token, data):
    at = data.draw(st.integers(0, len(token)))
    inserted = data.draw(st.text(min_size=1, max_size=8))
    mutated = token[:at] + inserted + token[at:]
    if mutated.strip() == token:  # whitespace around a token is a scanner's line ending, not a change
        return

    refusal(mutated)


@PROPERTY
@given(st.sampled_from(TOKENS), st.data())
def test_truncated_tokens_are_refused(token, data):
    refusal(token[: data.draw(st.integers(0, len(token) - 1))])


@PROPERTY
@given(
    st.one_of(st.text(max_size=1200), st.text(alphabet=base45.ALPHABET, max_size=1200).map("PC1:".__add__))
)
def test_random_strings_are_refused(text):
    refusal(text)


@PROPERTY
@given(st.binary(max_size=660))
def test_random_bytes_behind_the_prefix_are_refused(data):
    refusal(from_bytes(data))


@PROPERTY
@given(st.binary(max_size=400))
def test_random_bytes_after_the_cose_tag_are_refused(data):
    refusal(from_bytes(b"\xd2" + data))


def texts(most: int) -> st.SearchStrategy[str]:
    return st.text(min_size=1, max_size=most // 4 or 1)


claims_strategy = st.builds(
    lambda pass_id, pseudonym, subject, colour, kind, scope, ruleset, issuer, issued_at, validity: Claims(
        pass_id, pseudonym, subject, colour, kind, scope, ruleset, issuer, issued_at, issued_at + validity
    ),
    st.binary(min_size=16, max_size=16),
    st.binary(min_size=16, max_size=16),
    texts(64),
    st.sampled_from(COLOURS),
    st.sampled_from(Kind),
    texts(96),
    st.integers(0, 2**63 - 1),
    texts(64),
    st.integers(0, 2**62),
    st.integers(1, MAX_VALIDITY),
)


@PROPERTY
@given(claims_strategy)
def test_every_claim_survives_a_round_trip(claims):
    trust = TrustList([replace(ISSUER.trusted, issuer=claims.issuer)])
    token = issue_token(claims, ISSUER.private_key, ISSUER.kid)

    verdict = verify_token(token, trust=trust, revoked=NO_REVOCATIONS, now=claims.issued_at)

    assert verdict.ok, verdict.reason
    assert verdict.claims == claims
    assert len(token) <= 1000


@PROPERTY
@given(claims_strategy, st.data())
def test_claims_a_pass_cannot_carry_are_refused_at_issue(claims, data):
    change = data.draw(
        st.sampled_from(
            [
                {"pass_id": claims.pass_id[:15]},
                {"pseudonym": claims.pseudonym + b"\x00"},
                {"subject": ""},
                {"subject": "张" * 22},
                {"colour": "blue"},
                {"kind": "bicycle"},
                {"ruleset": -1},
                {"expires_at": claims.issued_at + MAX_VALIDITY + 1},
                {"expires_at": claims.issued_at},
                {"issued_at": True},
            ]
        )
    )
    with pytest.raises(ClaimsError):
        issue_token(replace(claims, **change), ISSUER.private_key, ISSUER.kid)
