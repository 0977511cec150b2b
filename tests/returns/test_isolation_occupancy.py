"""Occupancy by day (issue #7): what stays take from the beds, per site and in total."""

from __future__ import annotations

import datetime as dt

from parkguard.returns.occupancy import occupancy, occupied_beds

from .isolation_helpers import TODAY, make_site, raw_stay

D = dt.timedelta


def test_a_stay_takes_a_bed_from_check_in_until_the_day_before_its_planned_release(world):
    site = make_site(world)
    raw_stay(site, check_in=TODAY, days=14)
    taken = occupied_beds(sites=[site], first_day=TODAY - D(days=2), horizon_days=20, today=TODAY)
    assert taken[site.pk] == [0, 0] + [1] * 14 + [0] * 4


def test_released_stays_free_their_bed_on_release_day(world):
    site = make_site(world)
    raw_stay(site, check_in=TODAY - D(days=3), released_on=TODAY + D(days=1))
    taken = occupied_beds(sites=[site.pk], first_day=TODAY, horizon_days=3, today=TODAY)
    assert taken == {site.pk: [1, 0, 0]}


def test_an_open_stay_past_its_planned_release_keeps_its_bed_until_released(world):
    site = make_site(world)
    raw_stay(site, check_in=TODAY - D(days=20), days=14)  # due on TODAY - 6, not released yet
    taken = occupied_beds(sites=[site], first_day=TODAY - D(days=1), horizon_days=3, today=TODAY)
    assert taken[site.pk] == [1, 1, 0]


def test_sites_are_counted_apart_and_an_empty_site_or_horizon_is_zero(world):
    a = make_site(world)
    b = make_site(world, key="site_b", name="二号隔离点")
    raw_stay(a, check_in=TODAY)
    raw_stay(a, check_in=TODAY + D(days=1))
    raw_stay(b, check_in=TODAY + D(days=2))
    taken = occupied_beds(sites=[a, b], first_day=TODAY, horizon_days=3, today=TODAY)
    assert taken == {a.pk: [1, 2, 2], b.pk: [0, 0, 1]}
    assert occupied_beds(sites=[a], first_day=TODAY, horizon_days=0) == {a.pk: []}
    assert occupied_beds(sites=[], first_day=TODAY, horizon_days=5) == {}


def test_stays_of_sites_not_asked_for_are_not_counted(world):
    a = make_site(world)
    b = make_site(world, key="site_b", name="二号隔离点")
    raw_stay(b, check_in=TODAY)
    assert occupied_beds(sites=[a], first_day=TODAY, horizon_days=2, today=TODAY) == {a.pk: [0, 0]}


def test_occupancy_totals_capacity_taken_and_free(world):
    a = make_site(world, capacity=3)
    b = make_site(world, key="site_b", name="二号隔离点", capacity=2)
    raw_stay(a, check_in=TODAY)
    raw_stay(b, check_in=TODAY)
    raw_stay(b, check_in=TODAY + D(days=1))
    table = occupancy(sites=[a, b], first_day=TODAY, days=2, today=TODAY)
    assert table.days == [TODAY, TODAY + D(days=1)]
    assert table.capacity == 5
    assert table.taken == [2, 3]
    assert table.free == [3, 2]
    assert [s.free for s in table.sites] == [[2, 2], [1, 0]]
