from __future__ import annotations

from parkguard.passcodec import PREFIX, Kind, Reason, verify_token

from .conftest import NOW, person_claims


def test_a_valid_pass_verifies_with_its_claims(issuer, trust, revoked):
    claims = person_claims()
    token = issuer.issue(claims)

    verdict = verify_token(token, trust=trust, revoked=revoked, now=NOW, kind=Kind.PERSON)

    assert token.startswith(PREFIX)
    assert verdict.ok and verdict.reason is Reason.OK
    assert verdict.claims == claims
    assert verdict.kid == issuer.kid


def test_scanner_line_endings_are_ignored(issuer, trust, revoked):
    token = issuer.issue()

    assert verify_token(token + "\r\n", trust=trust, revoked=revoked, now=NOW).ok
