"""Every bad input of issue #5 that belongs to the token gets its own reason, never an exception."""

from __future__ import annotations

import zlib
from dataclasses import replace

import cbor2
import pytest

from parkguard.passcodec import (
    CLOCK_SKEW,
    MAX_TOKEN_CHARS,
    REASON_TEXT,
    Kind,
    Reason,
    RevocationList,
    TrustList,
    base45,
    verify_token,
)
from parkguard.passcodec.claims import PRIVATE_CLAIMS
from parkguard.passcodec.token import deflate

from .conftest import ISSUER, NOW, PARTNER, Issuer, person_claims
from .tokens import from_bytes, parts, sign1, signed_token, token_bytes, with_parts


def verdict_of(token, trust, revoked=None, *, now=NOW, kind=None):
    return verify_token(token, trust=trust, revoked=revoked or RevocationList(), now=now, kind=kind)


def test_every_reason_has_an_english_and_a_chinese_message():
    assert set(REASON_TEXT) == set(Reason)
    for english, chinese in REASON_TEXT.values():
        assert english.isascii() and english.endswith(".")
        assert any("\u4e00" <= char <= "\u9fff" for char in chinese)


def test_a_flipped_bit_in_the_signature_is_a_bad_signature(issuer, trust):
    data = bytearray(token_bytes(issuer.issue()))
    data[-10] ^= 0x04

    verdict = verdict_of(from_bytes(bytes(data)), trust)

    assert verdict.reason is Reason.BAD_SIGNATURE
    assert verdict.kid == issuer.kid and verdict.claims is None


def test_a_flipped_bit_in_the_claims_is_a_bad_signature(issuer, trust):
    token = issuer.issue(subject="张*明")
    data = token_bytes(token).replace("张*明".encode(), "李*明".encode())

    assert verdict_of(from_bytes(data), trust).reason is Reason.BAD_SIGNATURE


@pytest.mark.parametrize(
    "text", ["HC1:6BFOXN", "pc1:ABC", "PC1", "", "PC2:00", " ", "https://example.org/PC1:"]
)
def test_wrong_prefix(trust, text):
    assert verdict_of(text, trust).reason is Reason.BAD_PREFIX


@pytest.mark.parametrize("value", [None, b"PC1:00", 42, ["PC1:"]])
def test_anything_but_a_string_is_a_bad_prefix(trust, value):
    assert verdict_of(value, trust).reason is Reason.BAD_PREFIX


def test_a_token_cut_inside_a_base45_chunk_is_truncated(issuer, trust):
    token = issuer.issue()
    cut = token[: len(token) - (len(token) - 4) % 3 - 2]  # leaves 3n + 1 characters after the prefix

    assert verdict_of(cut, trust).reason is Reason.TRUNCATED


def test_a_token_cut_between_chunks_is_truncated(issuer, trust):
    data = token_bytes(issuer.issue())

    assert verdict_of(from_bytes(data[:-20]), trust).reason is Reason.TRUNCATED
    assert verdict_of("PC1:", trust).reason is Reason.TRUNCATED


@pytest.mark.parametrize("bad", ["a", "#", "_", "张", "\x00", "GGW"])
def test_characters_outside_base45(issuer, trust, bad):
    token = issuer.issue()
    damaged = token[:10] + bad + token[10 + len(bad) :]

    assert verdict_of(damaged, trust).reason is Reason.BAD_BASE45


def test_a_last_chunk_above_one_byte_is_not_base45(trust):
    assert verdict_of("PC1:000ZZ", trust).reason is Reason.BAD_BASE45


def test_damaged_compression(issuer, trust):
    packed = deflate(token_bytes(issuer.issue()))

    assert verdict_of(from_bytes(b"\x18\xd3" + b"\xff" * 40), trust).reason is Reason.BAD_COMPRESSION
    assert verdict_of(from_bytes(packed + b"\x00\x00"), trust).reason is Reason.BAD_COMPRESSION
    assert verdict_of(from_bytes(packed[:-8]), trust).reason is Reason.TRUNCATED


