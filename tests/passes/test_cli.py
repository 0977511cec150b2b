"""pass_issue prints a token; pass_verify exits 0 for a valid pass and 1 with the reason otherwise."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from parkguard.audit.models import AuditEvent
from parkguard.passes import services


def test_pass_issue_prints_a_token_found_by_id_number(world, capsys):
    person = world.people["resident"]
    call_command("pass_issue", "--id-number", person.id_number)
    token = capsys.readouterr().out.strip()
    assert token.startswith("PC1:")
    assert AuditEvent.objects.filter(object_type="passes.pass").count() == 1


def test_pass_issue_refuses_bad_numbers_and_other_parks(world):
    with pytest.raises(CommandError, match="not a valid"):
        call_command("pass_issue", "--id-number", "123")
    with pytest.raises(CommandError, match="does not belong"):
        call_command(
            "pass_issue", "--id-number", world.people["resident"].id_number, "--park", "上海庙经济开发区"
        )


def test_pass_verify_exits_0_for_a_valid_pass(world, capsys):
    token = services.issue_person_pass(world.people["resident"]).token
    call_command("pass_verify", token)
    out = capsys.readouterr().out
    assert out.startswith("ok: Valid pass.") and "person yellow 王**" in out  # no declaration yet: yellow


def test_pass_verify_exits_1_with_the_reason(world, capsys):
    pass_ = services.issue_person_pass(world.people["resident"])
    services.revoke_pass(pass_, actor=None, reason="test")
    with pytest.raises(SystemExit) as exit_:
        call_command("pass_verify", pass_.token)
    assert exit_.value.code == 1
    assert capsys.readouterr().out.startswith("revoked: The pass has been revoked. / 通行码已被撤销。")
    with pytest.raises(SystemExit):
        call_command("pass_verify", "HC1:garbage")
    assert capsys.readouterr().out.startswith("bad_prefix:")
