"""The returns demo on top of the five parks: 上海庙's returnees, its isolation point, an approved plan."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from parkguard.returns.choices import PlanState, RunStatus
from parkguard.returns.demo import PARK
from parkguard.returns.models import IsolationSite, Returnee, ReturnPlan
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


def _park_path() -> str:
    return ReturnPlan.objects.get(park__name=PARK).park.path
