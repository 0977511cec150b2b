"""Browser test of issue #7's acceptance: an enterprise registers returnees, the command sets up the
isolation site and its rooms, runs the planner and approves the plan, a point-to-point bus departs and
arrives, its passengers check in at the isolation site, observations are entered, one person is released
and their pass turns green."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from parkguard.hierarchy.choices import NodeKind
from parkguard.returns.models import IsolationSite, IsolationStay
from tests.e2e.support import PHONE, assert_fits_screen
from tests.factories import NodeFactory, UserFactory, make_id_number
from tests.returns.builders import vehicle

pytestmark = pytest.mark.e2e


def test_returnees_are_planned_bussed_checked_in_observed_and_released_green(
    world, new_page, log_in, screenshot_dir
) -> None:
    today = timezone.localdate()
    node = NodeFactory(parent=world.nodes["park_a"], kind=NodeKind.ISOLATION_SITE, name="经开区集中隔离点")
    vehicle(world)
    worker = world.people["worker_1"]  # 李工人 of 滇池机械, who can log in to see their pass
    worker.user = UserFactory(username="worker_1", display_name="李工人")
    worker.save()

    # The enterprise registers two returnees: one of its roster, one new person.
    contact = new_page(**PHONE, locale="zh-CN")
    log_in(contact, "enterprise_contact", "/returns/")
    for person in ("roster", "new"):
        contact.locator("#register-enterprises a.register").first.click()
        form = contact.locator("#returnee-form")
        if person == "roster":
            form.locator("#id_person").select_option(str(worker.pk))
        else:
            form.locator("#id_new_name").fill("周矿工")
            form.locator("#id_new_id_number").fill(make_id_number())
            form.locator("#id_new_phone").fill("13912345678")
        form.locator("#id_origin_code").fill("150621")
        form.locator("#id_certificate_number").fill(f"2020-0{len(person)}")
        form.locator("#id_certificate_issuer").fill("达拉特旗某村村委会")
        form.locator("#id_certificate_date").fill((today - dt.timedelta(days=1)).isoformat())
        assert_fits_screen(contact)
        form.locator("button").click()
        expect(contact).to_have_url(re.compile(r"/returns/returnees/\d+/$"))
        contact.goto("/returns/")
    expect(contact.locator("#returnees tbody tr")).to_have_count(2)

    # The command sets up the isolation site and its rooms, runs the planner and approves the plan.
    commander = new_page(**PHONE, locale="zh-CN")
    log_in(commander, "park_commander", reverse("returns:isolation_sites"))
    setup = commander.locator("#site-setup")
    setup.locator("#id_node").select_option(str(node.pk))
    setup.locator("#id_capacity").fill("10")
    setup.locator("button").click()
    for number in ("101", "102"):
        rooms = commander.locator("#room-form")
        rooms.locator("#id_number").fill(number)
        rooms.locator("#id_beds").fill("2")
        rooms.locator("button").click()
        expect(commander.locator("#rooms")).to_contain_text(number)
    site = IsolationSite.objects.get(node=node)
    commander.goto("/returns/")
    commander.locator("#plan-parks a.plan-new").first.click()
    plan_form = commander.locator("#plan-form")
    plan_form.locator("#id_first_day").fill(today.isoformat())
    plan_form.locator("#id_horizon_days").fill("3")
    plan_form.locator("button").click()
    expect(commander.locator("#placed")).to_contain_text("2")
    commander.locator("#approve button").click()
    expect(commander.locator("#runs tbody tr")).to_have_count(1)

    # The bus: crew and vehicle, boarding temperatures, departure, arrival temperatures, arrival.
    commander.locator("#runs tbody a").first.click()
    run_form = commander.locator("#run-form")
    run_form.locator("#id_vehicle").select_option(index=1)
    run_form.locator("#id_driver_name").fill("张师傅")
    run_form.locator("#id_leader_name").fill("李队长")
    run_form.locator("#id_route").fill("达拉特旗—经开区 点对点不停车")
    run_form.locator("button").click()
    for step, temperature in (("depart", "36.5"), ("arrive", "36.6")):
        inputs = commander.locator("#manifest input[name^='t-']")
        expect(inputs).to_have_count(2)
        for i in range(2):
            inputs.nth(i).fill(temperature)
        commander.locator(f"#manifest button[value='{step}']").click()
        expect(commander.locator("#manifest input[name^='t-']")).to_have_count(0 if step == "arrive" else 2)
    run_pk = int(re.search(r"/runs/(\d+)/", commander.url).group(1))

    # The site checks the bus in; the worker's pass is red while under observation.
    commander.goto(reverse("returns:isolation_site", args=[site.pk]))
    commander.locator(f"#run-{run_pk} button").click()
    expect(commander.locator("#stays tbody tr")).to_have_count(2)
    assert_fits_screen(commander)
    commander.screenshot(path=str(screenshot_dir / "isolation-site-phone.png"), full_page=True)

    person = new_page(**PHONE, locale="zh-CN")
    log_in(person, "worker_1", reverse("passes:my_pass"))
    expect(person.locator("#pass-card")).to_have_attribute("data-colour", "red")

    # Observations, morning and evening, then the release (early, with the command's authorised reason).
    stay = IsolationStay.objects.get(person=worker)
    commander.goto(reverse("returns:isolation_stay", args=[stay.pk]))
    for slot, temperature in (("morning", "36.5"), ("evening", "36.7")):
        observation = commander.locator("#observation-form")
        observation.locator("#id_slot").select_option(slot)
        observation.locator("#id_temperature").fill(temperature)
        observation.locator("button").click()
        expect(commander.locator("#observations")).to_contain_text(temperature)
    assert_fits_screen(commander)
    commander.locator("#release-form #id_reason").fill("核酸检测两次阴性，医疗救治组评估同意提前解除")
    commander.locator("#release-form button").click()
    expect(commander.locator("#certificate")).to_be_visible()
    commander.screenshot(path=str(screenshot_dir / "isolation-stay-released-phone.png"), full_page=True)
    certificate = commander.request.get(commander.locator("#certificate").get_attribute("href"))
    assert certificate.ok and certificate.body().startswith(b"%PDF")

    person.reload()
    expect(person.locator("#pass-card")).to_have_attribute("data-colour", "green")

    # Occupancy by day and the check-in form, on the phone too.
    commander.goto(reverse("returns:isolation_occupancy"))
    expect(commander.locator("#occupancy tbody tr").first).to_contain_text("1")
    assert_fits_screen(commander)
    commander.goto(reverse("returns:isolation_check_in", args=[site.pk]))
    expect(commander.locator("#check-in-form")).to_be_visible()
    assert_fits_screen(commander)
    other = IsolationStay.objects.exclude(person=worker).get()
    assert other.released_on is None and stay.site == IsolationSite.objects.get(pk=site.pk)
