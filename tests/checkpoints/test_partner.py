"""一张证明、两地通行: a vehicle pass of 上海庙 passes 宁东's check station because 宁东 imported 上海庙's
trust list; after a revocation, 上海庙 refuses it at once and 宁东 once it has synced the revocation list."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from parkguard.accounts.models import Membership
from parkguard.accounts.roles import Role
from parkguard.checkpoints import demo, partners, services
from parkguard.checkpoints.choices import LaneKind, Outcome
from parkguard.hierarchy.choices import NodeKind
from parkguard.passes.services import revoke_pass
from parkguard.passes.trust import export_revocations, export_trust_list

from ..factories import NodeFactory, UserFactory


@pytest.fixture
def two_sides(world):
    """上海庙 (park B of the cast) and 宁东, each with a road checkpoint, a guard and the other as partner."""
    shanghaimiao = world.nodes["park_b"]
    ningdong, nd_station = demo.ningdong_nodes(world.nodes["national"])
    shm_station = NodeFactory(parent=shanghaimiao, kind=NodeKind.CHECKPOINT, name="宁东出口检查站")
    to_ningdong, to_shanghaimiao = demo.exchange(shanghaimiao, ningdong)
    nd_commander = UserFactory(username="nd_commander")
    Membership.objects.create(user=nd_commander, node=ningdong, role=Role.PARK_COMMANDER)
    sides = {}
    for key, station, commander, partner in [
        ("shm", shm_station, world.users["commander_b"], to_ningdong),
        ("nd", nd_station, nd_commander, to_shanghaimiao),
    ]:
        checkpoint = services.checkpoint_configure(actor=commander, node=station, partners=[partner])
        lane = services.lane_save(
            actor=commander, checkpoint=checkpoint, name="车辆通道", kind=LaneKind.VEHICLE
        )
        guard = UserFactory(username=f"guard_{key}")
        Membership.objects.create(user=guard, node=station, role=Role.GATE_GUARD)
        sides[key] = (checkpoint, lane, guard)
    sides["ningdong"], sides["to_shanghaimiao"] = ningdong, to_shanghaimiao
    return sides


def _scan(sides, key, token):
    checkpoint, lane, guard = sides[key]
    return services.scan(checkpoint, token, guard=guard, direction="in", lane=lane)


def test_a_vehicle_pass_of_shanghaimiao_passes_at_both_sides(world, two_sides, vehicle_pass):
    token = vehicle_pass(world.nodes["enterprise_b"]).token

    at_home, at_partner = _scan(two_sides, "shm", token), _scan(two_sides, "nd", token)

    assert (at_home.outcome, at_partner.outcome) == (Outcome.ALLOWED, Outcome.ALLOWED)
    assert at_partner.issuer == at_home.issuer and at_partner.kind == "vehicle"


def test_after_a_revocation_and_a_sync_both_sides_refuse_it(world, two_sides, vehicle_pass):
    pass_ = vehicle_pass(world.nodes["enterprise_b"])
    revoke_pass(pass_, actor=world.users["commander_b"], reason="车辆登记已注销")

    assert _scan(two_sides, "shm", pass_.token).reason == "revoked"
    # 宁东 still holds 上海庙's list of before the revocation: as a separate server would.
    assert _scan(two_sides, "nd", pass_.token).outcome == Outcome.ALLOWED

    partners.partner_sync(
        actor=None,
        partner=two_sides["to_shanghaimiao"],
        revocations=export_revocations(world.nodes["park_b"]),
    )

    assert _scan(two_sides, "nd", pass_.token).reason == "revoked"
    assert _scan(two_sides, "shm", pass_.token).reason == "revoked"


def test_the_sync_command_imports_the_partners_files(world, two_sides, vehicle_pass, tmp_path):
    pass_ = vehicle_pass(world.nodes["enterprise_b"])
    revoke_pass(pass_, actor=world.users["commander_b"], reason="test")
    trust, revoked = tmp_path / "trust.json", tmp_path / "revocations.json"
    trust.write_text(export_trust_list(world.nodes["park_b"]), encoding="utf-8")
    revoked.write_text(export_revocations(world.nodes["park_b"]), encoding="utf-8")

    call_command(
        "sync_partner",
        str(two_sides["to_shanghaimiao"].pk),
        "--trust-list",
        str(trust),
        "--revocations",
        str(revoked),
    )

    assert _scan(two_sides, "nd", pass_.token).reason == "revoked"


def test_a_partner_the_checkpoint_does_not_accept_is_out_of_its_scope(world, two_sides, vehicle_pass):
    checkpoint, _lane, _guard = two_sides["nd"]
    checkpoint.partners.clear()
    token = vehicle_pass(world.nodes["enterprise_b"]).token
    assert _scan(two_sides, "nd", token).reason == "out_of_scope"


def test_without_the_partners_trust_list_its_passes_are_unknown(world, two_sides, vehicle_pass):
    from parkguard.passes.models import PartnerKey

    PartnerKey.objects.filter(partner=two_sides["to_shanghaimiao"]).delete()
    from parkguard.passes import verification

    verification.invalidate_now()
    token = vehicle_pass(world.nodes["enterprise_b"]).token
    assert _scan(two_sides, "nd", token).reason == "unknown_key"


def test_the_partner_scan_names_nobody_on_the_other_side(world, two_sides, vehicle_pass):
    from parkguard.checkpoints.models import ScanEvent

    result = _scan(two_sides, "nd", vehicle_pass(world.nodes["enterprise_b"]).token)
    scan = ScanEvent.objects.get(pk=result.event_id)
    assert scan.pass_ref is None and scan.person is None and scan.subject_masked


def test_a_damaged_list_changes_nothing_and_says_why(world, two_sides):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        partners.partner_sync(
            actor=None,
            partner=two_sides["to_shanghaimiao"],
            trust_list=export_trust_list(world.nodes["park_b"]),
            revocations="{not json",
        )
    assert two_sides["to_shanghaimiao"].keys.exists()


def test_the_command_finds_the_partner_by_name_and_says_what_it_imported(world, two_sides, tmp_path, capsys):
    revoked = tmp_path / "revocations.json"
    revoked.write_text(export_revocations(world.nodes["park_b"]), encoding="utf-8")
    call_command("sync_partner", "上海庙经济开发区", "--revocations", str(revoked))
    assert "imported revocations" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody"], "no partner"),
        (["上海庙经济开发区", "--trust-list", "/nonexistent/trust.json"], "cannot read"),
        (["上海庙经济开发区"], "No export addresses"),
        (["上海庙经济开发区", "--trust-list", "ftp://example.org/x"], "cannot read"),
    ],
)
def test_the_command_fails_with_a_clear_message(world, two_sides, args, message):
    from django.core.management.base import CommandError
    from django.utils import translation

    with translation.override("en"), pytest.raises(CommandError, match=message):
        call_command("sync_partner", *args)


def test_a_bad_address_is_refused(world, two_sides):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        partners.partner_urls_set(
            actor=None,
            partner=two_sides["to_shanghaimiao"],
            trust_list_url="file:///etc/passwd",
            revocations_url="",
        )


def test_the_partner_page_syncs_from_uploaded_files(world, two_sides, vehicle_pass, login):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    pass_ = vehicle_pass(world.nodes["enterprise_b"])
    revoke_pass(pass_, actor=world.users["commander_b"], reason="test")
    from parkguard.accounts.models import User

    client = login(User.objects.get(username="nd_commander"))
    assert "上海庙经济开发区" in client.get(reverse("checkpoints:partner_list")).content.decode()

    upload = SimpleUploadedFile("revocations.json", export_revocations(world.nodes["park_b"]).encode())
    client.post(
        reverse("checkpoints:partner_sync", args=[two_sides["to_shanghaimiao"].pk]), {"revocations": upload}
    )

    assert _scan(two_sides, "nd", pass_.token).reason == "revoked"


def test_the_partner_page_is_not_for_guards_nor_other_parks(world, two_sides, login):
    from django.urls import reverse

    assert login(two_sides["nd"][2]).get(reverse("checkpoints:partner_list")).status_code == 403
    url = reverse("checkpoints:partner_sync", args=[two_sides["to_shanghaimiao"].pk])
    assert login(world.users["park_commander"]).post(url).status_code == 404
