"""Trust lists and revocation between two jurisdictions: export, import, bad files, all or nothing."""

from __future__ import annotations

import base64
import json

import pytest

from parkguard import passcodec
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.passes import issuers, services
from parkguard.passes.models import PartnerKey
from parkguard.passes.verification import verify


@pytest.fixture
def pair(world):
    """Park B (上海庙) trusts park A as a partner; A's pass of the resident."""
    park_a, park_b = world.nodes["park_a"], world.nodes["park_b"]
    issuer_a = issuers.issuer_for_park(park_a)
    partner = services.partner_create(
        actor=world.users["commander_b"], park=park_b, name="昆明经开区", issuer_id=issuer_a.issuer_id
    )
    pass_ = services.issue_person_pass(world.people["resident"])
    return world, partner, pass_, issuer_a


def test_a_partners_pass_verifies_only_after_its_trust_list_is_imported(pair):
    world, partner, pass_, issuer_a = pair
    park_b = world.nodes["park_b"]
    assert verify(pass_.token, park=park_b).reason == passcodec.Reason.UNKNOWN_KEY

    services.import_trust_list(
        services.export_trust_list(issuer_a), partner=partner, actor=world.users["commander_b"]
    )

    assert verify(pass_.token, park=park_b).ok


def test_a_revocation_reaches_the_partner_at_its_next_sync(pair):
    world, partner, pass_, issuer_a = pair
    park_b, commander_b = world.nodes["park_b"], world.users["commander_b"]
    services.import_trust_list(services.export_trust_list(issuer_a), partner=partner, actor=commander_b)
    services.revoke_pass(pass_, actor=world.users["park_commander"], reason="stolen")

    assert verify(pass_.token).reason == passcodec.Reason.REVOKED
    assert verify(pass_.token, park=park_b).ok  # not synced yet
    services.import_revocations(services.export_revocations(issuer_a), partner=partner, actor=commander_b)
    assert verify(pass_.token, park=park_b).reason == passcodec.Reason.REVOKED


def test_the_revocation_list_holds_hashes_only(pair):
    world, _partner, pass_, issuer_a = pair
    services.revoke_pass(pass_, actor=world.users["park_commander"], reason="stolen")
    exported = services.export_revocations(issuer_a)
    revoked = passcodec.RevocationList.from_json(exported)
    assert bytes(pass_.pass_id) in revoked
    assert base64.b64encode(bytes(pass_.pass_id)).decode() not in exported


def _import_error(text, partner, actor) -> ServiceError:
    with pytest.raises(ServiceError) as error:
        services.import_trust_list(text, partner=partner, actor=actor)
    return error.value


def test_malformed_trust_lists_are_refused_with_their_reason(pair):
    world, partner, _pass, issuer_a = pair
    actor = world.users["commander_b"]
    good = json.loads(services.export_trust_list(issuer_a))

    assert _import_error("{not json", partner, actor).code == "import_json"
    assert _import_error(json.dumps({"format": "other"}), partner, actor).code == "import_format"
    assert _import_error(json.dumps({**good, "version": 9}), partner, actor).code == "import_version"
    assert _import_error(json.dumps({**good, "keys": []}), partner, actor).code == "trust_empty"
    assert _import_error(json.dumps({**good, "keys": ["x"]}), partner, actor).code == "trust_entry"
    broken = dict(good["keys"][0], public_key="bm90IGEga2V5")
    assert _import_error(json.dumps({**good, "keys": [broken]}), partner, actor).code == "trust_entry"
    backwards = dict(good["keys"][0], not_before=10, not_after=5)
    assert _import_error(json.dumps({**good, "keys": [backwards]}), partner, actor).code == "trust_entry"


def test_a_key_whose_id_does_not_match_is_refused(pair):
    world, partner, _pass, issuer_a = pair
    good = json.loads(services.export_trust_list(issuer_a))
    good["keys"][0]["kid"] = base64.b64encode(b"\x00" * 8).decode()
    error = _import_error(json.dumps(good), partner, world.users["commander_b"])
    assert error.code == "trust_bad_kid" and "Entry 1" in error.messages[0]


def test_a_partner_file_claiming_our_issuer_id_is_refused(pair):
    world, partner, _pass, _issuer_a = pair
    ours = issuers.issuer_for_park(world.nodes["park_b"])
    forged = json.loads(services.export_trust_list(ours))
    error = _import_error(json.dumps(forged), partner, world.users["commander_b"])
    assert error.code == "trust_claims_us" and ours.issuer_id in error.messages[0]


def test_a_key_of_another_issuer_is_refused(pair):
    world, partner, _pass, issuer_a = pair
    good = json.loads(services.export_trust_list(issuer_a))
    good["keys"][0]["issuer"] = "CN-999999-X"
    assert _import_error(json.dumps(good), partner, world.users["commander_b"]).code == "trust_other_issuer"


def test_an_import_is_all_or_nothing(pair):
    world, partner, pass_, issuer_a = pair
    actor = world.users["commander_b"]
    services.import_trust_list(services.export_trust_list(issuer_a), partner=partner, actor=actor)
    issuers.rotate_key(park=world.nodes["park_a"], actor=None)
    rotated = json.loads(services.export_trust_list(issuer_a))
    assert len(rotated["keys"]) == 2
    rotated["keys"][1]["kid"] = base64.b64encode(b"\x01" * 8).decode()

    _import_error(json.dumps(rotated), partner, actor)

    assert PartnerKey.objects.filter(partner=partner).count() == 1
    assert verify(pass_.token, park=world.nodes["park_b"]).ok


def test_malformed_revocation_lists_are_refused(pair):
    world, partner, _pass, issuer_a = pair
    actor = world.users["commander_b"]
    good = json.loads(services.export_revocations(issuer_a))
    for text, code in (
        ("[]", "import_format"),
        ("no", "import_json"),
        (json.dumps({**good, "count": 3}), "revocations_damaged"),
        (json.dumps({**good, "hashes": "***"}), "revocations_damaged"),
        (
            json.dumps({**good, "hashes": base64.b64encode(b"123").decode(), "count": 0}),
            "revocations_damaged",
        ),
    ):
        with pytest.raises(ServiceError) as error:
            services.import_revocations(text, partner=partner, actor=actor)
        assert error.value.code == code, text


def test_only_the_partners_park_manager_imports(pair):
    world, partner, _pass, issuer_a = pair
    with pytest.raises(ScopeError):
        services.import_trust_list(
            services.export_trust_list(issuer_a), partner=partner, actor=world.users["park_commander"]
        )


def test_a_partner_cannot_have_our_issuer_id(world):
    ours = issuers.issuer_for_park(world.nodes["park_b"])
    with pytest.raises(ServiceError) as error:
        services.partner_create(actor=None, park=world.nodes["park_b"], name="假的", issuer_id=ours.issuer_id)
    assert error.value.code == "partner_is_us"


def test_the_signed_bundle_loads_with_the_parks_key_as_anchor(pair):
    world, partner, pass_, issuer_a = pair
    services.import_trust_list(services.export_trust_list(issuer_a), partner=partner, actor=None)
    park_b = world.nodes["park_b"]
    data = services.export_bundle(park_b)
    anchor = issuers.trusted_key(issuers.current_key(issuers.issuer_for_park(park_b)))
    trust, revoked = passcodec.load_bundle(data, anchor)
    assert passcodec.verify_token(pass_.token, trust=trust, revoked=revoked).ok
