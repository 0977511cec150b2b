"""Issue #5 in a browser: a resident's pass turns yellow after a declared travel to a risk area, and the
guard of their compound's gate sees yellow; a commander's manual red needs a second official, and the
guard refuses the new red pass and the revoked yellow one; a vehicle pass of 上海庙 passes 宁东's road
check station, is refused by 上海庙 at once after a revocation, and by 宁东 after its partner sync."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from parkguard.accounts.models import Membership
from parkguard.accounts.roles import Role
from parkguard.checkpoints import demo, services
from parkguard.checkpoints.choices import OwnScope
from parkguard.checkpoints.models import PartnerSync
from parkguard.health.models import ManualChange, RiskArea
from parkguard.hierarchy.choices import NodeKind
from parkguard.passes.models import Pass
from parkguard.passes.services import issue_vehicle_pass
from parkguard.vehicles.services import vehicle_approve, vehicle_register

from ..factories import NodeFactory, UserFactory
from .support import DESKTOP, PHONE, assert_fits_screen

pytestmark = pytest.mark.e2e


def _guard(username: str, node) -> None:  # type: ignore[no-untyped-def]
    Membership.objects.create(user=UserFactory(username=username), node=node, role=Role.GATE_GUARD)


def _read_qr(page: Page) -> str:
    """What a camera reads off the pass on the resident's screen."""
    image = Image.open(io.BytesIO(page.locator("#pass-qr").screenshot()))
    found = zxingcpp.read_barcodes(image)
    assert found, "no QR code on the pass page"
    return found[0].text


def _scan(page: Page, token: str, outcome: str):  # type: ignore[no-untyped-def]
    """Type the code as a keyboard-wedge scanner does (text, then Enter) and wait for the verdict."""
    page.locator("#token").fill(token)
    page.locator("#token").press("Enter")
    verdict = page.locator("#verdict")
    expect(verdict).to_be_visible()
    expect(verdict).to_have_class(re.compile(rf"verdict-{outcome}\b"))
    return verdict


def _next(page: Page) -> None:
    page.locator("#verdict-close").click()
    expect(page.locator("#verdict")).to_be_hidden()
    expect(page.locator("#token")).to_be_focused()


def _declare_travel_to_wuchang(resident: Page) -> None:
    today = timezone.localdate()
    resident.locator("#temperature").fill("36.6")
    resident.locator("input[name=contact][value='0']").check()
    resident.locator("input[name=under_observation][value='0']").check()
    resident.locator("input[name='travel-0-place']").fill("420106 湖北省 武汉市 武昌区")
    resident.locator("input[name='travel-0-from']").fill((today - dt.timedelta(days=5)).isoformat())
    resident.locator("input[name='travel-0-to']").fill((today - dt.timedelta(days=3)).isoformat())
    resident.locator("#submit-declaration").click()
    expect(resident.locator("#colour-status")).to_have_attribute("data-colour", "yellow")


def _manual_red(world, new_page, log_in) -> None:  # type: ignore[no-untyped-def]
    """The commander asks for red; they cannot approve it themselves; a task-force member does."""
    commander = new_page(**DESKTOP, locale="en-GB")
    log_in(commander, "park_commander", f"/health/people/{world.people['resident'].pk}/")
    commander.locator("#id_colour").select_option("red")
    commander.locator("#id_reason").fill("密接核查 close-contact check")
    until = timezone.localtime() + dt.timedelta(days=1)
    commander.locator("#id_until").fill(until.strftime("%Y-%m-%dT%H:%M"))
    commander.locator("#request-change").click()
    change = ManualChange.objects.get()
    commander.goto("/health/manual/?status=pending")
    commander.locator(f"#approve-{change.pk}").click()
    expect(commander.locator(".message.error")).to_be_visible()
    change.refresh_from_db()
    assert change.status == "pending"

    officer = new_page(**DESKTOP, locale="zh-CN")
    log_in(officer, "task_force_member", "/health/manual/")
    officer.locator(f"#approve-{change.pk}").click()
    expect(officer.locator(f"#change-{change.pk}")).to_contain_text(re.compile("已批准|Approved"))


