"""The planner's explanations and violations in words (zh-hans first): it speaks in day numbers and codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from parkguard.health.divisions import lookup

from . import planner

MAX_DATES = 6


def place(code: str) -> str:
    division = lookup(code)
    return division.full_name if division else code


def dates(first_day: dt.date, days: Iterable[int]) -> str:
    days = list(days)
    shown = [(first_day + dt.timedelta(days=d)).strftime("%m-%d") for d in days[:MAX_DATES]]
    return "、".join(shown) + ("…" if len(days) > MAX_DATES else "")


def explanation_text(reason: Mapping[str, Any], *, plan: Any, returnee: Any) -> str:
    """One reason why ``returnee`` was not placed in ``plan`` (a stored planner explanation)."""
    code, days = reason.get("code"), reason.get("days") or []
    values = {
        "origin": place(returnee.origin_group),
        "days": plan.observation_days,
        "dates": dates(plan.first_day, days),
        "first": plan.first_day.isoformat(),
        "last": (plan.first_day + dt.timedelta(days=plan.horizon_days - 1)).isoformat(),
    }
    texts = {
        planner.EMPTY_WINDOW: _("The earliest usable arrival is after the latest."),
        planner.OUTSIDE_HORIZON: _(
            "The usable arrival dates lie outside the days planned (%(first)s to %(last)s)."
        ),
        planner.UNKNOWN_SITE: _("The assigned isolation site is not in the plan."),
        planner.NO_BUS: _("No bus seats from %(origin)s on any usable day."),
        planner.NO_BED: _(
            "No isolation site has a bed for the whole %(days)s-day observation from any usable day."
        ),
        planner.NO_DAY_WITH_BOTH: _(
            "No usable day has both a bus seat from %(origin)s and a bed for the whole observation."
        ),
        planner.BUS_FULL: _("Every bus seat from %(origin)s is taken on the usable days (%(dates)s)."),
        planner.BEDS_FULL: _(
            "Every bed is taken for a %(days)s-day observation from the usable days (%(dates)s)."
        ),
        planner.NOT_CHOSEN: _("Room remained but the plan left this person out."),
        "dropped": _("Dropped from the plan by hand."),
    }
    text = texts.get(code)
    return text % values if text else str(reason.get("message", code))


def violation_text(
    v: planner.Violation, *, plan: Any, names: Mapping[str, str], sites: Mapping[str, str]
) -> str:
    """A capacity or window a hand edit would break, with the date and the place."""
    day = (plan.first_day + dt.timedelta(days=v.day)).isoformat() if v.day is not None else ""
    who = "、".join(names.get(r, r) for r in v.returnees[:5])
    values = {"date": day, "used": v.used, "capacity": v.capacity, "who": who}
    if v.code == planner.V_BEDS:
        return _("%(site)s would hold %(used)s people for %(capacity)s free beds on %(date)s.") % (
            values | {"site": sites.get(v.where, v.where)}
        )
    if v.code == planner.V_SEATS:
        return _(
            "The buses from %(origin)s would carry %(used)s people for %(capacity)s seats on %(date)s."
        ) % (values | {"origin": place(v.where)})
    if v.code == planner.V_OUTSIDE_WINDOW:
        return _("%(date)s is outside the usable arrival dates of %(who)s.") % values
    if v.code == planner.V_OUTSIDE_HORIZON:
        return (
            _("%(date)s is outside the days planned.") % values
            if day
            else _("The date is outside the days planned.")
        )
    if v.code in (planner.V_UNKNOWN_SITE, planner.V_WRONG_SITE):
        return _("This isolation site is not one of the plan's sites.")
    return _("%(who)s cannot be placed like this.") % values