def test_a_compression_bomb_is_refused_without_inflating_it(trust):
    bomb = deflate(b"\xd2" + b"\x00" * 400_000)
    assert len(bomb) < 666  # fits a token

    assert verdict_of(from_bytes(bomb), trust).reason is Reason.BAD_COMPRESSION


def test_a_compressed_token_that_inflates_to_something_else_is_not_cose(trust):
    assert verdict_of(from_bytes(deflate(b"hello world" * 4)), trust).reason is Reason.BAD_COSE


def compressed_token(issuer) -> str:
    token = issuer.issue(person_claims(scope="0" * 96))
    assert base45.decode(token[4:]).startswith(b"\x18\xd3")
    return token


def test_a_compressed_token_verifies(issuer, trust):
    assert verdict_of(compressed_token(issuer), trust).ok


@pytest.mark.parametrize("wbits", [9, 15])
def test_a_zlib_header_other_than_ours_is_bad_compression(issuer, trust, wbits):
    # the same window at another level (18 5E), or the default window (78 DA, as the EU DCC writes)
    message = token_bytes(compressed_token(issuer))
    compressor = zlib.compressobj(6 if wbits == 9 else 9, zlib.DEFLATED, wbits)
    stream = compressor.compress(message) + compressor.flush()

    assert verdict_of(from_bytes(stream), trust).reason is Reason.BAD_COMPRESSION


def test_a_stored_block_or_several_blocks_are_bad_compression(issuer, trust):
    # both inflate to the same message, but have bits that inflate ignores or other ways to cut blocks
    message = token_bytes(compressed_token(issuer))
    size = len(message).to_bytes(2, "little")
    stored = (
        b"\x18\xd3\x01"
        + size
        + bytes(~byte & 0xFF for byte in size)
        + message
        + zlib.adler32(message).to_bytes(4, "big")
    )
    compressor = zlib.compressobj(9, zlib.DEFLATED, 9, 1)  # 127 symbols a block
    blocks = compressor.compress(message) + compressor.flush()
    assert zlib.decompress(stored) == zlib.decompress(blocks) == message
    assert blocks[:2] == b"\x18\xd3" and not blocks[2] & 1  # the first block is not the last

    assert verdict_of(from_bytes(stored), trust).reason is Reason.BAD_COMPRESSION
    assert verdict_of(from_bytes(blocks), trust).reason is Reason.BAD_COMPRESSION


def padding_variants(data: bytes) -> list[bytes]:
    """The stream with one more of the ignored bits after its last block set."""
    message = zlib.decompress(data)
    variants = []
    for bit in range(1, 8):
        candidate = data[:-5] + bytes((data[-5] | 1 << bit,)) + data[-4:]
        try:
            if candidate != data and zlib.decompress(candidate) == message:
                variants.append(candidate)
        except zlib.error:
            continue
    return variants


def test_a_set_padding_bit_after_the_last_deflate_block_is_bad_compression(issuer, trust):
    # inflate ignores these bits; left unchecked, one token would have several encodings
    streams = (base45.decode(compressed_token(issuer)[4:]) for _ in range(50))
    padded = next(variants for data in streams if (variants := padding_variants(data)))

    for candidate in padded:
        assert verdict_of(from_bytes(candidate), trust).reason is Reason.BAD_COMPRESSION


@pytest.mark.parametrize("data", [b"\xd2\x84\xff", b"\xd2\x1c", b"\xd2\x84\x7f\xff\xff\xff\xff"])
def test_malformed_cbor(trust, data):
    assert verdict_of(from_bytes(data), trust).reason is Reason.BAD_CBOR


