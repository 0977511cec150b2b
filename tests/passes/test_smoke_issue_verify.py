from parkguard.passes import services
from parkguard.passes.verification import verify


def test_a_resident_pass_verifies_and_a_revoked_one_is_refused(world, declare):
    person = world.people["resident"]
    declare(person)
    pass_ = services.issue_person_pass(person)
    assert pass_.colour == "green"
    verdict = verify(pass_.token)
    assert verdict.ok, verdict.reason
    services.revoke_pass(pass_, actor=world.users["park_commander"], reason="test")
    assert verify(pass_.token).reason == "revoked"
