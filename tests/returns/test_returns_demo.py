"""The returns demo on top of the five parks: 上海庙's returnees, its isolation point, an approved plan."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from parkguard.accounts.models import User
from parkguard.health.status import current_status
from parkguard.returns.bulletin import bulletin_section
from parkguard.returns.choices import PlanState, RunStatus
from parkguard.returns.demo import CHECKED_IN_DAYS_AGO, COMMANDER, EARLY_RELEASE_REASON, PARK
from parkguard.returns.models import (
    AlertKind,
    IsolationAlert,
    IsolationSite,
    IsolationStay,
    Observation,
    Returnee,
    ReturnPlan,
)
from parkguard.returns.occupancy import occupancy
from parkguard.returns.planner import check_plan
from parkguard.returns.plans import _assignments, instance_of
from parkguard.returns.selectors import with_blocks


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=hashers), transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_shanghaimiao_registers_a_few_dozen_returnees_some_blocked(demo):
    returnees = with_blocks(list(Returnee.objects.filter(enterprise__path__startswith=_park_path())))
    blocked = [r for r in returnees if r.blocks]
    assert len(returnees) >= 30 and 3 <= len(blocked) < len(returnees) // 2
    assert {b.code for r in blocked for b in r.blocks} >= {
        "no_certificate",
        "origin_risk_area",
        "home_observation",
    }


@pytest.mark.django_db
def test_one_approved_plan_fits_the_isolation_point_and_its_runs(demo):
    plan = ReturnPlan.objects.get(park__name=PARK)
    site = IsolationSite.objects.get(node__path__startswith=_park_path())
    assert plan.state == PlanState.APPROVED and site.rooms.count() > 0
    placed, returnees = _assignments(plan)
    assert placed and check_plan(placed, instance_of(plan, returnees)) == []
    assert plan.entries.filter(arrival_date__isnull=True).exclude(explanation=[]).exists()
    runs = list(plan.runs.all())
    assert sum(r.passengers.count() for r in runs) == len(placed)
    assert [r.status for r in runs].count(RunStatus.ARRIVED) == 1


@pytest.mark.django_db
def test_the_first_bus_is_in_isolation_with_a_history_a_fever_and_an_early_release(demo):
    today = timezone.localdate()
    run = ReturnPlan.objects.get(park__name=PARK).runs.get(status=RunStatus.ARRIVED)
    stays = list(IsolationStay.objects.filter(returnee__rides__run=run).order_by("pk"))
    assert len(stays) == run.passengers.count() >= 3
    assert {s.check_in_date for s in stays} == {today - dt.timedelta(days=CHECKED_IN_DAYS_AGO)}
    assert {s.site.node.name for s in stays} == {"上海庙集中隔离观察点"}
    released = [s for s in stays if not s.is_open]
    assert len(released) == 1 and released[0].released_on == today
    assert released[0].early_release_reason == EARLY_RELEASE_REASON and released[0].certificate_number
    status = current_status(released[0].person)
    assert (status.colour, status.reason_codes) == ("green", ("released",))
    assert current_status(stays[1].person).colour == "red"
    # Twice a day from the check-in to this morning; one evening is missing (the overdue follow-up).
    days = CHECKED_IN_DAYS_AGO * 2 + 1
    counts = sorted(Observation.objects.filter(stay=s).count() for s in stays)
    assert counts == [days - 1] + [days] * (len(stays) - 1)
    alerts = IsolationAlert.objects.filter(stay__in=stays)
    assert [(a.kind, a.date, a.stay_id) for a in alerts] == [(AlertKind.FEVER, today, stays[1].pk)]


@pytest.mark.django_db
def test_occupancy_bulletin_and_dashboard_show_the_isolation_figures(demo, client):
    today = timezone.localdate()
    park = ReturnPlan.objects.get(park__name=PARK).park
    site = IsolationSite.objects.get(node__path__startswith=park.path)
    in_isolation = IsolationStay.objects.filter(site=site, released_on__isnull=True).count()
    assert in_isolation >= 2
    table = occupancy(sites=[site], first_day=today - dt.timedelta(days=CHECKED_IN_DAYS_AGO), days=5)
    assert table.taken == [in_isolation + 1] * CHECKED_IN_DAYS_AGO + [in_isolation]
    summary = bulletin_section(node=park, day=today).summary()
    assert summary["in_isolation"] == in_isolation and summary["beds"] == site.capacity
    assert (summary["releases"], summary["alerts"], summary["check_ins"]) == (1, 1, 0)
    assert summary["returns_arrived"] == in_isolation + 1
    client.force_login(User.objects.get(username=COMMANDER))
    page = client.get(reverse("dashboard:node", args=[park.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="panel-isolation"' in page and f"<strong>{in_isolation}</strong> in isolation" in page
    occupancy_page = client.get(reverse("returns:isolation_occupancy"), HTTP_ACCEPT_LANGUAGE="en")
    assert occupancy_page.status_code == 200 and site.node.name in occupancy_page.content.decode()


@pytest.mark.django_db
def test_a_second_demo_run_changes_no_isolation_figure(demo):
    models = (IsolationStay, Observation, IsolationAlert, ReturnPlan, Returnee)
    before = {m: m.objects.count() for m in models}
    released = list(IsolationStay.objects.filter(released_on__isnull=False).values_list("pk", flat=True))
    call_command("demo", stdout=io.StringIO())
    assert {m: m.objects.count() for m in models} == before
    assert (
        list(IsolationStay.objects.filter(released_on__isnull=False).values_list("pk", flat=True)) == released
    )


def _park_path() -> str:
    return ReturnPlan.objects.get(park__name=PARK).park.path
