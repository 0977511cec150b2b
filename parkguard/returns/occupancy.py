"""Beds taken at isolation sites, by day (issue #7): what the planner must leave free, and the occupancy page.

A stay takes one bed from its check-in day up to the day before it ends. It ends on its release day
once released, otherwise on its planned release; a stay still open after its planned release keeps its
bed until it is released (counted up to today, so the planner never hands out a bed someone still lies
in). Callers pass sites they have already scoped (``IsolationSite.objects.visible_to(user)``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from .models import IsolationSite, IsolationStay


def _site_ids(sites: Iterable[IsolationSite | int]) -> list[int]:
    return [s if isinstance(s, int) else s.pk for s in sites]


def stay_end(stay: IsolationStay, *, today: dt.date) -> dt.date:
    """The first day the stay no longer takes its bed."""
    if stay.released_on is not None:
        return stay.released_on
    return max(stay.planned_release, today + dt.timedelta(days=1))


def occupied_beds(
    *,
    sites: Iterable[IsolationSite | int],
    first_day: dt.date,
    horizon_days: int,
    today: dt.date | None = None,
) -> dict[int, list[int]]:
    """IsolationSite pk → beds taken on each day ``first_day + i`` (i < horizon_days) by the stays."""
    if horizon_days < 0:
        raise ValueError("horizon_days must not be negative")
    today = today or timezone.localdate()
    ids = _site_ids(sites)
    taken = {pk: [0] * horizon_days for pk in ids}
    if not ids or horizon_days == 0:
        return taken
    last_day = first_day + dt.timedelta(days=horizon_days - 1)
    stays = IsolationStay.objects.filter(site_id__in=ids, check_in_date__lte=last_day).filter(
        Q(released_on__isnull=True) | Q(released_on__gt=first_day)
    )
    for stay in stays.only("site_id", "check_in_date", "planned_release", "released_on"):
        start = max((stay.check_in_date - first_day).days, 0)
        end = min((stay_end(stay, today=today) - first_day).days, horizon_days)
        row = taken[stay.site_id]
        for i in range(start, end):
            row[i] += 1
    return taken


@dataclass(frozen=True)
class SiteDays:
    """One site's beds and the beds taken on each day of a range (for the occupancy page)."""

    site: IsolationSite
    capacity: int
    taken: list[int]

    @property
    def free(self) -> list[int]:
        return [max(self.capacity - t, 0) for t in self.taken]


@dataclass(frozen=True)
class Occupancy:
    days: list[dt.date]
    sites: list[SiteDays]

    @property
    def capacity(self) -> int:
        return sum(s.capacity for s in self.sites)

    @property
    def taken(self) -> list[int]:
        return [sum(s.taken[i] for s in self.sites) for i in range(len(self.days))]

    @property
    def free(self) -> list[int]:
        return [max(self.capacity - t, 0) for t in self.taken]


def occupancy(
    *, sites: Iterable[IsolationSite], first_day: dt.date, days: int, today: dt.date | None = None
) -> Occupancy:
    """Per site and in total, the beds and the beds taken on each of ``days`` days from ``first_day``."""
    sites = list(sites)
    taken = occupied_beds(sites=sites, first_day=first_day, horizon_days=days, today=today)
    return Occupancy(
        days=[first_day + dt.timedelta(days=i) for i in range(days)],
        sites=[SiteDays(site=s, capacity=s.capacity, taken=taken[s.pk]) for s in sites],
    )


# --- figures of one day (the daily report's pre-filled fields, the bulletin) -----------------------


def _covering(day: dt.date) -> Q:
    return Q(check_in_date__lte=day) & (Q(released_on__isnull=True) | Q(released_on__gt=day))


def site_figures(*, site: IsolationSite, day: dt.date) -> dict[str, int]:
    """One site's day: people in isolation, free beds, check-ins and releases of the day."""
    stays = IsolationStay.objects.filter(site=site)
    occupied = stays.filter(_covering(day)).count()
    return {
        "occupied": occupied,
        "free_beds": max(site.capacity - occupied, 0),
        "check_ins": stays.filter(check_in_date=day).count(),
        "releases": stays.filter(released_on=day).count(),
    }


def employees_in_isolation(*, node: Any, day: dt.date) -> int:
    """How many people of an enterprise (employed there, or registered by it as returnees) are in
    central isolation on ``day``."""
    stays = IsolationStay.objects.filter(_covering(day)).filter(
        Q(person__employer=node) | Q(returnee__enterprise=node)
    )
    return stays.values("person_id").distinct().count()


# --- a node's figures (the dashboard's isolation panel) -----------------------------------------


@dataclass
class IsolationFigures:
    """Central isolation under a node on a day; ``by_child``: "in isolation / beds" by child path."""

    beds: int
    occupied: int
    check_ins: int
    releases: int
    alerts: int
    by_child: dict[str, str]

    @property
    def free(self) -> int:
        return max(self.beds - self.occupied, 0)


def isolation_figures(
    *, user: Any, node: Any, day: dt.date, children: Iterable[Any] = ()
) -> IsolationFigures | None:
    """Beds, people in isolation, check-ins and releases of ``day``, open fever or positive-test alerts
    under ``node`` (None where it has no isolation site). Three queries, whatever the number of sites
    or children."""
    from django.db.models import Count

    from .models import AlertKind, IsolationAlert

    sites = list(
        IsolationSite.objects.visible_to(user).filter(node__path__startswith=node.path).select_related("node")
    )
    if not sites:
        return None
    rows = {
        r["site_id"]: r
        for r in IsolationStay.objects.filter(site__in=sites)
        .values("site_id")
        .annotate(
            occupied=Count("id", filter=_covering(day)),
            check_ins=Count("id", filter=Q(check_in_date=day)),
            releases=Count("id", filter=Q(released_on=day)),
        )
    }
    alerts = IsolationAlert.objects.filter(
        stay__site__in=sites,
        resolved_at__isnull=True,
        kind__in=[AlertKind.FEVER, AlertKind.POSITIVE_TEST],
    ).count()

    def figure(site: IsolationSite, name: str) -> int:
        return rows.get(site.pk, {}).get(name, 0)

    by_child: dict[str, str] = {}
    for child in children:
        mine = [s for s in sites if s.node.path.startswith(child.path)]
        if mine:
            by_child[child.path] = (
                f"{sum(figure(s, 'occupied') for s in mine)}/{sum(s.capacity for s in mine)}"
            )
    return IsolationFigures(
        beds=sum(s.capacity for s in sites),
        occupied=sum(figure(s, "occupied") for s in sites),
        check_ins=sum(figure(s, "check_ins") for s in sites),
        releases=sum(figure(s, "releases") for s in sites),
        alerts=alerts,
        by_child=by_child,
    )
