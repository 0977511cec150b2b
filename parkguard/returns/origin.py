"""Origin control (源头管控, issue #7): who may not start the journey back yet, and why.

A return is blocked when the origin certificate is missing, when the origin or a travel leg of the last
``days`` days lies in a risk area the park lists (matched like the health rules: a province or city
listed covers its counties, ``parkguard.health.divisions.covers``), or when home observation is not
finished (the returnee's own date, or the latest health declaration still under observation).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery, prefetch_related_objects
from django.utils.translation import gettext as _

from parkguard.health.divisions import covers, lookup
from parkguard.health.models import Declaration, RiskArea

from .choices import Block
from .models import Returnee, ReturnTravel

TRAVEL_DAYS = 14


@dataclass(frozen=True)
class Blocked:
    code: str
    message: str


def _place(code: str) -> str:
    division = lookup(code)
    return division.full_name if division else code


def origin_control(returnee: Returnee, *, today: dt.date, days: int = TRAVEL_DAYS) -> list[Blocked]:
    """Every reason that blocks this return today (empty: the return may be planned)."""
    return origin_control_many([returnee], today=today, days=days)[returnee.pk]


def origin_control_many(
    returnees: Sequence[Returnee], *, today: dt.date, days: int = TRAVEL_DAYS
) -> dict[int, list[Blocked]]:
    """Origin control of many returnees by pk, in four queries whatever their number (lists, planner).

    Their enterprises and travel legs are read here unless the caller fetched them already.
    """
    prefetch_related_objects(list(returnees), "enterprise")
    legs: dict[int, list[ReturnTravel]] = defaultdict(list)
    unread = {r.pk for r in returnees if "travels" not in getattr(r, "_prefetched_objects_cache", {})}
    for leg in ReturnTravel.objects.filter(returnee__in=unread) if unread else ():
        legs[leg.returnee_id].append(leg)
    for r in returnees:
        if r.pk not in unread:
            legs[r.pk] = list(r.travels.all())
    parks = {r.enterprise.park_path for r in returnees} - {None}
    areas: dict[str, list[RiskArea]] = defaultdict(list)
    for area in RiskArea.objects.filter(park__path__in=parks).select_related("park"):
        areas[area.park.path].append(area)
    people = {r.person_id for r in returnees}
    newest = Declaration.objects.filter(person=OuterRef("person"), date__lte=today).order_by("-date", "-pk")
    latest = {
        d.person_id: d
        for d in Declaration.objects.filter(person_id__in=people, pk=Subquery(newest.values("pk")[:1]))
    }
    return {
        r.pk: _blocks(
            r, legs[r.pk], areas.get(r.enterprise.park_path, []), latest.get(r.person_id), today, days
        )
        for r in returnees
    }


def _blocks(
    returnee: Returnee,
    legs: list[ReturnTravel],
    areas: list[RiskArea],
    latest: Declaration | None,
    today: dt.date,
    days: int,
) -> list[Blocked]:
    blocks: list[Blocked] = []
    if not (returnee.certificate_number and returnee.certificate_issuer and returnee.certificate_date):
        blocks.append(
            Blocked(Block.NO_CERTIFICATE, _("No origin certificate from the home village or community."))
        )
    hit = [a for a in areas if a.is_active_on(today) and covers(returnee.origin_code, a.division_code)]
    if hit:
        blocks.append(
            Blocked(
                Block.ORIGIN_RISK_AREA,
                _("The origin %(place)s is in a %(level)s risk area.")
                % {"place": _place(returnee.origin_code), "level": hit[0].get_level_display()},
            )
        )
    since = today - dt.timedelta(days=days)
    places: dict[str, None] = {}
    for leg in legs:
        if leg.date_to < since:
            continue
        for area in areas:
            overlaps = area.valid_from <= leg.date_to and (
                area.valid_to is None or area.valid_to >= leg.date_from
            )
            if overlaps and covers(leg.division_code, area.division_code):
                places[leg.division_code] = None
    if places:
        blocks.append(
            Blocked(
                Block.TRAVEL_RISK_AREA,
                _("Travel through a risk area in the last %(days)s days: %(places)s.")
                % {"days": days, "places": "、".join(_place(c) for c in places)},
            )
        )
    until = returnee.home_observation_until
    if until is not None and until >= today:
        blocks.append(
            Blocked(
                Block.HOME_OBSERVATION,
                _("Home observation is not finished (until %(date)s).") % {"date": until.isoformat()},
            )
        )
    elif latest is not None and latest.under_observation:
        blocks.append(
            Blocked(
                Block.HOME_OBSERVATION,
                _("Home observation is not finished (declared under observation on %(date)s).")
                % {"date": latest.date.isoformat()},
            )
        )
    return blocks
