"""The pages of registration, plans and runs: forms post to the services, errors show, scope is 404."""

from __future__ import annotations

import datetime as dt

import pytest

from parkguard.returns.choices import RunStatus
from parkguard.returns.models import Returnee, ReturnPlan, TransportRun

from .builders import SAFE_ORIGIN, returnee, site, today, vehicle

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def form(world, **extra):
    data = {
        "person": world.people["worker_1"].pk,
        "origin_code": SAFE_ORIGIN,
        "certificate_number": "2020-017",
        "certificate_issuer": "某村村委会",
        "certificate_date": str(today() - dt.timedelta(days=1)),
        "symptoms": "",
        "family_members": "王某 配偶\n李某 子女",
        "travel-TOTAL_FORMS": "3",
        "travel-INITIAL_FORMS": "0",
        "travel-0-division_code": "620102",
        "travel-0-date_from": str(today() - dt.timedelta(days=4)),
        "travel-0-date_to": str(today() - dt.timedelta(days=3)),
    }
    data.update(extra)
    return data


def test_the_contact_registers_on_the_form_and_sees_the_detail(world, login):
    client = login(world.users["enterprise_contact"])
    url = f"/returns/register/{world.nodes['enterprise_1'].pk}/"
    assert client.get(url, **EN).status_code == 200
    response = client.post(url, form(world), **EN)
    assert response.status_code == 302, response.content.decode()[:2000]
    r = Returnee.objects.get()
    assert r.family_members == ["王某 配偶", "李某 子女"] and r.travels.count() == 1
    detail = client.get(response["Location"], **EN).content.decode()
    assert "Origin control: the return may be planned." in detail


def test_errors_show_on_the_form(world, login):
    client = login(world.users["enterprise_contact"])
    url = f"/returns/register/{world.nodes['enterprise_1'].pk}/"
    bad = form(world, **{"travel-0-date_to": str(today() + dt.timedelta(days=3))})
    page = client.post(url, bad, **EN).content.decode()
    assert "Travel 1: a travel date cannot be in the future." in page
    assert not Returnee.objects.exists()


def test_the_list_shows_the_blocking_reasons(world, login):
    returnee(world, certificate_number="")
    page = login(world.users["enterprise_contact"]).get("/returns/", **EN).content.decode()
    assert "No origin certificate from the home village or community." in page


def test_another_enterprise_is_404(world, login):
    client = login(world.users["enterprise_contact"])
    assert client.get(f"/returns/register/{world.nodes['enterprise_2'].pk}/").status_code == 404
    other = returnee(world, enterprise="enterprise_2")
    assert client.get(f"/returns/returnees/{other.pk}/").status_code == 404


def test_the_command_plans_edits_approves_and_the_bus_arrives(world, login):
    s = site(world, capacity=1, name="一号隔离点")
    a, b = returnee(world), returnee(world)
    client = login(world.users["park_commander"])
    first = today() + dt.timedelta(days=1)
    response = client.post(
        f"/returns/plans/new/{world.nodes['park_a'].pk}/",
        {
            "first_day": str(first),
            "horizon_days": "4",
            "observation_days": "2",
            "bus_seats": "2",
            "bus_quota": "",
            "sites": [s.pk],
        },
        **EN,
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = ReturnPlan.objects.get()
    page = client.get(response["Location"], **EN).content.decode()
    assert "一号隔离点" in page and "Gap" in page

    entries = {e.returnee_id: e for e in plan.entries.all()}
    clash = client.post(
        f"/returns/plans/{plan.pk}/entries/{entries[b.pk].pk}/",
        {"arrival_date": str(entries[a.pk].arrival_date), "site": s.pk, "action": "move"},
        **EN,
    )
    assert clash.status_code == 400 and "free beds" in clash.content.decode()

    assert client.post(f"/returns/plans/{plan.pk}/approve/", **EN).status_code == 302
    run = TransportRun.objects.filter(plan=plan).first()
    bus = vehicle(world)
    saved = client.post(
        f"/returns/runs/{run.pk}/edit/",
        {
            "vehicle": bus.pk,
            "driver_name": "张师傅",
            "leader_name": "李队长",
            "route": "点对点",
            "seats": "2",
        },
        **EN,
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    temps = {f"t-{p.pk}": "36.5" for p in run.passengers.all()}
    assert (
        client.post(f"/returns/runs/{run.pk}/step/", {**temps, "action": "depart"}, **EN).status_code == 302
    )
    assert (
        client.post(f"/returns/runs/{run.pk}/step/", {**temps, "action": "arrive"}, **EN).status_code == 302
    )
    assert TransportRun.objects.get(pk=run.pk).status == RunStatus.ARRIVED


def test_a_refused_step_shows_its_error(world, login):
    s = site(world)
    returnee(world)
    client = login(world.users["park_commander"])
    from parkguard.returns.plans import plan_approve, plan_run

    plan = plan_run(
        actor=world.users["park_commander"],
        park=world.nodes["park_a"],
        first_day=today(),
        horizon_days=2,
        observation_days=2,
        bus_seats=2,
        sites=[s],
        time_limit=5,
    )
    plan_approve(actor=world.users["park_commander"], plan=plan)
    run = TransportRun.objects.get(plan=plan)
    page = client.post(f"/returns/runs/{run.pk}/step/", {"action": "depart"}, **EN)
    assert page.status_code == 400
    assert "Before departure the run needs" in page.content.decode()


def test_the_enterprise_contact_cannot_open_the_planner(world, login):
    client = login(world.users["enterprise_contact"])
    assert client.get(f"/returns/plans/new/{world.nodes['park_a'].pk}/").status_code == 404


def test_the_registration_is_changed_on_its_form(world, login):
    r = returnee(world, enterprise="enterprise_1", person=world.people["worker_1"])
    client = login(world.users["enterprise_contact"])
    url = f"/returns/returnees/{r.pk}/edit/"
    assert client.get(url, **EN).status_code == 200
    data = form(world, key_position="on")
    data.pop("person")
    response = client.post(url, data, **EN)
    assert response.status_code == 302, response.content.decode()[:2000]
    r.refresh_from_db()
    assert r.key_position and r.travels.count() == 1