def test_a_message_that_is_not_tag_18_is_not_cose(issuer, trust):
    data = token_bytes(issuer.issue())

    assert verdict_of(from_bytes(b"\x84" + data[2:]), trust).reason is Reason.BAD_COSE
    assert verdict_of(from_bytes(b"\xd3" + data[1:]), trust).reason is Reason.BAD_COSE
    assert verdict_of(from_bytes(cbor2.dumps(cbor2.CBORTag(18, "no"))), trust).reason is Reason.BAD_COSE


def test_malformed_cose_structures(issuer, trust):
    token = issuer.issue()
    protected, _unprotected, payload, signature = cbor2.loads(token_bytes(token)).value
    bad = [
        from_bytes(cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload]))),
        with_parts(token, signature=signature[:63]),
        with_parts(token, signature="not bytes"),
        with_parts(token, unprotected={4: issuer.kid}),
        with_parts(token, unprotected=[]),
        with_parts(token, protected=cbor2.dumps({1: -35, 4: issuer.kid})),  # ES384
        with_parts(token, protected=cbor2.dumps({1: -7})),  # no kid
        with_parts(token, protected=b"\xff\xff"),
        with_parts(token, payload={"claims": 1}),
        from_bytes(token_bytes(token) + b"\x00"),  # a byte after the message
    ]
    for damaged in bad:
        assert verdict_of(damaged, trust).reason is Reason.BAD_COSE, damaged


def test_a_long_length_form_is_not_cose(issuer, trust):
    data = token_bytes(issuer.issue())
    # the signature's length written in two bytes (59 00 40) instead of one (58 40)
    assert data[-66:-64] == b"\x58\x40"
    longer = data[:-66] + b"\x59\x00\x40" + data[-64:]

    assert verdict_of(from_bytes(longer), trust).reason is Reason.BAD_COSE


def test_a_protected_header_in_another_key_order_is_read(issuer, trust):
    token = issuer.issue()
    _protected, _unprotected, payload, _signature = cbor2.loads(token_bytes(token)).value
    data = sign1(cbor2.dumps({4: issuer.kid, 1: -7}), payload, issuer.private_key)

    assert verdict_of(from_bytes(data), trust).ok


def test_unknown_key_id(trust):
    stranger = Issuer()

    verdict = verdict_of(stranger.issue(), trust)

    assert verdict.reason is Reason.UNKNOWN_KEY and verdict.kid == stranger.kid


@pytest.mark.parametrize(
    ("not_before", "not_after"), [(NOW - 90 * 86400, NOW - 30 * 86400), (NOW, NOW + 86400)]
)
def test_a_key_outside_its_validity_when_the_pass_was_issued(not_before, not_after):
    issuer = Issuer(not_before=not_before, not_after=not_after)
    claims = person_claims(issued_at=NOW - 7200, expires_at=NOW + 7200)

    verdict = verdict_of(issuer.issue(claims), TrustList([issuer.trusted]))

    assert verdict.reason is Reason.KEY_NOT_VALID
    assert verdict.claims == claims


def test_an_old_key_still_verifies_the_passes_it_signed_in_its_time():
    # rotation: the key stopped signing an hour ago, its passes stay good until they expire
    issuer = Issuer(not_before=NOW - 86400, not_after=NOW - 3600)
    claims = person_claims(issued_at=NOW - 7200, expires_at=NOW + 3600)

    assert verdict_of(issuer.issue(claims), TrustList([issuer.trusted])).ok


def test_expired(issuer, trust):
    claims = person_claims(issued_at=NOW - 86400, expires_at=NOW)

    verdict = verdict_of(issuer.issue(claims), trust)

    assert verdict.reason is Reason.EXPIRED and verdict.claims == claims
    assert verdict_of(issuer.issue(claims), trust, now=NOW - 1).ok


def test_not_yet_valid(issuer, trust):
    claims = person_claims(issued_at=NOW + CLOCK_SKEW + 1, expires_at=NOW + 86400)

    assert verdict_of(issuer.issue(claims), trust).reason is Reason.NOT_YET_VALID
    assert verdict_of(issuer.issue(claims), trust, now=NOW + 1).ok  # within the gate's clock skew