def test_a_yellow_pass_at_the_compound_gate_then_a_manual_red(
    world, new_page, log_in, screenshot_dir: Path
) -> None:
    RiskArea.objects.create(
        park=world.nodes["park_a"],
        division_code="420106",
        name="湖北省 武汉市 武昌区",
        level="medium",
        valid_from=timezone.localdate() - dt.timedelta(days=20),
    )
    services.checkpoint_configure(
        actor=world.users["park_commander"], node=world.nodes["compound_1"], own_scope=OwnScope.NODE
    )
    _guard("compound_guard", world.nodes["compound_1"])

    resident = new_page(**PHONE, locale="zh-CN")
    log_in(resident, "resident", "/health/declare/")
    _declare_travel_to_wuchang(resident)
    resident.goto("/passes/mine/")
    expect(resident.locator("#pass-card")).to_have_attribute("data-colour", "yellow")
    expect(resident.locator("#pass-reasons li[data-code=medium_risk_travel]")).to_contain_text("武昌区")
    yellow = _read_qr(resident)

    guard = new_page(**PHONE, locale="zh-CN")
    log_in(guard, "compound_guard", "/checkpoints/")
    expect(guard).to_have_url(re.compile(r"/checkpoints/\d+/scan/"))
    expect(guard.locator("#token")).to_be_focused()
    verdict = _scan(guard, yellow, "check")
    expect(verdict).to_have_class(re.compile(r"colour-yellow"))
    expect(guard.locator("#verdict-subject")).to_have_text(world.people["resident"].name_masked)
    expect(guard.locator("#verdict-code")).to_have_text("colour_check")
    assert_fits_screen(guard)
    guard.screenshot(path=str(screenshot_dir / "guard-verdict-yellow-phone.png"))
    _next(guard)
    expect(guard.locator("#recent li")).to_have_count(1)

    _manual_red(world, new_page, log_in)

    resident.reload()
    expect(resident.locator("#pass-card")).to_have_attribute("data-colour", "red")
    red = _read_qr(resident)
    assert red != yellow
    verdict = _scan(guard, red, "refused")
    expect(verdict).to_have_class(re.compile(r"colour-red"))
    expect(guard.locator("#verdict-code")).to_have_text("colour_refused")
    _next(guard)
    _scan(guard, yellow, "refused")  # the yellow pass was revoked when the colour worsened
    expect(guard.locator("#verdict-code")).to_have_text("revoked")
    guard.screenshot(path=str(screenshot_dir / "guard-verdict-revoked-phone.png"))


def _two_sides(world, live_server):  # type: ignore[no-untyped-def]
    """上海庙 (park B) and 宁东, each with a road check station and a guard, partners of each other.

    Each side fetches the other's lists from the export endpoints of the live server, as two ParkGuard
    servers would."""
    shanghaimiao = world.nodes["park_b"]
    ningdong, nd_station = demo.ningdong_nodes(world.nodes["national"])
    shm_station = NodeFactory(
        parent=shanghaimiao, kind=NodeKind.CHECKPOINT, name=demo.SHANGHAIMIAO_CHECKPOINT
    )
    to_ningdong, to_shanghaimiao = demo.exchange(shanghaimiao, ningdong)
    demo.gate(shm_station, partners=[to_ningdong])
    demo.gate(nd_station, partners=[to_shanghaimiao])
    _guard("guard_shm", shm_station)
    _guard("guard_nd", nd_station)
    Membership.objects.create(
        user=UserFactory(username="commander_nd"), node=ningdong, role=Role.PARK_COMMANDER
    )
    issuer_id = shanghaimiao.pass_issuer.issuer_id
    PartnerSync.objects.update_or_create(
        partner=to_shanghaimiao,
        defaults={
            "trust_list_url": live_server.url + reverse("passes:trust_list_export", args=[issuer_id]),
            "revocations_url": live_server.url + reverse("passes:revocations_export", args=[issuer_id]),
        },
    )
    return to_shanghaimiao


