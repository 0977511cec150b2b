"""The pass page (phone), the officials' pages, printing, the keys page and the public exports."""

from __future__ import annotations

import json

from django.urls import reverse

from parkguard.audit.models import AuditEvent
from parkguard.passes import issuers, services
from parkguard.passes.models import Partner, Pass


def test_my_pass_shows_the_colour_the_masked_name_and_the_qr(world, login, declare):
    declare(world.people["resident"])
    response = login(world.users["resident"]).get(reverse("passes:my_pass"))
    body = response.content.decode()
    assert response.status_code == 200
    pass_ = Pass.objects.get(person=world.people["resident"])
    assert 'data-colour="green"' in body and "王**" in body and "王居民" not in body
    assert "<svg" in body and f'data-pass="{pass_.pass_id_hash}"' in body
    assert "js/passes.js" in body


def test_the_page_state_changes_when_the_colour_does(world, login, declare):
    client = login(world.users["resident"])
    declare(world.people["resident"])
    first = client.get(reverse("passes:my_pass"), {"format": "json"}).json()
    assert first["colour"] == "green"
    assert client.get(reverse("passes:my_pass"), {"format": "json"}).json() == first

    declare(world.people["resident"], temperature="38.5")
    from parkguard.health.status import refresh_status

    refresh_status(world.people["resident"])
    second = client.get(reverse("passes:my_pass"), {"format": "json"}).json()
    assert second["colour"] == "red" and second["pass"] != first["pass"]
    page = client.get(reverse("passes:my_pass")).content.decode()
    assert 'data-colour="red"' in page and "data-code=" in page


def test_a_login_without_a_person_record_gets_a_clear_page(world, login):
    response = login(world.users["grid_official"]).get(reverse("passes:my_pass"))
    assert response.status_code == 404 and "not linked to a person record" in response.content.decode()


def test_officials_list_the_passes_in_their_scope_only(world, login):
    services.issue_person_pass(world.people["resident"])
    services.issue_person_pass(world.people["worker_2"])
    body = login(world.users["grid_official"]).get(reverse("passes:pass_list")).content.decode()
    assert "王**" in body and "赵**" not in body


def test_revoking_on_the_page(world, login):
    pass_ = services.issue_person_pass(world.people["resident"])
    client = login(world.users["park_commander"])
    response = client.post(reverse("passes:pass_revoke", args=[pass_.pk]), {"reason": ""}, follow=True)
    assert "Give the reason for the revocation." in response.content.decode()
    client.post(reverse("passes:pass_revoke", args=[pass_.pk]), {"reason": "丢失"})
    pass_.refresh_from_db()
    assert pass_.revoked_reason == "丢失"
    other = login(world.users["neighbour_official"])
    assert other.post(reverse("passes:pass_revoke", args=[pass_.pk]), {"reason": "x"}).status_code == 404


def test_an_official_prints_a_pass_as_pdf_and_it_is_audited(world, login):
    client = login(world.users["grid_official"])
    response = client.get(reverse("passes:person_pass_print", args=[world.people["worker_1"].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(object_type="passes.pass", changes__printed=True).count() == 1
    outside = client.get(reverse("passes:person_pass_print", args=[world.people["worker_2"].pk]))
    assert outside.status_code == 404


def test_the_keys_page_is_for_key_managers(world, login):
    assert login(world.users["grid_official"]).get(reverse("passes:keys")).status_code == 404
    client = login(world.users["park_commander"])
    body = client.get(reverse("passes:keys")).content.decode()
    issuer = issuers.issuer_for_park(world.nodes["park_a"])
    assert issuer.issuer_id in body and "Current: signs new passes" in body

    client.post(reverse("passes:key_rotate"), {"park": world.nodes["park_a"].pk})
    assert issuer.keys.count() == 2
    client.post(
        reverse("passes:partner_add"),
        {"park": world.nodes["park_a"].pk, "name": "宁东", "issuer_id": "CN-640181-P1"},
    )
    partner = Partner.objects.get(park=world.nodes["park_a"], name="宁东")
    body = client.get(reverse("passes:keys")).content.decode()
    assert "宁东" in body and "no trust list yet" in body and "revoked passes" not in body
    empty = '{"format": "parkguard-revocation-list", "version": 1, "hash": "sha256-128", "count": 0, "hashes": ""}'
    services.import_revocations(empty, partner=partner, actor=None)
    assert "0 revoked passes" in client.get(reverse("passes:keys")).content.decode()


def test_a_bad_upload_shows_its_error(world, login):
    partner = services.partner_create(
        actor=None, park=world.nodes["park_a"], name="宁东", issuer_id="CN-640181-P1"
    )
    client = login(world.users["park_commander"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("trust.json", b"{broken", content_type="application/json")
    response = client.post(
        reverse("passes:partner_import", args=[partner.pk, "trust"]), {"file": upload}, follow=True
    )
    assert "is not a JSON file" in response.content.decode()


def test_exports_are_public(world, client):
    issuer = issuers.issuer_for_park(world.nodes["park_a"])
    trust = client.get(reverse("passes:trust_list_export", args=[issuer.issuer_id]))
    assert trust.status_code == 200 and json.loads(trust.content)["keys"][0]["issuer"] == issuer.issuer_id
    revoked = client.get(reverse("passes:revocations_export", args=[issuer.issuer_id]))
    assert json.loads(revoked.content)["count"] == 0
    bundle = client.get(reverse("passes:bundle_export", args=[issuer.issuer_id]))
    assert bundle.content.startswith(b"PGB1")
    assert client.get(reverse("passes:trust_list_export", args=["CN-nobody"])).status_code == 404


def test_the_pages_refresh_reads_a_few_rows(world, login, declare, django_assert_max_num_queries):
    # Every phone asks once a minute: session, user, person, status (+ park, rule version), pass.
    declare(world.people["resident"])
    client = login(world.users["resident"])
    client.get(reverse("passes:my_pass"), {"format": "json"})
    with django_assert_max_num_queries(7):
        assert client.get(reverse("passes:my_pass"), {"format": "json"}).status_code == 200
