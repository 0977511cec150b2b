"""The demo's checkpoints and the partner 宁东, on top of the five parks."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from parkguard.checkpoints import demo, services
from parkguard.checkpoints.choices import Outcome, OwnScope
from parkguard.checkpoints.models import Checkpoint
from parkguard.hierarchy.choices import NodeKind
from parkguard.hierarchy.models import Node

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        call_command("demo", stdout=io.StringIO())  # builds the checkpoints and 宁东 too
        yield
        transaction.set_rollback(True)


def test_ningdong_is_a_park_with_its_own_issuer_and_road_check_station(demo_world):
    ningdong = Node.objects.get(kind=NodeKind.PARK, name=demo.NINGDONG_NAME)
    station = Checkpoint.objects.get(node__name=demo.NINGDONG_CHECKPOINT)
    assert ningdong.pass_issuer.issuer_id.startswith("CN-640181")
    assert [p.name for p in station.partners.all()] == [demo.SHANGHAIMIAO_NAME]


def test_shanghaimiao_and_ningdong_imported_each_others_keys(demo_world):
    shanghaimiao = Checkpoint.objects.get(node__name=demo.SHANGHAIMIAO_CHECKPOINT)
    assert [p.name for p in shanghaimiao.partners.all()] == [demo.NINGDONG_NAME]
    for checkpoint in (shanghaimiao, Checkpoint.objects.get(node__name=demo.NINGDONG_CHECKPOINT)):
        assert checkpoint.partners.get().keys.filter(accepted=True).exists()


def test_every_compound_gate_takes_its_own_people(demo_world):
    compounds = Node.objects.filter(kind=NodeKind.COMPOUND)
    gates = Checkpoint.objects.filter(node__kind=NodeKind.COMPOUND)
    assert gates.count() == compounds.count() and not gates.exclude(own_scope=OwnScope.NODE).exists()


def test_building_it_twice_changes_nothing(demo_world):
    before = (Checkpoint.objects.count(), Node.objects.count())
    demo.build_checkpoints_demo()
    assert (Checkpoint.objects.count(), Node.objects.count()) == before


def test_a_demo_vehicle_pass_of_shanghaimiao_passes_the_ningdong_station(demo_world):
    from parkguard.accounts.models import User
    from parkguard.passes.models import Pass

    shanghaimiao = Node.objects.get(kind=NodeKind.PARK, name=demo.SHANGHAIMIAO_NAME)
    pass_ = Pass.objects.filter(kind="vehicle", vehicle__park=shanghaimiao).first()
    station = Checkpoint.objects.get(node__name=demo.NINGDONG_CHECKPOINT)
    admin = User.objects.get(is_superuser=True)

    result = services.scan(
        station, pass_.token, guard=admin, direction="in", lane=station.lanes.get(name="车辆进入")
    )

    assert (result.outcome, result.kind, result.subject) == (Outcome.ALLOWED, "vehicle", pass_.subject)


def test_a_kunming_pass_is_unknown_at_ningdong(demo_world):
    from parkguard.accounts.models import User
    from parkguard.passes.models import Pass

    kunming = Node.objects.get(kind=NodeKind.PARK, name="昆明经济技术开发区")
    pass_ = Pass.objects.filter(kind="vehicle", vehicle__park=kunming).first()
    station = Checkpoint.objects.get(node__name=demo.NINGDONG_CHECKPOINT)
    admin = User.objects.get(is_superuser=True)

    result = services.scan(
        station, pass_.token, guard=admin, direction="in", lane=station.lanes.get(name="车辆进入")
    )

    assert result.reason == "unknown_key"