def test_revoked(issuer, trust):
    claims = person_claims()
    revoked = RevocationList()
    revoked.add(claims.pass_id)

    verdict = verdict_of(issuer.issue(claims), trust, revoked)

    assert verdict.reason is Reason.REVOKED and verdict.claims == claims


def test_a_key_kept_on_file_but_not_accepted_is_an_untrusted_issuer(issuer):
    trust = TrustList([replace(issuer.trusted, accepted=False)])

    verdict = verdict_of(issuer.issue(), trust)

    assert verdict.reason is Reason.UNTRUSTED_ISSUER and verdict.kid == issuer.kid


def test_a_pass_naming_another_issuer_than_its_key_is_an_untrusted_issuer(issuer, trust):
    # a partner's key must not vouch for passes in our name
    claims = person_claims(issuer=PARTNER)

    verdict = verdict_of(issuer.issue(claims), trust)

    assert verdict.reason is Reason.UNTRUSTED_ISSUER


def test_a_partner_pass_verifies_once_its_key_is_imported(issuer):
    partner = Issuer(PARTNER)
    token = partner.issue()
    ours = TrustList([issuer.trusted])

    assert verdict_of(token, ours).reason is Reason.UNKNOWN_KEY
    assert verdict_of(token, ours.merge(TrustList.from_json(TrustList([partner.trusted]).to_json()))).ok


def test_wrong_kind(issuer, trust):
    vehicle = issuer.issue(person_claims(kind=Kind.VEHICLE, subject="蒙K·***8D"))

    assert verdict_of(vehicle, trust, kind=Kind.PERSON).reason is Reason.WRONG_KIND
    assert verdict_of(vehicle, trust, kind=Kind.VEHICLE).ok
    assert verdict_of(vehicle, trust).ok  # no lane given: any kind


@pytest.mark.parametrize("size", [MAX_TOKEN_CHARS + 1, 10_000_000])
def test_oversized_input(trust, size):
    assert verdict_of("PC1:" + "0" * (size - 4), trust).reason is Reason.TOO_LARGE


def test_signed_claims_that_are_not_ours_are_bad_claims(issuer, trust):
    claims = person_claims()
    good = cbor2.loads(parts(issuer.issue(claims))[2])
    too_long = {**good, 4: good[6] + 48 * 3600}
    bad_colour = {**good, PRIVATE_CLAIMS: {**good[PRIVATE_CLAIMS], 3: 9}}
    no_pseudonym = {**good, PRIVATE_CLAIMS: {k: v for k, v in good[PRIVATE_CLAIMS].items() if k != 1}}
    short_id = {**good, 7: b"\x01" * 8}
    empty_path = {**good, PRIVATE_CLAIMS: {**good[PRIVATE_CLAIMS], 5: []}}
    path_out_of_range = {**good, PRIVATE_CLAIMS: {**good[PRIVATE_CLAIMS], 5: [1, 36**7]}}
    path_too_long = {**good, PRIVATE_CLAIMS: {**good[PRIVATE_CLAIMS], 5: [1] * 14}}
    for payload in [
        b"\xff",
        cbor2.dumps([1, 2]),
        cbor2.dumps(too_long),
        cbor2.dumps(bad_colour),
        cbor2.dumps(no_pseudonym),
        cbor2.dumps(short_id),
        cbor2.dumps(empty_path),
        cbor2.dumps(path_out_of_range),
        cbor2.dumps(path_too_long),
        cbor2.dumps({**good, 1: ISSUER.encode()}),
    ]:
        verdict = verdict_of(signed_token(payload, issuer), trust)
        assert verdict.reason is Reason.BAD_CLAIMS, payload
        assert verdict.claims is None and verdict.kid == issuer.kid
