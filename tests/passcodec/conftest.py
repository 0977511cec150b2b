from __future__ import annotations

import os
from dataclasses import replace

import pytest

from parkguard.passcodec import (
    Claims,
    Kind,
    RevocationList,
    TrustedKey,
    TrustList,
    generate_private_key,
    issue_token,
    key_id,
)

NOW = 1_780_000_000
ISSUER = "CN-150624-SHM"
PARTNER = "CN-640181-NDG"


def person_claims(**changes) -> Claims:
    claims = Claims(
        pass_id=os.urandom(16),
        pseudonym=os.urandom(16),
        subject="张*明",
        colour="green",
        kind=Kind.PERSON,
        scope="00001000020000300004",
        ruleset=3,
        issuer=ISSUER,
        issued_at=NOW - 3600,
        expires_at=NOW - 3600 + 24 * 3600,
    )
    return replace(claims, **changes)


class Issuer:
    """One park's signing key and its trust-list entry."""

    def __init__(self, name: str = ISSUER, *, not_before: int = NOW - 86400, not_after: int = NOW + 86400):
        self.name = name
        self.private_key = generate_private_key()
        self.kid = key_id(self.private_key.public_key())
        self.trusted = TrustedKey.for_key(
            self.private_key.public_key(), issuer=name, not_before=not_before, not_after=not_after
        )

    def issue(self, claims: Claims | None = None, **changes) -> str:
        claims = claims or person_claims(issuer=self.name, **changes)
        return issue_token(claims, self.private_key, self.kid)


@pytest.fixture(scope="session")
def issuer() -> Issuer:
    return Issuer()


@pytest.fixture(scope="session")
def trust(issuer) -> TrustList:
    return TrustList([issuer.trusted])


@pytest.fixture
def revoked() -> RevocationList:
    return RevocationList()
