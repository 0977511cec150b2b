"""The in-place claims reader (issue #5, verify speed) reads exactly what cbor2 reads, and refuses nothing
differently: on generated claims, on other encodings of the same values, and on mutated payloads.

Also: the verdicts and claims built through slot setters equal those of the dataclasses' constructors,
and the revocation hash is SHA-256's first 16 bytes whichever implementation computes it.
"""

from __future__ import annotations

import dataclasses
import hashlib

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
    Verdict,
    issue_token,
    pass_id_hash,
    verify_token,
)
from parkguard.passcodec import claims as claims_module
from parkguard.passcodec.claims import _decode_claims_cbor, _read_claims, decode_claims, encode_claims

from .conftest import NOW, Issuer, person_claims

PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def node_paths() -> st.SearchStrategy[str]:
    """Scopes as parkguard.hierarchy writes them: 1 to 13 levels of 7 base-36 characters."""
    level = st.integers(0, 36**7 - 1).map(
        lambda n: "".join(BASE36[n // 36**i % 36] for i in range(6, -1, -1))
    )
    return st.lists(level, min_size=1, max_size=13).map("".join)


def texts(most: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(min_size=1, max_size=most // 4 or 1),
        st.text(alphabet="ABCDEFGHIJ-0123456789*", min_size=1, max_size=most),
    )


claims_strategy = st.builds(
    lambda pass_id, pseudonym, subject, colour, kind, scope, ruleset, issuer, issued_at, validity: Claims(
        pass_id, pseudonym, subject, colour, kind, scope, ruleset, issuer, issued_at, issued_at + validity
    ),
    st.binary(min_size=16, max_size=16),
    st.binary(min_size=16, max_size=16),
    texts(64),
    st.sampled_from(COLOURS),
    st.sampled_from(Kind),
    st.one_of(node_paths(), texts(96)),
    st.one_of(st.integers(0, 30), st.integers(0, 2**63 - 1)),
    texts(64),
    st.one_of(st.integers(NOW - 10**6, NOW + 10**6), st.integers(0, 2**62)),
    st.integers(1, MAX_VALIDITY),
)


def typed(claims: Claims | None) -> object:
    """Claims with each value's exact type (``Kind.PERSON == "person"`` and ``True == 1`` otherwise)."""
    if claims is None:
        return None
    return type(claims), [(type(value), value) for value in dataclasses.astuple(claims)]


def outcome(decode, payload: bytes) -> object:
    try:
        return typed(decode(payload))
    except ClaimsError:
        return "refused"


def assert_same_reading(payload: bytes) -> None:
    """The public decoder answers as cbor2 does; the reader reads it the same or leaves it to cbor2."""
    expected = outcome(_decode_claims_cbor, payload)
    assert outcome(decode_claims, payload) == expected
    read = _read_claims(payload)
    if read is not None:
        assert typed(read) == expected
    assert outcome(decode_claims, payload) == expected  # again, with its scope remembered


@PROPERTY
@given(claims_strategy)
def test_the_reader_reads_every_claims_set_as_cbor2_does(claims):
    payload = encode_claims(claims)

    read = _read_claims(payload)

    assert typed(read) == typed(_decode_claims_cbor(payload)) == typed(claims)
    assert typed(_read_claims(payload)) == typed(claims)  # a remembered scope reads the same


@PROPERTY
@given(claims_strategy, st.data())
def test_a_mutated_payload_is_read_or_refused_as_cbor2_does(claims, data):
    payload = bytearray(encode_claims(claims))
    decode_claims(bytes(payload))  # remember its scope first: the mutations then meet the memo
    mutation = data.draw(st.sampled_from(["flip", "byte", "delete", "insert", "truncate", "extend"]))
    at = data.draw(st.integers(0, len(payload) - 1))
    if mutation == "flip":
        payload[at] ^= 1 << data.draw(st.integers(0, 7))
    elif mutation == "byte":
        payload[at] = data.draw(st.integers(0, 255))
    elif mutation == "delete":
        del payload[at : at + data.draw(st.integers(1, 4))]
    elif mutation == "insert":
        payload[at:at] = data.draw(st.binary(min_size=1, max_size=4))
    elif mutation == "truncate":
        del payload[at:]
    else:
        payload += data.draw(st.binary(min_size=1, max_size=4))

    assert_same_reading(bytes(payload))


@PROPERTY
@given(st.binary(max_size=200))
def test_random_payloads_are_read_or_refused_as_cbor2_does(payload):
    assert_same_reading(payload)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"\x06\x03", b"\x06\x18\x03"),  # the ruleset in a longer head than needed
        (b"\x06\x03", b"\x06\x1a\x00\x00\x00\x03"),
        (b"\x06\x03", b"\x06\x1b\x00\x00\x00\x00\x00\x00\x00\x03"),
        (b"\x06\x03", b"\x06\x1b\x80\x00\x00\x00\x00\x00\x00\x00"),  # above 2**63 - 1
        (b"\x06\x03", b"\x06\x20"),  # a negative ruleset
        (b"\x06\x03", b"\x06\xf5"),  # true
        (b"\x06\x03", b"\x06\xf9\x42\x00"),  # 3.0
        (b"\x01\x6d", b"\x01\x78\x0d"),  # the issuer's length in a longer head
        (b"\x03\x01", b"\x03\x18\x01"),  # the colour code in a longer head
        (b"\x03\x01", b"\x03\xf5"),  # true for green: cbor2 reads it as 1
        (b"\x03\x01", b"\x03\x04"),  # no such colour
        (b"\x04\x01\x05", b"\x04\x03\x05"),  # no such kind
        (b"\xa5\x01", b"\xbf\x01"),  # an indefinite-length map
        (b"\x05\x83", b"\x05\x9f"),  # an indefinite-length scope array
        (b"\x05\x83", b"\x05\x80"),  # an empty scope array (the levels that follow are left over)
        (b"\x05\x83\x01", b"\x05\x83\x18\x01"),  # a level in a longer head
        (b"\x05\x83\x01", b"\x05\x83\x21"),  # a negative level
        (b"\x05\x83\x01", b"\x05\x83\x1b\x00\x00\x00\x12\x74\x5a\x7d\x40"),  # 36**7: too large
    ],
)
def test_other_encodings_are_read_or_refused_as_cbor2_does(old, new):
    payload = encode_claims(person_claims(scope="0000001000000A0000097", ruleset=3, issuer="CN-150624-SHM"))
    assert payload.count(old) == 1, payload.hex()

    assert_same_reading(payload.replace(old, new))


