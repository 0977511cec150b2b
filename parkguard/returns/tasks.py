"""Background work of returning workers: the overdue follow-up of isolation observations.

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
