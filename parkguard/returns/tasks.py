"""Background work of returning workers: the planner's job, the overdue follow-up of observations.

``solve_plan`` is enqueued by ``plans.plan_run`` (``core.tasks.enqueue``, after the plan is committed).

Run every 30 minutes by the scheduler (Celery beat / the in-process scheduler, config/settings.py
``returns-isolation-overdue``); an overdue slot is flagged once (alert and notice keyed by stay, day and
slot), so a second run sends nothing new.
"""

from __future__ import annotations

import datetime as dt

from .isolation import flag_overdue


def flag_overdue_observations(now: dt.datetime | None = None) -> int:
    """Flag the observation slots overdue at open stays to each site's officer; returns how many."""
    return flag_overdue(now)


def solve_plan(plan_id: int) -> None:
    """Run the batch planner for a plan in the state "solving" (see ``plans.solve``)."""
    from .plans import solve

    solve(plan_id)