def _vehicle_pass(company) -> Pass:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    vehicle = vehicle_register(
        actor=None,
        company=company,
        data={
            "plate": "蒙K6D789",
            "vehicle_type": "truck",
            "driver_name": "张司机",
            "driver_phone": "13912345678",
            "cargo": "原煤",
            "route": "上海庙—宁东",
            "valid_from": today,
            "valid_to": today + dt.timedelta(days=7),
        },
    )
    return issue_vehicle_pass(vehicle_approve(actor=None, vehicle=vehicle), actor=None)


def _vehicle_lane(page: Page) -> None:
    page.locator("nav.filters a", has_text="车辆进入").click()
    expect(page.locator("nav.filters a.active")).to_contain_text("车辆进入")


def test_a_shanghaimiao_vehicle_pass_at_ningdong_until_revoked_and_synced(
    world, new_page, log_in, live_server, screenshot_dir: Path
) -> None:
    partner = _two_sides(world, live_server)
    pass_ = _vehicle_pass(world.nodes["enterprise_b"])

    ningdong = new_page(**PHONE, locale="zh-CN")
    log_in(ningdong, "guard_nd", "/checkpoints/")
    _vehicle_lane(ningdong)
    _scan(ningdong, pass_.token, "allowed")
    expect(ningdong.locator("#verdict-subject")).to_have_text(pass_.subject)
    ningdong.screenshot(path=str(screenshot_dir / "guard-ningdong-allowed-phone.png"))
    _next(ningdong)

    commander = new_page(**DESKTOP, locale="zh-CN")
    log_in(commander, "commander_b", f"/passes/{pass_.pk}/")
    commander.locator("#reason").fill("车辆登记注销")
    commander.locator("#revoke").click()
    expect(commander.locator("#pass-state")).to_contain_text(re.compile("已撤销|Revoked"))

    shanghaimiao = new_page(**PHONE, locale="zh-CN")
    log_in(shanghaimiao, "guard_shm", "/checkpoints/")
    _vehicle_lane(shanghaimiao)
    _scan(shanghaimiao, pass_.token, "refused")
    expect(shanghaimiao.locator("#verdict-code")).to_have_text("revoked")

    # 宁东 still holds 上海庙's revocation list of before: a separate server refuses only after a sync.
    _scan(ningdong, pass_.token, "allowed")
    _next(ningdong)

    operator = new_page(**DESKTOP, locale="zh-CN")
    log_in(operator, "commander_nd", "/checkpoints/partners/")
    operator.locator(f"#partner-{partner.pk} .sync-now").click()
    expect(operator.locator(".message").first).to_be_visible()
    expect(operator.locator(f"#partner-{partner.pk} .revocations")).to_contain_text("1")

    _scan(ningdong, pass_.token, "refused")
    expect(ningdong.locator("#verdict-code")).to_have_text("revoked")
    ningdong.screenshot(path=str(screenshot_dir / "guard-ningdong-revoked-phone.png"))


def test_the_vendored_decoder_reads_a_pass_where_the_browser_has_no_barcode_detector(
    world, new_page, log_in
) -> None:
    """Firefox and Safari have no BarcodeDetector: the guard's page falls back to the zxing-wasm build
    served from static/vendor (never a CDN). It must read a pass's QR code back to the exact token."""
    import base64

    from parkguard.passcodec import render_qr_png
    from parkguard.passes.services import issue_person_pass

    services.checkpoint_configure(actor=world.users["park_commander"], node=world.nodes["compound_1"])
    _guard("compound_guard", world.nodes["compound_1"])
    token = issue_person_pass(world.people["resident"]).token
    png = base64.b64encode(render_qr_png(token)).decode("ascii")
    guard = new_page(**PHONE, locale="zh-CN")
    log_in(guard, "compound_guard", "/checkpoints/")

    read = guard.evaluate(
        """async (png) => {
            const root = document.getElementById("guard");
            await new Promise((resolve, reject) => {
                const script = document.createElement("script");
                script.src = root.dataset.zxing; script.onload = resolve; script.onerror = reject;
                document.head.appendChild(script);
            });
            ZXingWASM.prepareZXingModule({overrides: {locateFile: () => root.dataset.zxingWasm}});
            const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
            const found = await ZXingWASM.readBarcodes(new Blob([bytes], {type: "image/png"}), {formats: ["QRCode"]});
            return found.length ? found[0].text : null;
        }""",
        png,
    )

    assert read == token
