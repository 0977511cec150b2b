"""``parkguard-verify``: files only, exit 0 valid / 1 refused / 2 usage error."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from parkguard.passcodec import RevocationList, TrustList, sign_bundle
from parkguard.passcodec.cli import main

from .conftest import NOW, person_claims


@pytest.fixture
def files(tmp_path, issuer):
    trust = TrustList([issuer.trusted])
    revoked = RevocationList()
    paths = {
        "trust": tmp_path / "trust.json",
        "revoked": tmp_path / "revoked.json",
        "bundle": tmp_path / "gate.bundle",
        "anchor": tmp_path / "anchor.pem",
    }
    paths["trust"].write_text(trust.to_json(), encoding="utf-8")
    paths["revoked"].write_text(revoked.to_json(), encoding="utf-8")
    paths["bundle"].write_bytes(sign_bundle(trust, revoked, issuer.private_key, issuer.kid))
    paths["anchor"].write_bytes(
        issuer.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return paths


def lists(files) -> list[str]:
    return ["--trust", str(files["trust"]), "--revoked", str(files["revoked"]), "--now", str(NOW)]


def test_a_valid_pass_exits_0_with_its_masked_claims(files, issuer, capsys):
    code = main([*lists(files), issuer.issue()])

    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("OK ok")
    assert "张*明" in out and "通行码有效" in out and issuer.kid.hex() in out


def test_a_refused_pass_exits_1_with_the_reason(files, issuer, capsys):
    code = main([*lists(files), "--kind", "vehicle", issuer.issue()])

    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("REFUSED wrong_kind")
    assert "Wrong kind of pass" in out


def test_a_revoked_pass_after_the_list_is_updated(files, issuer, capsys):
    claims = person_claims()
    revoked = RevocationList()
    revoked.add(claims.pass_id)
    files["revoked"].write_text(revoked.to_json(), encoding="utf-8")

    assert main([*lists(files), issuer.issue(claims)]) == 1
    assert "REFUSED revoked" in capsys.readouterr().out


def test_the_token_is_read_from_stdin_with_a_dash(files, issuer, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(issuer.issue() + "\n"))

    assert main([*lists(files), "-"]) == 0


def test_json_output(files, issuer, capsys):
    main([*lists(files), "--json", "PC1:0"])

    document = json.loads(capsys.readouterr().out)
    assert document["ok"] is False and document["reason"] == "truncated"
    assert document["message"]["zh"] == "码内容不完整（被截断）。"


def test_the_signed_bundle_replaces_the_plain_files(files, issuer, capsys):
    argv = ["--bundle", str(files["bundle"]), "--anchor", str(files["anchor"]), "--now", str(NOW)]

    assert main([*argv, issuer.issue()]) == 0


def test_a_tampered_bundle_is_a_usage_error(files, issuer, capsys):
    data = bytearray(files["bundle"].read_bytes())
    data[-3] ^= 1
    files["bundle"].write_bytes(bytes(data))

    code = main(["--bundle", str(files["bundle"]), "--anchor", str(files["anchor"]), issuer.issue()])

    assert code == 2
    assert "bundle refused" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["PC1:"],  # no lists
        ["--trust", "x.json", "PC1:"],  # no revocation list
        ["--bundle", "gate.bundle", "PC1:"],  # bundle without anchor
        ["--trust", "missing.json", "--revoked", "missing.json", "PC1:"],
        ["--kind", "bicycle", "PC1:"],
        [],
    ],
)
def test_usage_errors_exit_2(files, argv, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        raise SystemExit(main(argv))

    assert exit_info.value.code == 2


def test_a_file_that_is_not_a_trust_list_is_a_usage_error(files, issuer, capsys):
    files["trust"].write_text("{}", encoding="utf-8")

    assert main([*lists(files), issuer.issue()]) == 2
    assert "not a ParkGuard trust list" in capsys.readouterr().err


def test_the_console_script_runs_without_django(files, issuer):
    # the gate device has the package and two files: no settings, no database
    script = Path(sys.executable).with_name("parkguard-verify")
    probe = (
        "import sys; from parkguard.passcodec.cli import main; code = main(sys.argv[1:]); "
        "assert 'django' not in sys.modules, 'Django was imported'; sys.exit(code)"
    )
    token = issuer.issue()
    env = {"PATH": "/usr/bin:/bin"}

    by_script = subprocess.run(  # noqa: S603 - our console script, our arguments
        [str(script), *lists(files), token], capture_output=True, text=True, env=env
    )
    by_probe = subprocess.run(  # noqa: S603
        [sys.executable, "-c", probe, *lists(files), token[:-3]], capture_output=True, text=True, env=env
    )

    assert by_script.returncode == 0, by_script.stderr
    assert by_script.stdout.startswith("OK ok")
    assert by_probe.returncode == 1, by_probe.stderr
    assert by_probe.stdout.startswith("REFUSED")
