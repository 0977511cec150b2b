"""Trust lists and revocation lists: files that round-trip, and files that are refused."""

from __future__ import annotations

import base64
import json
import os
from dataclasses import replace

import pytest

from parkguard.passcodec import (
    RevocationList,
    RevocationListError,
    TrustedKey,
    TrustList,
    TrustListError,
    generate_private_key,
    key_id,
    pass_id_hash,
    public_key_der,
)

from .conftest import NOW, PARTNER, Issuer


def test_the_key_id_is_the_first_8_bytes_of_the_sha256_of_the_spki(issuer):
    import hashlib

    der = public_key_der(issuer.private_key.public_key())

    assert issuer.kid == hashlib.sha256(der).digest()[:8] == key_id(issuer.private_key.public_key())


def test_a_trust_list_survives_its_json(issuer):
    partner = Issuer(PARTNER)
    trust = TrustList([issuer.trusted, replace(partner.trusted, accepted=False)])

    again = TrustList.from_json(trust.to_json())

    assert len(again) == 2
    for key in trust:
        read = again.get(key.kid)
        assert (read.issuer, read.not_before, read.not_after, read.accepted) == (
            key.issuer,
            key.not_before,
            key.not_after,
            key.accepted,
        )
        assert public_key_der(read.public_key) == public_key_der(key.public_key)


def test_merge_adds_a_partners_keys_and_refuses_a_clashing_key_id(issuer):
    partner = Issuer(PARTNER)
    ours = TrustList([issuer.trusted])

    assert ours.merge(TrustList([partner.trusted])) is ours
    assert partner.kid in ours and len(ours) == 2
    impostor = TrustedKey(issuer.kid, "CN-X", generate_private_key().public_key(), 0, NOW)
    with pytest.raises(TrustListError):
        ours.add(impostor)


def entry_of(issuer) -> dict:
    return json.loads(TrustList([issuer.trusted]).to_json())


@pytest.mark.parametrize(
    "change",
    [
        {"kid": base64.b64encode(b"12345678").decode()},  # not the key's id
        {"kid": "***"},
        {"public_key": base64.b64encode(b"not a key").decode()},
        {"issuer": ""},
        {"not_before": "yesterday"},
        {"not_before": NOW + 10, "not_after": NOW},
        {"accepted": "yes"},
    ],
)
def test_a_wrong_trust_list_entry_is_refused(issuer, change):
    document = entry_of(issuer)
    document["keys"][0].update(change)

    with pytest.raises(TrustListError):
        TrustList.from_json(json.dumps(document))


@pytest.mark.parametrize(
    "text", ["", "[]", "{}", '{"format": "parkguard-trust-list", "version": 9, "keys": []}', "\xff"]
)
def test_a_file_that_is_not_a_trust_list_is_refused(text):
    with pytest.raises(TrustListError):
        TrustList.from_json(text)


def test_a_non_p256_key_is_refused_in_a_trust_list(issuer):
    from cryptography.hazmat.primitives.asymmetric import ec

    other = ec.generate_private_key(ec.SECP384R1()).public_key()
    document = entry_of(issuer)
    document["keys"][0]["public_key"] = base64.b64encode(public_key_der(other)).decode()
    document["keys"][0]["kid"] = base64.b64encode(key_id(other)).decode()

    with pytest.raises(TrustListError):
        TrustList.from_json(json.dumps(document))


def test_revocation_holds_hashes_only():
    pass_id = os.urandom(16)
    revoked = RevocationList()

    revoked.add(pass_id)

    assert pass_id in revoked
    assert revoked.contains_hash(pass_id_hash(pass_id))
    assert os.urandom(16) not in revoked
    text = revoked.to_json()
    assert pass_id.hex() not in text and base64.b64encode(pass_id).decode() not in text


def test_a_revocation_list_of_many_survives_its_json():
    revoked = RevocationList.unpacked(os.urandom(16 * 200_000))
    probe = os.urandom(16)
    revoked.add(probe)

    again = RevocationList.from_json(revoked.to_json())

    assert len(again) == len(revoked) == 200_001
    assert probe in again


def test_merge_revocation_lists():
    first, second = RevocationList(), RevocationList()
    first.add(b"a" * 16)
    second.add(b"b" * 16)

    assert first.merge(second) is first and len(first) == 2 and b"b" * 16 in first


@pytest.mark.parametrize(
    "change",
    [{"hashes": "AAAA"}, {"hashes": "***"}, {"count": 7}, {"hash": "md5"}, {"format": "x"}, {"version": 2}],
)
def test_a_wrong_revocation_file_is_refused(change):
    revoked = RevocationList()
    revoked.add(os.urandom(16))
    document = json.loads(revoked.to_json())
    document.update(change)

    with pytest.raises(RevocationListError):
        RevocationList.from_json(json.dumps(document))


@pytest.mark.parametrize("text", ["", "null", "[1]", "{"])
def test_a_file_that_is_not_a_revocation_list_is_refused(text):
    with pytest.raises(RevocationListError):
        RevocationList.from_json(text)


def test_a_hash_of_the_wrong_size_is_refused():
    with pytest.raises(RevocationListError):
        RevocationList([b"short"])
