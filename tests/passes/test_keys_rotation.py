"""Signing keys: encrypted at rest, rotation, validity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from parkguard import passcodec
from parkguard.core.errors import ScopeError, ServiceError
from parkguard.passes import issuers, services
from parkguard.passes.models import SigningKey
from parkguard.passes.verification import verify


def test_the_private_key_is_encrypted_in_the_database(world):
    issuer = issuers.issuer_for_park(world.nodes["park_a"])
    key = SigningKey.objects.get(issuer=issuer)
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_key FROM passes_signingkey WHERE id = %s", [key.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("v1$") and "PRIVATE KEY" not in stored
    assert key.private_key.startswith("-----BEGIN PRIVATE KEY-----")


def test_the_key_id_is_the_dcc_key_id(world):
    key = SigningKey.objects.get(issuer=issuers.issuer_for_park(world.nodes["park_a"]))
    public = issuers.private_key_of(key).public_key()
    assert key.kid == passcodec.key_id(public).hex() and len(key.kid) == 16


def test_rotation_signs_new_passes_with_the_new_key_and_old_passes_still_verify(world):
    person = world.people["resident"]
    old_pass = services.issue_person_pass(person)
    old_key = old_pass.key

    new_key = issuers.rotate_key(park=world.nodes["park_a"], actor=world.users["park_commander"])

    new_pass = services.issue_person_pass(person)
    assert new_pass.key == new_key != old_key
    old_key.refresh_from_db()
    assert old_key.retired_at is not None and old_key.not_after >= old_pass.expires_at
    assert verify(old_pass.token).ok and verify(new_pass.token).ok
    assert verify(old_pass.token, now=old_pass.expires_at).reason == passcodec.Reason.EXPIRED


def test_the_rotate_command(world, capsys):
    issuer = issuers.issuer_for_park(world.nodes["park_a"])
    call_command("pass_rotate_key", "--park", issuer.issuer_id)
    assert "new key" in capsys.readouterr().out
    assert SigningKey.objects.filter(issuer=issuer, retired_at__isnull=True).count() == 1
    assert SigningKey.objects.filter(issuer=issuer).count() == 2


def test_only_a_key_manager_of_the_park_rotates(world):
    for user in ("grid_official", "task_force_member", "commander_b"):
        with pytest.raises(ScopeError):
            issuers.rotate_key(park=world.nodes["park_a"], actor=world.users[user])


def test_no_pass_is_issued_when_no_key_is_valid_now(world):
    issuer = issuers.issuer_for_park(world.nodes["park_a"])
    SigningKey.objects.filter(issuer=issuer).update(not_after=timezone.now() - dt.timedelta(days=1))
    with pytest.raises(ServiceError) as error:
        services.issue_person_pass(world.people["resident"])
    assert error.value.code == "no_valid_key" and "pass_rotate_key" in error.value.messages[0]


def test_a_pass_signed_outside_its_keys_validity_is_refused(world):
    pass_ = services.issue_person_pass(world.people["resident"])
    SigningKey.objects.filter(pk=pass_.key_id).update(not_before=pass_.issued_at + dt.timedelta(hours=1))
    assert verify(pass_.token).reason == passcodec.Reason.KEY_NOT_VALID
