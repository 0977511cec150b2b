"""Issuing a person's pass: claims minimal and masked, a stable random pseudonym, scope, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from parkguard import passcodec
from parkguard.audit.models import AuditEvent
from parkguard.core.errors import ScopeError
from parkguard.passes import services
from parkguard.passes.models import Pass, Pseudonym
from parkguard.passes.verification import verify


def test_a_green_resident_gets_a_pass_that_verifies(world, declare):
    person = world.people["resident"]
    declare(person)

    pass_ = services.issue_person_pass(person)

    verdict = verify(pass_.token)
    assert verdict.ok and verdict.reason == passcodec.Reason.OK
    claims = verdict.claims
    assert claims.colour == "green" and claims.kind == "person"
    assert claims.subject == "王**" and "王居民" not in pass_.token
    assert claims.issuer == pass_.issuer.issuer_id and claims.issuer.startswith("CN-530111-")
    assert claims.scope == person.residence.path
    assert claims.pass_id == bytes(pass_.pass_id)


def test_a_pass_expires_within_the_configured_validity(world, declare, settings):
    settings.PASS_VALIDITY_HOURS = 8
    declare(world.people["resident"])
    pass_ = services.issue_person_pass(world.people["resident"])
    assert pass_.expires_at - pass_.issued_at == dt.timedelta(hours=8)


def test_the_pseudonym_is_random_once_per_person_and_not_derived_from_the_id_number(world, declare):
    person, other = world.people["resident"], world.people["worker_1"]
    first = verify(services.issue_person_pass(person).token).claims
    second = verify(services.issue_person_pass(person).token).claims
    third = verify(services.issue_person_pass(other).token).claims

    assert first.pseudonym == second.pseudonym != third.pseudonym
    assert first.pass_id != second.pass_id
    assert Pseudonym.objects.count() == 2
    assert person.id_number.encode() not in first.pseudonym


def test_issuing_is_audited(world):
    pass_ = services.issue_person_pass(world.people["resident"], actor=world.users["grid_official"])
    event = AuditEvent.objects.get(object_type="passes.pass", object_id=str(pass_.pk))
    assert event.actor == world.users["grid_official"] and event.changes["colour"] == pass_.colour


def test_a_person_outside_the_officials_scope_gets_no_pass(world):
    with pytest.raises(ScopeError) as error:
        services.issue_person_pass(world.people["worker_2"], actor=world.users["grid_official"])
    assert error.value.code == "out_of_scope"
    assert "outside your scope" in error.value.messages[0]
    assert not Pass.objects.exists()


def test_a_person_may_have_their_own_pass(world):
    pass_ = services.person_pass_get_or_issue(world.people["resident"], actor=world.users["resident"])
    again = services.person_pass_get_or_issue(world.people["resident"], actor=world.users["resident"])
    assert again == pass_


def test_a_pass_close_to_expiry_is_renewed_on_the_page(world, settings):
    person = world.people["resident"]
    pass_ = services.person_pass_get_or_issue(person)
    settings.PASS_RENEW_MINUTES = 25 * 60  # every pass is now "about to expire"
    renewed = services.person_pass_get_or_issue(person)
    assert renewed != pass_
    pass_.refresh_from_db()
    assert pass_.superseded_at is not None and pass_.revoked_at is None


def test_a_revoked_pass_is_refused_and_revocation_needs_a_reason(world):
    pass_ = services.issue_person_pass(world.people["resident"])
    commander = world.users["park_commander"]
    with pytest.raises(Exception) as error:
        services.revoke_pass(pass_, actor=commander, reason=" ")
    assert error.value.code == "reason_required"

    services.revoke_pass(pass_, actor=commander, reason="lost phone")

    assert verify(pass_.token).reason == passcodec.Reason.REVOKED
    with pytest.raises(Exception) as error:
        services.revoke_pass(pass_, actor=commander, reason="again")
    assert error.value.code == "already_revoked"


def test_only_officials_over_the_holder_revoke(world):
    pass_ = services.issue_person_pass(world.people["resident"])
    for user in ("neighbour_official", "resident", "gate_guard", "commander_b"):
        with pytest.raises(ScopeError):
            services.revoke_pass(pass_, actor=world.users[user], reason="no")
    assert verify(pass_.token).ok
