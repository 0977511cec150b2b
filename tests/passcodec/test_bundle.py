"""The signed bundle for gate devices: loads with its anchor key, refuses any change."""

from __future__ import annotations

import os

import pytest

from parkguard.passcodec import (
    BundleError,
    RevocationList,
    TrustList,
    load_bundle,
    sign_bundle,
    verify_token,
)
from parkguard.passcodec.bundle import MAGIC

from .conftest import NOW, PARTNER, Issuer, person_claims


@pytest.fixture
def signed(issuer):
    partner = Issuer(PARTNER)
    revoked = RevocationList()
    claims = person_claims()
    revoked.add(claims.pass_id)
    trust = TrustList([issuer.trusted, partner.trusted])
    return sign_bundle(trust, revoked, issuer.private_key, issuer.kid), trust, revoked, claims


def test_a_bundle_loads_with_its_anchor_and_verifies_passes(issuer, signed):
    data, trust, revoked, claims = signed

    loaded_trust, loaded_revoked = load_bundle(data, issuer.trusted)

    assert {key.kid for key in loaded_trust} == {key.kid for key in trust}
    assert set(loaded_revoked) == set(revoked)
    verdict = verify_token(issuer.issue(claims), trust=loaded_trust, revoked=loaded_revoked, now=NOW)
    assert verdict.reason == "revoked"


def test_the_anchor_may_be_a_bare_public_key(issuer, signed):
    trust, _revoked = load_bundle(signed[0], issuer.private_key.public_key())

    assert len(trust) == 2


def test_another_anchor_is_refused(signed):
    with pytest.raises(BundleError, match="anchor"):
        load_bundle(signed[0], Issuer().private_key.public_key())


def test_every_flipped_byte_is_refused(issuer, signed):
    data = signed[0]
    for at in range(0, len(data), 7):
        damaged = bytearray(data)
        damaged[at] ^= 0x10
        with pytest.raises(BundleError):
            load_bundle(bytes(damaged), issuer.trusted)


def test_a_cut_or_lengthened_bundle_is_refused(issuer, signed):
    data = signed[0]
    for damaged in (data[:-1], data[: len(data) // 2], data + b"\x00", MAGIC, b"", os.urandom(200)):
        with pytest.raises(BundleError):
            load_bundle(damaged, issuer.trusted)


def test_a_bundle_of_many_revocations(issuer):
    revoked = RevocationList.unpacked(os.urandom(16 * 200_000))

    _trust, loaded = load_bundle(
        sign_bundle(TrustList([issuer.trusted]), revoked, issuer.private_key, issuer.kid), issuer.trusted
    )

    assert len(loaded) == 200_000


def test_signing_needs_the_key_id_of_the_key(issuer):
    with pytest.raises(ValueError, match="kid"):
        sign_bundle(TrustList(), RevocationList(), issuer.private_key, b"\x00" * 8)
