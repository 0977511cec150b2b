"""Origin control (issue #7): certificate, risk areas of origin and travel, home observation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import translation

from parkguard.health.models import Declaration, RiskArea
from parkguard.returns.choices import Block
from parkguard.returns.models import PlanEntry, Returnee, ReturnPlan, ReturnTravel
from parkguard.returns.origin import origin_control

TODAY = dt.date(2020, 2, 20)
WUHAN_WUCHANG = "420106"
OTHER_PROVINCE = "150621"


@pytest.fixture(autouse=True)
def english():
    """These tests read the English reasons (their Chinese is checked in test_messages_zh.py)."""
    with translation.override("en"):
        yield


@pytest.fixture
def returnee(world):
    def _make(**fields):
        values = {
            "person": world.people["worker_1"],
            "enterprise": world.nodes["enterprise_1"],
            "origin_code": OTHER_PROVINCE,
            "certificate_number": "2020-017",
            "certificate_issuer": "上海庙镇某村",
            "certificate_date": TODAY - dt.timedelta(days=2),
        }
        values.update(fields)
        return Returnee.objects.create(**values)

    return _make


def area(world, code, *, park="park_a", start=TODAY - dt.timedelta(days=30), end=None, level="high"):
    return RiskArea.objects.create(
        park=world.nodes[park], division_code=code, name=code, level=level, valid_from=start, valid_to=end
    )


def codes(r):
    return [b.code for b in origin_control(r, today=TODAY)]


def test_a_certified_returnee_from_a_safe_place_may_return(returnee):
    assert origin_control(returnee(), today=TODAY) == []


def test_missing_certificate_blocks(returnee):
    blocked = origin_control(returnee(certificate_number=""), today=TODAY)
    assert [b.code for b in blocked] == [Block.NO_CERTIFICATE]
    assert "certificate" in blocked[0].message


def test_origin_in_a_risk_area_of_the_park_blocks_and_a_province_covers_its_counties(world, returnee):
    area(world, "420000")  # Hubei, the whole province
    blocked = origin_control(returnee(origin_code=WUHAN_WUCHANG), today=TODAY)
    assert [b.code for b in blocked] == [Block.ORIGIN_RISK_AREA]
    assert "risk area" in blocked[0].message


def test_risk_areas_of_another_park_or_ended_ones_do_not_block_the_origin(world, returnee):
    area(world, WUHAN_WUCHANG, park="park_b")
    area(world, WUHAN_WUCHANG, end=TODAY - dt.timedelta(days=1))
    assert codes(returnee(origin_code=WUHAN_WUCHANG)) == []


def test_recent_travel_through_a_risk_area_blocks_old_travel_does_not(world, returnee):
    area(world, WUHAN_WUCHANG)
    recent = returnee()
    ReturnTravel.objects.create(
        returnee=recent,
        division_code=WUHAN_WUCHANG,
        date_from=TODAY - dt.timedelta(days=5),
        date_to=TODAY - dt.timedelta(days=4),
    )
    blocked = origin_control(recent, today=TODAY)
    assert [b.code for b in blocked] == [Block.TRAVEL_RISK_AREA]
    assert "14 days" in blocked[0].message

    ReturnTravel.objects.filter(returnee=recent).update(
        date_from=TODAY - dt.timedelta(days=30), date_to=TODAY - dt.timedelta(days=20)
    )
    assert codes(recent) == []


def test_home_observation_unfinished_blocks(world, returnee):
    assert codes(returnee(home_observation_until=TODAY + dt.timedelta(days=3))) == [Block.HOME_OBSERVATION]
    assert (
        codes(returnee(home_observation_until=TODAY - dt.timedelta(days=1), person=world.people["worker_2"]))
        == []
    )


def test_declared_under_observation_blocks(world, returnee):
    r = returnee()
    Declaration.objects.create(
        person=r.person,
        date=TODAY - dt.timedelta(days=1),
        temperature=Decimal("36.5"),
        under_observation=True,
    )
    assert codes(r) == [Block.HOME_OBSERVATION]


def test_every_reason_is_given_at_once(world, returnee):
    area(world, WUHAN_WUCHANG)
    r = returnee(origin_code=WUHAN_WUCHANG, certificate_date=None, home_observation_until=TODAY)
    assert codes(r) == [Block.NO_CERTIFICATE, Block.ORIGIN_RISK_AREA, Block.HOME_OBSERVATION]


def test_the_database_refuses_a_reversed_window(world, returnee):
    with pytest.raises(IntegrityError):
        returnee(earliest_arrival=TODAY, latest_arrival=TODAY - dt.timedelta(days=1))


def test_a_plan_entry_has_both_date_and_site_or_neither(world, returnee):
    r = returnee()
    plan = ReturnPlan.objects.create(park=world.nodes["park_a"], first_day=TODAY, horizon_days=30)
    PlanEntry.objects.create(plan=plan, returnee=r, explanation=[{"code": "beds_full", "message": "full"}])
    with pytest.raises(IntegrityError):
        PlanEntry.objects.create(
            plan=plan, returnee=returnee(person=world.people["worker_2"]), arrival_date=TODAY
        )


def test_many_returnees_are_checked_in_a_constant_number_of_queries(
    world, returnee, django_assert_num_queries
):
    """Lists and the planner check hundreds of returnees at once: no query per returnee."""
    from parkguard.returns.origin import origin_control_many

    from ..factories import PersonFactory

    area(world, WUHAN_WUCHANG)
    people = [world.people["worker_1"], world.people["worker_2"], *PersonFactory.create_batch(8)]
    made = []
    for i, person in enumerate(people):
        made.append(returnee(person=person, origin_code=WUHAN_WUCHANG if i % 2 else OTHER_PROVINCE))
        ReturnTravel.objects.create(
            returnee=made[-1],
            division_code=WUHAN_WUCHANG if i % 3 == 0 else OTHER_PROVINCE,
            date_from=TODAY - dt.timedelta(days=3),
            date_to=TODAY - dt.timedelta(days=2),
        )
    Declaration.objects.create(
        person=people[4], date=TODAY, temperature=Decimal("36.5"), under_observation=True
    )
    fresh = list(Returnee.objects.filter(pk__in=[r.pk for r in made]).order_by("pk"))

    # enterprises, travel legs, risk areas, latest declarations
    with django_assert_num_queries(4):
        found = origin_control_many(fresh, today=TODAY)

    assert {pk: [b.code for b in blocks] for pk, blocks in found.items()} == {
        r.pk: [b.code for b in origin_control(r, today=TODAY)] for r in fresh
    }
    assert Block.HOME_OBSERVATION in [b.code for b in found[made[4].pk]]