def test_a_text_scope_and_a_longer_ruleset_are_read_in_place():
    claims = person_claims(scope="110105", ruleset=2**40)
    payload = encode_claims(claims)

    assert typed(_read_claims(payload)) == typed(claims)


def test_a_remembered_scope_array_is_only_its_own_bytes(monkeypatch):
    monkeypatch.setattr(claims_module, "_SCOPE_ARRAYS", {})
    claims = person_claims(scope="0000001000000A0000097", ruleset=3)
    decode_claims(encode_claims(claims))
    assert list(claims_module._SCOPE_ARRAYS.values()) == ["0000001000000A0000097"]
    # the same levels then one more: not the remembered array, read level by level
    longer = replace_scope(claims, "0000001000000A00000970000005")

    assert typed(_read_claims(encode_claims(longer))) == typed(longer)


def replace_scope(claims: Claims, scope: str) -> Claims:
    return dataclasses.replace(claims, scope=scope)


def test_the_scope_array_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(claims_module, "_SCOPE_ARRAYS", {})
    base = person_claims()
    for n in range(claims_module._SCOPE_TEXTS_MAX + 10):
        scope = "0000001" + "".join(BASE36[n // 36**i % 36] for i in range(6, -1, -1))
        assert _read_claims(encode_claims(replace_scope(base, scope))).scope == scope

    assert len(claims_module._SCOPE_ARRAYS) <= claims_module._SCOPE_TEXTS_MAX


def test_read_claims_are_frozen_like_constructed_ones():
    claims = decode_claims(encode_claims(person_claims()))

    with pytest.raises(dataclasses.FrozenInstanceError):
        claims.subject = "x"  # type: ignore[misc]
    assert hash(claims) == hash(dataclasses.replace(claims))


def test_an_accepted_verdict_equals_the_constructed_one():
    issuer = Issuer()
    claims = person_claims()
    token = issue_token(claims, issuer.private_key, issuer.kid)

    verdict = verify_token(token, trust=TrustList([issuer.trusted]), revoked=RevocationList(), now=NOW)

    assert verdict == Verdict(True, Reason.OK, claims, issuer.kid)
    assert type(verdict) is Verdict and verdict.ok is True and verdict.reason is Reason.OK
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.ok = False  # type: ignore[misc]


def test_a_refusal_after_the_signature_equals_the_constructed_verdict():
    issuer = Issuer()
    claims = person_claims()
    token = issue_token(claims, issuer.private_key, issuer.kid)

    verdict = verify_token(
        token, trust=TrustList([issuer.trusted]), revoked=RevocationList(), now=NOW + 10**6
    )

    assert verdict == Verdict(False, Reason.EXPIRED, claims, issuer.kid)
    assert verdict.ok is False


@given(st.binary(max_size=64))
def test_the_revocation_hash_is_the_first_16_bytes_of_sha256(pass_id):
    assert pass_id_hash(pass_id) == hashlib.sha256(pass_id).digest()[:16]


@pytest.mark.parametrize(
    ("issuer", "subject"),
    [
        ("A\x04\x1a", "B"),  # the issuer holds the bytes that follow it in the layout
        ("A\x04\x1a\x00\x00\x00\x01\x06\x1a", "\x03\x01\x04\x01\x05"),
        ("CN", "\x02b\x03\x01\x04\x01\x05"),  # the subject holds what ends it
        ("I" * 23, "S" * 23),  # the longest texts of one-byte heads
        ("I" * 24, "S" * 24),  # the shortest of two-byte heads: read step by step
        ("I" * 64, "张" * 21),
    ],
)
def test_texts_that_look_like_the_layout_are_read_as_cbor2_does(issuer, subject):
    claims = person_claims(issuer=issuer, subject=subject)
    payload = encode_claims(claims)

    assert typed(_read_claims(payload)) == typed(_decode_claims_cbor(payload)) == typed(claims)
